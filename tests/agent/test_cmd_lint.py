"""`triple-orm lint` as a person and a CI job run it: installed command, exit codes, formats, config."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLEAN = 'CREATE TABLE IF NOT EXISTS "Tag" ("id" TEXT NOT NULL);\n'
HIGH = 'ALTER TABLE "User" DROP COLUMN "legacyId";\n'
CRITICAL = 'ALTER TABLE "User" ADD COLUMN ;\n'


def triple_orm(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "agent.cli"]
    full_env = {**os.environ, "TRIPLE_ORM_CACHE_DIR": str(cwd / ".cache-test"), **(env or {})}
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300)


def prisma_project(root: Path, migrations: dict[str, str], config: str = "") -> Path:
    folder = root / "prisma" / "migrations"
    for name, sql in migrations.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "migration.sql").write_text(sql)
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    (root / "pyproject.toml").write_text('[tool.triple-orm]\nmigrations = "prisma/migrations"\n' + config)
    return folder


@pytest.mark.parametrize("sql,code", [(CLEAN, 0), (HIGH, 1), (CRITICAL, 2)])
def test_exit_codes(tmp_path: Path, sql: str, code: int) -> None:
    (tmp_path / "m.sql").write_text(sql)
    result = triple_orm("lint", "m.sql", "--no-color", cwd=tmp_path)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_fail_on_threshold_and_never(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text(HIGH)
    assert triple_orm("lint", "m.sql", "--fail-on", "CRITICAL", cwd=tmp_path).returncode == 0
    (tmp_path / "m.sql").write_text(CRITICAL)
    assert triple_orm("lint", "m.sql", "--fail-on", "CRITICAL", cwd=tmp_path).returncode == 2
    assert triple_orm("lint", "m.sql", "--fail-on", "never", cwd=tmp_path).returncode == 0


def test_default_paths_and_configuration(tmp_path: Path) -> None:
    prisma_project(tmp_path, {"20240101000000_a": HIGH + 'CREATE INDEX "i" ON "User"("x");\n'},
                   '[tool.triple-orm.lint]\nfail-on = "MEDIUM"\n[tool.triple-orm.lint.rules]\nban-drop-column = "off"\n'
                   'require-concurrent-index-creation = "LOW"\nrequire-lock-timeout = "off"\n'
                   'holding-access-exclusive-lock = "off"\nunindexed-foreign-key = "off"\n')
    result = triple_orm("lint", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    rules = {f["rule"]: f["severity"] for f in data["findings"]}
    assert "ban-drop-column" not in rules and rules["require-concurrent-index-creation"] == "LOW"
    assert data["files"][0]["runner"] == "prisma" and data["files"][0]["path"].startswith("prisma/migrations/")
    assert result.returncode == 0  # nothing left at MEDIUM or above


@pytest.mark.parametrize("fmt,check", [
    ("json", lambda out: json.loads(out)["findings"][0]["rule"]),
    ("sarif", lambda out: json.loads(out)["runs"][0]["results"]),
    ("rdjson", lambda out: json.loads(out)["diagnostics"]),
    ("gitlab", lambda out: json.loads(out)[0]["fingerprint"]),
    ("github", lambda out: out.startswith("::")),
    ("text", lambda out: "ban-drop-column" in out and "m.sql:1:" in out),
])
def test_formats(tmp_path: Path, fmt: str, check) -> None:
    (tmp_path / "m.sql").write_text(HIGH)
    result = triple_orm("lint", "m.sql", "--format", fmt, "--no-color", cwd=tmp_path)
    assert result.returncode == 1 and check(result.stdout)


def test_output_file(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text(HIGH)
    result = triple_orm("lint", "m.sql", "--format", "sarif", "-o", "out/report.sarif", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads((tmp_path / "out" / "report.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("args,code,words", [
    (("lint", "nope.sql"), 66, "does not exist"),
    (("lint", "m.sql", "--disable", "no-such-rule"), 64, "unknown rule"),
    (("lint", "m.sql", "--fail-on", "SOMETIMES"), 64, "unknown severity"),
    (("lint", "m.sql", "--pg-version", "7"), 64, "unsupported PostgreSQL version"),
    (("lint", "m.sql", "--runner", "flyway"), 64, "invalid choice"),
    (("lint",), 64, "no migrations to lint"),
    (("lint", "m.sql", "--trace", "postgresql://u:pw@127.0.0.1:1/production"), 64, "refuses database 'production'"),
])
def test_bad_input(tmp_path: Path, args: tuple, code: int, words: str) -> None:
    (tmp_path / "m.sql").write_text(CLEAN)
    result = triple_orm(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_bad_configuration(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text(CLEAN)
    (tmp_path / "pyproject.toml").write_text('[tool.triple-orm.lint]\nrunner = "flyway"\n')
    result = triple_orm("lint", "m.sql", cwd=tmp_path)
    assert result.returncode == 65 and "unknown runner" in result.stderr


def test_unreachable_database_hides_the_password(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text(HIGH)
    secret = "s3cr3t-Pa55word"
    result = triple_orm("lint", "m.sql", "--database-url", f"postgresql://app:{secret}@127.0.0.1:1/app", cwd=tmp_path)
    assert result.returncode == 69 and "cannot connect" in result.stderr
    assert secret not in result.stderr + result.stdout


def test_database_url_from_environment(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text(HIGH)
    result = triple_orm("lint", "m.sql", "--database-url", "env:NO_SUCH_VARIABLE_HERE", cwd=tmp_path)
    assert result.returncode == 64 and "$NO_SUCH_VARIABLE_HERE is not set" in result.stderr


def test_list_rules(tmp_path: Path) -> None:
    result = triple_orm("lint", "--list-rules", cwd=tmp_path)
    assert result.returncode == 0
    assert "require-concurrent-index-creation" in result.stdout and "require-table-schema" in result.stdout
    assert "(opt-in)" in result.stdout


def test_explain_lists_exemptions(tmp_path: Path) -> None:
    (tmp_path / "m.sql").write_text('CREATE TABLE "T" ("id" TEXT);\nCREATE INDEX "T_id_idx" ON "T"("id");\n')
    result = triple_orm("lint", "m.sql", "--explain", "--runner", "prisma", "--no-color", cwd=tmp_path)
    assert "require-concurrent-index-creation: table T is created earlier in this migration" in result.stdout


def test_second_run_uses_the_cache(tmp_path: Path) -> None:
    prisma_project(tmp_path, {"20240101000000_a": HIGH, "20240102000000_b": CLEAN})
    first = json.loads(triple_orm("lint", "--json", cwd=tmp_path).stdout)
    second = json.loads(triple_orm("lint", "--json", cwd=tmp_path).stdout)
    assert [f["cached"] for f in first["files"]] == [False, False]
    assert [f["cached"] for f in second["files"]] == [True, True]
    assert first["findings"] == second["findings"]
    no_cache = json.loads(triple_orm("lint", "--json", "--no-cache", cwd=tmp_path).stdout)
    assert [f["cached"] for f in no_cache["files"]] == [False, False]


@pytest.mark.postgres
def test_database_url_and_trace_end_to_end(tmp_path: Path, fresh_db) -> None:
    import psycopg

    url = fresh_db("scratch")  # the name contains "scratch", so --trace accepts it
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('CREATE TABLE "User" ("id" BIGINT PRIMARY KEY, "age" INTEGER); '
                     'INSERT INTO "User" SELECT g, g FROM generate_series(1, 200) g; ANALYZE "User";')
    (tmp_path / "m.sql").write_text('ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;\n')
    result = triple_orm("lint", "m.sql", "--json", "--database-url", url, "--trace", url, "--pg-version", "18", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["tables"]["User"]["rows"] == 200
    finding = next(f for f in data["findings"] if f["rule"] == "changing-column-type")
    assert finding["message"].startswith("User has about 200 rows")
    (trace,) = data["traces"]
    (statement,) = trace["statements"]
    assert statement["rewritten"] == ["User", "User_pkey"] and statement["agrees"] is True
    with psycopg.connect(url) as conn:  # the trace was rolled back
        assert conn.execute("SELECT data_type FROM information_schema.columns WHERE column_name = 'age'").fetchone()[0] == "integer"
    text = triple_orm("lint", "m.sql", "--trace", url, "--no-color", cwd=tmp_path).stdout
    assert "trace of m.sql" in text and "rewritten: User" in text
