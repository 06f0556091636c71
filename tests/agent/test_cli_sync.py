"""`triple-orm sync` as a person and CI run it: configuration found by walking up, --check, exit
codes, hand-edit protection, and `--prisma` through the project's package manager.

`--prisma` runs the project's own Prisma CLI (`pnpm exec prisma …`). Prisma cannot run here (its
engines are downloaded at install time), so a fake `pnpm` on PATH stands in for it: a script that
records its arguments and working folder, prints a line, and fails when asked to.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from testkit.paths import EXAMPLE

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
KYSELY_OUT = "packages/db/src/kysely/types.ts"

FAKE_PNPM = """#!/bin/sh
# stand-in for pnpm (Prisma's engines cannot be downloaded here): record, print, maybe fail
echo "$PWD|$*" >> "$FAKE_PNPM_LOG"
echo "fake pnpm: $*"
case "$*" in *"$FAKE_PNPM_FAIL_ON"*) [ -n "$FAKE_PNPM_FAIL_ON" ] && { echo "Error: P3006 migration failed" >&2; exit 17; } ;; esac
exit 0
"""


def triple_orm(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "agent.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The example monorepo's shape: schema under apps/api, configuration at the root."""
    root = tmp_path / "repo"
    (root / "apps" / "api" / "prisma").mkdir(parents=True)
    (root / "apps" / "api" / "src" / "routes").mkdir(parents=True)
    shutil.copy(SCHEMA, root / "apps" / "api" / "prisma" / "schema.prisma")
    shutil.copy(EXAMPLE / "apps" / "api" / "package.json", root / "apps" / "api" / "package.json")
    shutil.copy(EXAMPLE / "package.json", root / "package.json")
    (root / "triple-orm.toml").write_text(f'schema = "apps/api/prisma/schema.prisma"\nkysely-out = "{KYSELY_OUT}"\n')
    return root


def test_sync_from_a_subfolder_finds_the_configuration_and_writes(project: Path) -> None:
    result = triple_orm("sync", cwd=project / "apps" / "api" / "src" / "routes")
    assert result.returncode == 0, result.stderr
    written = project / KYSELY_OUT
    assert result.stdout.strip() == f"wrote {os.path.relpath(written, project / 'apps/api/src/routes')}"
    text = written.read_text()
    # the header names the schema relative to the configuration, whichever folder sync ran from
    assert text.startswith("// Kysely types for the database that apps/api/prisma/schema.prisma describes.\n")
    again = triple_orm("sync", cwd=project)
    assert again.returncode == 0 and again.stdout.strip() == f"unchanged {KYSELY_OUT}"
    assert written.read_text() == text


def test_the_example_project_syncs_both_files_and_checks_clean(tmp_path: Path) -> None:
    project = tmp_path / "edfinance"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("node_modules", "packages"))
    result = triple_orm("sync", "--json", cwd=project / "apps" / "api")
    assert result.returncode == 0, result.stderr
    written = json.loads(result.stdout)["result"]["written"]
    assert written == [str(project / "packages/db/src/drizzle/schema.ts"), str(project / KYSELY_OUT)]
    check = triple_orm("sync", "--check", cwd=project)
    assert check.returncode == 0 and check.stdout == "", check.stderr
    drizzle = project / "packages/db/src/drizzle/schema.ts"
    drizzle.write_text(drizzle.read_text().replace("export const tag = pgTable", "export const tags = pgTable"))
    edited = triple_orm("sync", "--check", cwd=project)
    assert edited.returncode == 1 and "was edited by hand" in edited.stderr and "+export const tag = pgTable" in edited.stdout


def test_check_exits_1_with_a_diff_when_stale_and_0_after_sync(project: Path) -> None:
    missing = triple_orm("sync", "--check", cwd=project)
    assert missing.returncode == 1 and missing.stdout.startswith(f"--- /dev/null\n+++ b/{KYSELY_OUT}\n")
    assert "does not exist yet" in missing.stderr and not (project / KYSELY_OUT).exists()
    assert triple_orm("sync", cwd=project).returncode == 0
    current = triple_orm("sync", "--check", cwd=project)
    assert current.returncode == 0 and current.stdout == "" and "up to date" in current.stderr
    schema = project / "apps/api/prisma/schema.prisma"
    schema.write_text(schema.read_text().replace("  name    String   @unique @db.VarChar(50)\n",
                                                 "  name    String   @unique @db.VarChar(50)\n  color   String?\n"))
    stale = triple_orm("sync", "--check", "--json", cwd=project)
    data = json.loads(stale.stdout)
    assert stale.returncode == 1 and data["current"] is False and data["stale"][0]["state"] == "stale"
    assert "+  color: string | null;" in data["stale"][0]["diff"]


def test_flags_override_the_configuration_and_pyproject_works(tmp_path: Path) -> None:
    shutil.copy(SCHEMA, tmp_path / "schema.prisma")
    (tmp_path / "pyproject.toml").write_text('[tool.triple-orm]\nschema = "schema.prisma"\nkysely-out = "gen/types.ts"\n')
    result = triple_orm("sync", "--kysely-out", "elsewhere/db.ts", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["result"]["written"] == [str(tmp_path / "elsewhere" / "db.ts")]
    assert not (tmp_path / "gen").exists()


def test_no_output_configured_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copy(SCHEMA, tmp_path / "schema.prisma")
    result = triple_orm("sync", "--schema", "schema.prisma", cwd=tmp_path)
    assert result.returncode == 64
    assert "no output to write" in result.stderr and "kysely-out" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--prisma"], "--prisma needs --name"),
    (["--name", "x"], "--name is the migration's name for --prisma"),
    (["--prisma", "--name", "x", "--check"], "do not go together"),
])
def test_flag_combinations_that_make_no_sense_exit_64(project: Path, args, message) -> None:
    result = triple_orm("sync", *args, cwd=project)
    assert result.returncode == 64 and message in result.stderr


def test_a_hand_edited_file_is_refused_with_exit_73_and_kept(project: Path) -> None:
    assert triple_orm("sync", cwd=project).returncode == 0
    out = project / KYSELY_OUT
    edited = out.read_text().replace("  slug: string;", "  slug: `course-${string}`;")
    out.write_text(edited)
    schema = project / "apps/api/prisma/schema.prisma"
    schema.write_text(schema.read_text().replace("model Tag {", "/// Tags.\nmodel Tag {"))
    refused = triple_orm("sync", cwd=project)
    assert refused.returncode == 73 and "was edited by hand" in refused.stderr and "--force" in refused.stderr
    assert out.read_text() == edited
    forced = triple_orm("sync", "--force", cwd=project)
    assert forced.returncode == 0 and "--force replaced them" in forced.stderr
    assert "/** Tags. */" in out.read_text() and "course-${string}" not in out.read_text()


def test_an_invalid_schema_exits_65_with_its_location(project: Path) -> None:
    schema = project / "apps/api/prisma/schema.prisma"
    schema.write_text(schema.read_text().replace("  name    String   @unique @db.VarChar(50)", "  name    Strin"))
    result = triple_orm("sync", cwd=project)
    assert result.returncode == 65 and "schema.prisma:" in result.stderr and not (project / KYSELY_OUT).exists()


# -- --prisma ----------------------------------------------------------------------------------------
@pytest.fixture
def fake_pnpm(tmp_path: Path) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "pnpm"
    script.write_text(FAKE_PNPM)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "pnpm.log"
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_PNPM_LOG": str(log), "FAKE_PNPM_FAIL_ON": "",
            "DATABASE_URL": ""}


def calls(env: dict) -> list[str]:
    log = Path(env["FAKE_PNPM_LOG"])
    return log.read_text().splitlines() if log.exists() else []


def test_prisma_runs_migrate_then_generate_through_pnpm_then_writes(project: Path, fake_pnpm: dict) -> None:
    (project / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    result = triple_orm("sync", "--prisma", "--name", "add_tags", cwd=project / "apps/api/src", env=fake_pnpm)
    assert result.returncode == 0, result.stderr
    api = project / "apps" / "api"
    assert calls(fake_pnpm) == [f"{api}|exec prisma migrate dev --name add_tags --schema prisma/schema.prisma",
                                f"{api}|exec prisma generate --schema prisma/schema.prisma"]
    # the package manager's output is streamed through, then the files are written
    assert "fake pnpm: exec prisma migrate dev" in result.stdout and "fake pnpm: exec prisma generate" in result.stdout
    assert (project / KYSELY_OUT).is_file()
    assert "drift check skipped: no database configured" in result.stderr


def test_prisma_stops_at_the_first_failure_and_writes_nothing(project: Path, fake_pnpm: dict) -> None:
    (project / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    env = {**fake_pnpm, "FAKE_PNPM_FAIL_ON": "migrate"}
    result = triple_orm("sync", "--prisma", "--name", "broken", cwd=project, env=env)
    assert result.returncode == 2
    assert "P3006 migration failed" in result.stdout  # Prisma's own message reaches the person
    assert "failed (exit 17)" in result.stderr and "were not written" in result.stderr
    assert len(calls(env)) == 1 and not (project / KYSELY_OUT).exists()


def test_prisma_uses_the_package_manager_of_the_lockfile(project: Path, fake_pnpm: dict) -> None:
    (project / "package-lock.json").write_text("{}\n")
    npm = Path(fake_pnpm["PATH"].split(os.pathsep)[0]) / "npm"
    npm.write_text(FAKE_PNPM)
    npm.chmod(0o755)
    result = triple_orm("sync", "--prisma", "--name", "x", "--json", cwd=project, env=fake_pnpm)
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)["prisma"]
    assert [s["command"][:4] for s in steps] == [["npm", "exec", "--", "prisma"]] * 2
    assert "fake pnpm" in result.stderr  # with --json, the tools' output goes to stderr


def test_prisma_without_the_package_manager_installed_exits_69(project: Path, tmp_path: Path) -> None:
    (project / "bun.lock").write_text("")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    python_dir = str(Path(sys.executable).parent)
    result = triple_orm("sync", "--prisma", "--name", "x", cwd=project, env={"PATH": f"{empty}{os.pathsep}{python_dir}"})
    assert result.returncode == 69 and "`bun` is not installed" in result.stderr
    assert not (project / KYSELY_OUT).exists()


def test_prisma_without_a_lockfile_falls_back_to_package_manager_field(project: Path, fake_pnpm: dict) -> None:
    # the example's root package.json says "packageManager": "pnpm@10.20.0" and has no lockfile
    result = triple_orm("sync", "--prisma", "--name", "x", cwd=project, env=fake_pnpm)
    assert result.returncode == 0, result.stderr
    assert len(calls(fake_pnpm)) == 2


@pytest.mark.postgres
def test_prisma_then_the_drift_check_on_the_database(project: Path, fake_pnpm: dict, fresh_db) -> None:
    (project / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    url = fresh_db("sync_drift")
    with psycopg.connect(url) as conn:  # what `prisma migrate dev` would have left behind
        for folder in sorted((EXAMPLE / "apps/api/prisma/migrations").iterdir()):
            if folder.is_dir():
                conn.execute((folder / "migration.sql").read_text())
    clean = triple_orm("sync", "--prisma", "--name", "x", cwd=project, env={**fake_pnpm, "DATABASE_URL": url})
    if "drift check not available" in clean.stderr:
        pytest.skip("tools.drift is not in this installation: the message above says so")
    assert clean.returncode == 0 and "no drift" in clean.stderr, clean.stderr
    with psycopg.connect(url) as conn:
        conn.execute('ALTER TABLE "Tag" ADD COLUMN color text')
    drifted = triple_orm("sync", "--prisma", "--name", "x", "--database-url", url, cwd=project, env=fake_pnpm)
    assert drifted.returncode == 1 and "fix drift before proceeding" in drifted.stderr
    assert "color" in drifted.stderr and "secret" not in drifted.stderr


def test_prisma_says_when_the_drift_check_is_not_available(project: Path, fake_pnpm: dict, tmp_path: Path) -> None:
    """With tools.drift missing (blocked on import here), the step says so instead of passing."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nsys.modules['tools.drift.database'] = None  # import fails as if absent\n")
    env = {**fake_pnpm, "DATABASE_URL": "postgresql://u:secret@127.0.0.1:9/x",
           "PYTHONPATH": f"{blocker}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    (project / "pnpm-lock.yaml").write_text("")
    result = triple_orm("sync", "--prisma", "--name", "x", cwd=project, env=env)
    assert result.returncode == 0 and "drift check not available" in result.stderr
    assert "secret" not in result.stderr + result.stdout
