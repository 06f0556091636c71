"""`triple-orm health` as a person runs it: drift and statistics findings, Markdown, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tools.catalog.ddl import catalog_to_sql
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema

pytestmark = pytest.mark.postgres

SCHEMA = '''datasource db {
  provider = "postgresql"
}

model Course {
  id      Int      @id @default(autoincrement())
  slug    String   @unique
  lessons Lesson[]
}

model Lesson {
  id       Int    @id @default(autoincrement())
  courseId Int
  course   Course @relation(fields: [courseId], references: [id])
}
'''


def triple_orm(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    return subprocess.run([exe or sys.executable, *([] if exe else ["-m", "agent.cli"]), *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def project(tmp_path: Path, fresh_db):
    schema = tmp_path / "schema.prisma"
    schema.write_text(SCHEMA)
    url = fresh_db("healthcmd")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(prisma_to_catalog(load_schema(schema))))
        conn.execute("SELECT setval('\"Lesson_id_seq\"', 2100000000)")
    return tmp_path, url


def test_markdown_report_names_statistics_findings(project) -> None:
    folder, url = project
    result = triple_orm("health", "--schema", "schema.prisma", "--database-url", url, "--markdown", cwd=folder)
    assert result.returncode == 1, result.stderr
    text = result.stdout
    assert text.startswith("## Database health report")
    assert "`unindexed-foreign-key`" in text and "`sequence-near-max`" in text and "`schema.prisma:14`" in text


def test_json_and_exit_code_follow_fail_on(project) -> None:
    folder, url = project
    result = triple_orm("health", "--schema", "schema.prisma", "--database-url", url, "--json", "--fail-on", "CRITICAL", cwd=folder)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    health = next(c for c in data["comparisons"] if c["name"] == "health")
    assert health["status"] == "ran" and health["compared"]["tables"] == 2
    assert health["findings"] == 2
    statistics_rules = {"sequence-near-max", "unindexed-foreign-key", "unused-index"}
    assert sorted(f["rule"] for f in data["findings"] if f["rule"] in statistics_rules) == ["sequence-near-max", "unindexed-foreign-key"]


def test_health_needs_a_live_database(tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text(SCHEMA)
    result = triple_orm("health", "--schema", "schema.prisma", cwd=tmp_path)
    assert result.returncode == 64 and "live database" in result.stderr


def test_unreachable_database_cannot_run_and_hides_the_password(tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text(SCHEMA)
    url = "postgresql://app:s3cret-pass@127.0.0.1:1/app"
    result = triple_orm("health", "--schema", "schema.prisma", "--database-url", url, cwd=tmp_path)
    assert result.returncode in (2, 69)
    assert "s3cret-pass" not in result.stdout + result.stderr
