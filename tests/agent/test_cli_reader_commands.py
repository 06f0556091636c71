"""`triple-orm sql` and `triple-orm inspect` as a person runs them: installed command, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testkit.paths import REPO

GOLDEN = REPO / "tests" / "golden" / "reader"


def triple_orm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "agent.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd or REPO)


def test_sql_prints_prisma_ddl() -> None:
    case = GOLDEN / "features"
    result = triple_orm("sql", str(case / "schema.prisma"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (case / "expected.sql").read_text()


def test_sql_json_lists_statements() -> None:
    result = triple_orm("sql", str(GOLDEN / "multischema" / "schema.prisma"), "--json")
    data = json.loads(result.stdout)
    kinds = [s["kind"] for s in data["statements"]]
    assert kinds[:3] == ["CreateSchema"] * 3 and kinds[-1] == "AddForeignKey"
    assert any('CREATE TABLE "auth"."User"' in s["sql"] for s in data["statements"])


def test_schema_from_configuration_walking_up(tmp_path: Path) -> None:
    project = tmp_path / "repo"
    (project / "apps" / "api" / "src").mkdir(parents=True)
    shutil.copy(GOLDEN / "features" / "schema.prisma", project / "apps" / "api" / "schema.prisma")
    (project / "pyproject.toml").write_text('[tool.triple-orm]\nschema = "apps/api/schema.prisma"\n')
    result = triple_orm("sql", cwd=project / "apps" / "api" / "src")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "features" / "expected.sql").read_text()


def test_inspect_text_json_and_mermaid() -> None:
    schema = str(GOLDEN / "features" / "schema.prisma")
    text = triple_orm("inspect", schema, "--no-color")
    assert text.returncode == 0 and 'User → table "users"' in text.stdout and "many-to-many through _friends" in text.stdout
    data = json.loads(triple_orm("inspect", schema, "--json").stdout)
    tables = {t["name"]: t for t in data["catalog"]["tables"]}
    assert tables["Post"]["foreign_keys"][0]["on_delete"] == "RESTRICT"
    mermaid = triple_orm("inspect", schema, "--mermaid", "--around", "Profile", "--depth", "1").stdout
    assert mermaid.startswith("erDiagram") and "Profile {" in mermaid and "User {" in mermaid and "Category {" not in mermaid
    assert 'User ||--o| Profile : "user"' in mermaid


@pytest.mark.parametrize("args, code, message", [
    (("sql", "nope/schema.prisma"), 66, "does not exist"),
    (("inspect", str(GOLDEN / "features" / "schema.prisma"), "--around", "Nobody"), 64, "no model called `Nobody`"),
    (("sql", "--format", "yaml"), 64, "invalid choice"),
    (("frobnicate",), 64, "invalid choice"),
])
def test_bad_input_has_a_message_and_an_exit_code(args, code: int, message: str, tmp_path: Path) -> None:
    result = triple_orm(*args, cwd=tmp_path if args[0] == "sql" and "nope" in args[1] else None)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_configuration_is_reported(tmp_path: Path) -> None:
    (tmp_path / "triple-orm.toml").write_text("schema = [unclosed\n")
    result = triple_orm("sql", cwd=tmp_path)
    assert result.returncode == 65 and "triple-orm.toml" in result.stderr and "Traceback" not in result.stderr
