"""`triple-orm check` end to end on the example project: a copy of examples/edfinance with its
Drizzle and Kysely files written by `triple-orm sync`, and a real database its migrations were
deployed to (as `prisma migrate deploy` does: each script, each recorded in `_prisma_migrations`).

Exit codes 0 (agrees), 1 (drift), 2 (could not run); every format; the configuration's defaults;
and the password of the connection string in no output, on the success path and the error path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from agent.cli import main
from testkit.drift_seeds import deploy_migrations
from testkit.password_server import password_server as scram_server
from testkit.paths import EXAMPLE
from tools.drift.migrations_folder import read_migrations_folder

pytestmark = [pytest.mark.postgres]

SECRET = "Ch3ck-s3cret-pw"
MIGRATIONS = Path("apps/api/prisma/migrations")
SCHEMA = Path("apps/api/prisma/schema.prisma")


@pytest.fixture(scope="module")
def deployed(pg_server) -> str:
    """A database the example's migrations were deployed to (a template: copied per test)."""
    url = pg_server.create_database("check_example_deployed")
    deploy_migrations(url, read_migrations_folder(EXAMPLE / MIGRATIONS))
    return url


@pytest.fixture
def database(pg_server, deployed) -> str:
    """A fresh copy of the deployed example database."""
    name = f"check_example_{os.getpid()}_{_next()}"
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "check_example_deployed"')
    return pg_server.url(name)


_counter = iter(range(10**6))


def _next() -> int:
    return next(_counter)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the example project, its generated files written by `triple-orm sync`, as the cwd."""
    target = tmp_path / "edfinance"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("node_modules", "packages"))
    monkeypatch.chdir(target)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["sync"]) == 0
    return target


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(out: str) -> list[tuple[str, str]]:
    return sorted((f["rule"], f.get("data", {}).get("object") or f.get("data", {}).get("migration", ""))
                  for f in json.loads(out)["findings"])


def sql(url: str, statement: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def test_the_example_project_agrees_end_to_end(project, database, capsys):
    code, out, _ = check(capsys, "--database-url", database)
    assert code == 0, out
    assert "everything agrees" in out
    for title in ("schema.prisma ⇄ database", "migrations folder ⇄ _prisma_migrations",
                  "schema.prisma ⇄ migrations folder", "Drizzle file ⇄ schema.prisma", "Kysely file ⇄ database"):
        assert title in out
    assert "compared 1 schema, 2 extensions, 4 enums, 11 tables, 75 columns" in out  # counts, not just silence
    code, out, _ = check(capsys, "--database-url", database, "--format", "json", "--no-replay")
    report = json.loads(out)
    assert code == 0 and report["findings"] == []
    assert report["summary"]["comparisons"] == {"prisma-database": "ran", "migration-history": "ran", "drizzle": "ran",
                                                "kysely": "ran"}
    assert report["summary"]["compared"] > 300


def test_embedded_checks_without_a_database(project, capsys):
    code, out, _ = check(capsys, "--embedded")
    assert code == 0, out
    assert "4 migrations applied" in out and "no live database with --embedded" in out


def test_drift_exits_1_naming_the_object_its_schema_line_and_the_sql(project, database, capsys):
    sql(database, 'ALTER TABLE "users" ALTER COLUMN "email" TYPE text; DROP INDEX "behavior_logs_session_id_idx"')
    code, out, _ = check(capsys, "--database-url", database, "--format", "json", "--no-replay")
    assert code == 1
    assert findings(out) == [("column-type-drift", "users.email"), ("index-missing", "behavior_logs.behavior_logs_session_id_idx")]
    email = next(f for f in json.loads(out)["findings"] if f["rule"] == "column-type-drift")
    line = SCHEMA.read_text().splitlines()[email["location"]["line"] - 1]
    assert email["location"]["file"] == str(SCHEMA) and "email" in line and "@db.Citext" in line
    assert email["data"]["sql"] == 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE CITEXT USING "email"::CITEXT;'
    code, out, _ = check(capsys, "--database-url", database, "--no-replay")
    assert code == 1 and "column-type-drift" in out and "apps/api/prisma/schema.prisma:" in out


def test_fail_on_and_the_configuration(project, database, capsys):
    sql(database, 'ALTER INDEX "behavior_logs_session_id_idx" RENAME TO "by_session"')  # LOW: a name only
    assert check(capsys, "--database-url", database, "--no-replay")[0] == 1
    assert check(capsys, "--database-url", database, "--no-replay", "--fail-on", "MEDIUM")[0] == 0
    config = Path("triple-orm.toml")
    config.write_text(config.read_text() + '\n[check]\nfail-on = "MEDIUM"\nreplay = false\nformat = "json"\n')
    code, out, _ = check(capsys, "--database-url", database)
    assert code == 0 and findings(out) == [("index-renamed", "behavior_logs.behavior_logs_session_id_idx")]
    config.write_text(config.read_text().replace('fail-on = "MEDIUM"', 'fail-on = "LOW"\nignore-rules = ["index-renamed"]'))
    code, out, _ = check(capsys, "--database-url", database)
    assert code == 0 and findings(out) == []


def test_migration_history_problems(project, database, capsys):
    """An applied migration edited since, one not yet applied, one that failed."""
    folders = sorted(p for p in MIGRATIONS.iterdir() if p.is_dir())
    edited = folders[1] / "migration.sql"
    edited.write_text(edited.read_text() + "\n-- tweaked after it was deployed\n")
    new = MIGRATIONS / "20991231000000_add_certificate_note"
    new.mkdir()
    (new / "migration.sql").write_text('ALTER TABLE "certificates" ADD COLUMN "note" TEXT;\n')
    sql(database, f"UPDATE \"_prisma_migrations\" SET finished_at = NULL, logs = 'boom' WHERE migration_name = '{folders[3].name}'")
    code, out, _ = check(capsys, "--database-url", database, "--format", "json", "--no-replay")
    assert code == 1
    rules = [(r, o) for r, o in findings(out) if r.startswith("migration")]
    assert rules == sorted([("migration-edited", folders[1].name), ("migration-not-applied", new.name),
                            ("migration-failed", folders[3].name)])


def test_a_schema_change_without_a_migration(project, database, capsys):
    """The forgot-`prisma migrate dev` case: the schema gained a field, no migration adds it."""
    text = SCHEMA.read_text()
    SCHEMA.write_text(text.replace("model Tag {", "model Tag {\n  color String?", 1))
    assert main(["sync"]) == 0  # the generated files follow the schema: only the migrations lag
    capsys.readouterr()
    code, out, _ = check(capsys, "--database-url", database, "--format", "json")
    assert code == 1
    # the database lacks it, so the Kysely types (which follow the schema) describe a column it lacks
    assert findings(out) == [("column-missing", "Tag.color"), ("kysely-column-unknown", "Tag.color"),
                             ("schema-change-not-in-migrations", "Tag.color")]
    replayed = next(f for f in json.loads(out)["findings"] if f["rule"] == "schema-change-not-in-migrations")
    assert replayed["data"]["sql"] == 'ALTER TABLE "Tag" ADD COLUMN "color" TEXT;'


def test_a_migration_that_does_not_apply_exits_2(project, capsys):
    broken = MIGRATIONS / "20991231000000_broken"
    broken.mkdir()
    (broken / "migration.sql").write_text('ALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n')
    code, out, _ = check(capsys, "--embedded")
    assert code == 2
    assert "migrations-do-not-apply" in out and "20991231000000_broken" in out and "no_such_table" in out


def test_no_database_and_nothing_compared_exit_2(project, tmp_path, capsys):
    code, out, _ = check(capsys)
    assert code == 2 and "no database to compare with" in out
    empty = tmp_path / "empty.prisma"
    empty.write_text('datasource db {\n  provider = "postgresql"\n}\n')
    code, out, _ = check(capsys, "--embedded", "--schema", str(empty))
    assert code == 2 and "nothing was compared" in out


def test_unreachable_database_exits_2_without_the_password(project, capsys):
    code, out, err = check(capsys, "--database-url", f"postgresql://app:{SECRET}@127.0.0.1:1/app?schema=public",
                           "--no-replay")
    assert code == 2 and "cannot be reached" in out
    assert SECRET not in out + err and "app:***@127.0.0.1:1/app" in out


def test_a_statement_timeout_bounds_every_read(project, database, capsys):
    with psycopg.connect(database) as locker:
        locker.execute('LOCK TABLE "users" IN ACCESS EXCLUSIVE MODE')  # held until this block ends
        code, out, _ = check(capsys, "--database-url", database, "--no-replay", "--statement-timeout", "300")
    assert code == 2 and "statement timeout" in out


def test_no_permission_on_the_database_exits_2(project, database, capsys):
    name = database.rsplit("/", 1)[1]
    sql(database, f"DROP ROLE IF EXISTS check_outsider; CREATE ROLE check_outsider LOGIN PASSWORD '{SECRET}'; "
                  f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
    outsider = database.replace("postgres@", f"check_outsider:{SECRET}@")
    code, out, err = check(capsys, "--database-url", outsider, "--no-replay")
    assert code == 2 and "permission denied" in out and SECRET not in out + err


def test_prismas_schema_parameter_selects_the_schema(project, pg_server, capsys):
    """`?schema=tenant`: Prisma puts the tables and `_prisma_migrations` there; libpq must not see it."""
    url = pg_server.create_database(f"check_tenant_{_next()}")
    sql(url, "CREATE SCHEMA tenant")
    with_path = url + "?options=-csearch_path%3Dtenant"
    deploy_migrations(with_path, read_migrations_folder(MIGRATIONS), schema="tenant")
    code, out, _ = check(capsys, "--database-url", url + "?schema=tenant", "--no-replay")
    assert code == 0, out
    assert "(schema tenant)" in out
    code, out, _ = check(capsys, "--database-url", url, "--no-replay", "--format", "json")  # public: empty
    assert code == 1 and ("table-missing", "users") in findings(out)


@pytest.mark.parametrize("fmt", ["sarif", "rdjson", "gitlab", "github"])
def test_ci_formats_carry_the_findings(project, database, capsys, fmt):
    sql(database, 'ALTER TABLE "users" ALTER COLUMN "full_name" DROP NOT NULL')
    code, out, _ = check(capsys, "--database-url", database, "--no-replay", "--format", fmt)
    assert code == 1
    assert "column-nullability-drift" in out and "schema.prisma" in out
    if fmt in ("sarif", "gitlab"):
        json.loads(out)


@pytest.fixture(scope="module")
def password_server(tmp_path_factory):
    """A server that checks passwords (scram-sha-256), with the example deployed in database `edf`."""
    def deploy(server) -> None:
        deploy_migrations(server.create_database("edf"), read_migrations_folder(EXAMPLE / MIGRATIONS))

    with scram_server(tmp_path_factory.mktemp("scram"), SECRET, deploy) as server:
        yield server


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "rdjson", "gitlab", "github"])
def test_the_password_appears_in_no_output(project, password_server, capsys, fmt):
    url = f"postgresql://postgres:{SECRET}@127.0.0.1:{password_server.port}/edf"
    sql(url, 'ALTER TABLE "users" ADD COLUMN "nickname" text')  # a finding, so that every format has content
    code, out, err = check(capsys, "--database-url", url, "--no-replay", "--format", fmt)
    assert code == 1 and "nickname" in out
    assert SECRET not in out + err
    wrong = f"postgresql://postgres:wrong-{SECRET}@127.0.0.1:{password_server.port}/edf"
    code, out, err = check(capsys, "--database-url", wrong, "--no-replay", "--format", fmt)
    assert code == 2 and SECRET not in out + err
    sql(url, 'ALTER TABLE "users" DROP COLUMN "nickname"')


def test_as_a_whole_process_with_the_url_in_the_environment(project, password_server):
    """The installed console script, DATABASE_URL from the environment, the password in it."""
    url = f"postgresql://postgres:{SECRET}@127.0.0.1:{password_server.port}/edf?schema=public&connection_limit=5"
    script = Path(sys.executable).with_name("triple-orm")
    env = {**os.environ, "DATABASE_URL": url, "NO_COLOR": "1"}
    result = subprocess.run([str(script), "check", "--no-replay"], capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "postgres:***@127.0.0.1" in result.stdout and SECRET not in result.stdout + result.stderr
    env["DATABASE_URL"] = url.replace(SECRET, "not-" + SECRET)
    result = subprocess.run([str(script), "check", "--no-replay"], capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 2 and "authentication failed" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_an_index_left_invalid_by_a_failed_concurrent_build(project, database, capsys):
    """A real failed `CREATE UNIQUE INDEX CONCURRENTLY` (duplicates) leaves an invalid index behind."""
    sql(database, 'DROP INDEX "Tag_name_key"; INSERT INTO "Tag" ("name") VALUES (\'fees\'), (\'fees\')')
    with pytest.raises(psycopg.errors.UniqueViolation):
        sql(database, 'CREATE UNIQUE INDEX CONCURRENTLY "Tag_name_key" ON "Tag" ("name")')
    code, out, _ = check(capsys, "--database-url", database, "--no-replay", "--format", "json")
    assert code == 1 and findings(out) == [("index-invalid", "Tag.Tag_name_key")]
    finding = json.loads(out)["findings"][0]
    assert finding["data"]["sql"] == 'REINDEX INDEX CONCURRENTLY "Tag_name_key";'
