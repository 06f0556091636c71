"""The review's live-database check against a real PostgreSQL (the session's `pg_server`): a database
the base branch's migrations were deployed to, as `prisma migrate deploy` does (each script, each
recorded in `_prisma_migrations`: `testkit.drift_seeds.deploy_migrations`, as test_cmd_check uses it).

A deployed database lags the pull request by design: the migration the pull request adds is pending,
not a finding; drift made by hand in the database is a finding in the "Live database" section (and
the pull request's own schema change is not); an applied migration the pull request edits is a HIGH
inline comment on that file; an unreachable or unreadable database is one line without the password
and exit 2; `--drift live` without the variable is exit 64 before GitHub is called.

GitHub is conftest.FakeGitHub, a local HTTP server that stands in for GitHub; the last test runs on a
copy of the example project with `--dry-run --since` and talks to no GitHub at all.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from agent.cli import main
from testkit.drift_seeds import deploy_migrations
from testkit.paths import EXAMPLE
from tools.drift.migrations_folder import read_migrations_folder
from testkit.pull_request import set_added_files as set_pull_files

pytestmark = [pytest.mark.postgres]

SECRET = "Live-s3cret-pw"
ENV = "STAGING_DATABASE_URL"
INIT = "20240101000000_init"
INIT_PATH = f"prisma/migrations/{INIT}/migration.sql"
SCHEMA_PATH = "prisma/schema.prisma"
RISKY_PATH = "prisma/migrations/20240202000000_risky/migration.sql"  # the migration the pull request adds
BASE_SHA = "ba5e" + "0" * 36  # the base commit conftest.FakeGitHub names


def patch_of(before: str, after: str) -> str:
    """The unified diff GitHub shows for a modified file (three lines of context)."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), n=3, lineterm="")
    return "\n".join(list(lines)[2:])


def with_password(url: str) -> str:
    """The URL with a password (the test server trusts 127.0.0.1, so it connects either way)."""
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{SECRET}@{host}"


@pytest.fixture
def staging(fresh_db, project: Path, monkeypatch) -> str:
    """A database the base branch was deployed to: the init migration applied, not the one the pull request adds."""
    folder = read_migrations_folder(project / "prisma" / "migrations")
    url = fresh_db("review_live")
    deploy_migrations(url, dataclasses.replace(folder, migrations=[m for m in folder.migrations if m.name == INIT]))
    monkeypatch.setenv(ENV, with_password(url))
    return url


def sql(url: str, statement: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def live_part(summary: str) -> str:
    assert "### Live database" in summary
    return summary.split("### Live database", 1)[1].split("<sub>triple-orm", 1)[0]


def no_secret_anywhere(github, *texts: str) -> None:
    for text in texts:
        assert SECRET not in text
    for request in github.requests:
        assert SECRET not in json.dumps(request.body or {})


def test_the_migration_the_pull_request_adds_is_pending_not_a_finding(github, project: Path, staging, capsys) -> None:
    set_pull_files(github, project, [RISKY_PATH])
    assert main(["review", "--drift", "files", "--database-url-env", ENV]) == 1  # the risky migration's HIGH lint findings
    summary = github.issue_comments[0]["body"]
    live = live_part(summary)
    database = staging.rsplit("@", 1)[1]
    assert f"`${ENV}` → `{database}`" in live
    assert "✅ database ⇄ schema.prisma at the base (main @ ba5e000): " in live and ", 0 finding(s)" in live
    assert "✅ migrations folder of this pull request ⇄ _prisma_migrations: 2 migrations compared, 0 finding(s)" in live
    assert "⏳ pending with this pull request" in live and "`20240202000000_risky`" in live
    assert "migration-not-applied" not in summary
    no_secret_anywhere(github, summary, *capsys.readouterr())
    github.requests.clear()
    assert main(["review", "--drift", "files", "--database-url-env", ENV]) == 1  # a second run: nothing new to post
    assert [c for c in github.calls() if c[0] != "GET"] == []


def test_hand_made_drift_is_reported_and_the_pull_requests_own_change_is_not(github, project: Path, staging, capsys) -> None:
    """The database gained a column by hand; the pull request adds Post.subtitle with its migration.
    Only the hand-made column is live drift (against the schema GitHub serves at the base commit)."""
    sql(staging, 'ALTER TABLE "Author" ADD COLUMN "nickname" TEXT')
    before = (project / SCHEMA_PATH).read_text()
    after = before.replace("  title    String\n", "  title    String\n  subtitle String?\n")
    (project / SCHEMA_PATH).write_text(after)
    (project / RISKY_PATH).write_text('ALTER TABLE "Post" ADD COLUMN "subtitle" TEXT;\n')
    set_pull_files(github, project, [RISKY_PATH])
    github.files.append({"filename": SCHEMA_PATH, "status": "modified", "patch": patch_of(before, after)})
    github.base_files = {SCHEMA_PATH: before}
    code = main(["review", "--drift", "files", "--database-url-env", ENV, "--format", "rdjson"])
    out, err = capsys.readouterr()
    live = live_part(github.issue_comments[0]["body"])
    assert "⚠️ database ⇄ schema.prisma at the base (main @ ba5e000)" in live and "1 finding(s)" in live
    rows = [line for line in live.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == 1 and "Author.nickname" in rows[0] and "not made by this pull request" in rows[0]
    assert "subtitle" not in live.split("⏳")[0]  # the pull request's own change is no drift of the database
    rule = rows[0].split("`")[1]
    assert all(f"`{rule}`" not in c["body"] for c in github.review_comments)  # summary only, never inline
    diagnostics = json.loads(out)["diagnostics"]
    assert [d["code"]["value"] for d in diagnostics if "nickname" in d["message"]] == [rule]  # rdjson has it too
    contents = [r for r in github.requests if r.path.endswith(f"/contents/{SCHEMA_PATH}")]
    assert contents and all(r.query["ref"] == [BASE_SHA] for r in contents)
    assert code in (0, 1)
    no_secret_anywhere(github, out, err, github.issue_comments[0]["body"])


def test_editing_an_applied_migration_is_high_and_inline_on_that_file(github, project: Path, staging) -> None:
    before = (project / INIT_PATH).read_text()
    after = before + 'CREATE INDEX "Post_title_idx" ON "Post"("title");\n'
    (project / INIT_PATH).write_text(after)
    github.files = [{"filename": INIT_PATH, "status": "modified", "patch": patch_of(before, after)}]
    assert main(["review", "--drift", "files", "--database-url-env", ENV]) == 1
    edited = [c for c in github.review_comments if "`migration-edited`" in c["body"]]
    first_changed = len(before.splitlines()) - 2  # the hunk's three lines of context before the new line
    assert [(c["path"], c["line"]) for c in edited] == [(INIT_PATH, first_changed)]
    assert "HIGH" in edited[0]["body"] and "already applied" in edited[0]["body"] and f"${ENV}" in edited[0]["body"]
    live = live_part(github.issue_comments[0]["body"])
    assert "`migration-edited` 💬" in live and f"`{INIT_PATH}`" in live


def test_an_unreachable_database_is_one_line_without_its_password_and_exit_2(github, project: Path, monkeypatch, capsys) -> None:
    set_pull_files(github, project, [RISKY_PATH])
    monkeypatch.setenv("DATABASE_URL", f"postgresql://deploy:{SECRET}@127.0.0.1:1/staging?schema=shop")
    assert main(["review", "--drift", "files", "--fail-on", "CRITICAL"]) == 2  # DATABASE_URL: the default variable
    summary = github.issue_comments[0]["body"]
    live = live_part(summary)
    assert "❌ could not check the live database: cannot connect to postgresql://deploy:***@127.0.0.1:1/staging" in live
    assert "the database server cannot be reached" in live and "`$DATABASE_URL` → `127.0.0.1:1/staging (schema shop)`" in live
    no_secret_anywhere(github, summary, *capsys.readouterr())


def test_a_database_the_user_may_not_read_is_exit_2(github, project: Path, staging, monkeypatch, capsys) -> None:
    """Connecting works, reading `_prisma_migrations` is refused: that comparison could not run."""
    sql(staging, "DO $$ BEGIN CREATE ROLE review_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    scheme, rest = staging.split("://", 1)
    set_pull_files(github, project, [RISKY_PATH])
    monkeypatch.setenv(ENV, f"{scheme}://review_reader:{SECRET}@{rest.split('@', 1)[1]}")
    assert main(["review", "--drift", "files", "--database-url-env", ENV, "--fail-on", "CRITICAL"]) == 2
    live = live_part(github.issue_comments[0]["body"])
    assert "❌ migrations folder of this pull request ⇄ _prisma_migrations: could not read _prisma_migrations: " \
           "permission denied" in live
    no_secret_anywhere(github, github.issue_comments[0]["body"], *capsys.readouterr())


def test_drift_live_without_the_variable_is_exit_64_before_github(github, project: Path, capsys) -> None:
    assert main(["review", "--drift", "live", "--database-url-env", ENV]) == 64
    assert f"--drift live needs the live database's URL in ${ENV}" in capsys.readouterr().err
    assert github.requests == []
    assert main(["review", "--database-url-env", "postgresql://u:pw@h/db"]) == 64  # a URL where a name goes
    assert "pw@h" not in "".join(capsys.readouterr())


def test_drift_off_reads_no_database(github, project: Path, staging) -> None:
    set_pull_files(github, project, [RISKY_PATH])
    sql(staging, "REVOKE CONNECT ON DATABASE postgres FROM PUBLIC")  # harmless: the URL is never used
    main(["review", "--drift", "off", "--database-url-env", ENV])
    assert "### Live database" not in github.issue_comments[0]["body"]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                   check=True, capture_output=True)


def test_example_project_dry_run_since_base(pg_server, fresh_db, tmp_path: Path, monkeypatch, capsys) -> None:
    """examples/edfinance deployed to a real database; a branch adds a field with its migration, and
    someone added an index by hand. `--dry-run --since main --drift live`: the replay and the live check
    both run; JSON and GitLab Code Quality carry the live finding."""
    root = tmp_path / "edfinance"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules", "packages"))
    monkeypatch.chdir(root)
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_ID", "GITHUB_REPOSITORY", "GITHUB_REF", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens: any call would fail the test
    assert main(["sync"]) == 0
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    url = fresh_db("review_live_example")
    deploy_migrations(url, read_migrations_folder(root / "apps/api/prisma/migrations"))
    sql(url, 'CREATE INDEX "users_by_hand_idx" ON "users" ("created_at")')
    monkeypatch.setenv("DATABASE_URL", with_password(url))
    schema = root / "apps/api/prisma/schema.prisma"
    text = schema.read_text()
    assert '  @@map("users")\n}' in text  # the User model's table
    schema.write_text(text.replace('  @@map("users")\n}', '  nickname     String?\n  @@map("users")\n}', 1))
    added = root / "apps/api/prisma/migrations/20270101000000_user_nickname/migration.sql"
    added.parent.mkdir()
    added.write_text('-- AlterTable\nALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n')
    assert main(["sync"]) == 0
    capsys.readouterr()
    code = main(["review", "--dry-run", "--since", "main", "--drift", "live", "--json"])
    data = json.loads(capsys.readouterr().out)
    live = data["live_database"]
    assert live["pending"] == ["20270101000000_user_nickname"] and live["status"] == "ran"
    assert [(c["status"], c["findings"]) for c in live["comparisons"]] == [("ran", 1), ("ran", 0)]
    assert live["comparisons"][0]["compared"] > 100 and live["comparisons"][1]["compared"] == 5
    assert [(f["rule"], f["data"]["live"]) for f in live["findings"]] == [("index-unknown-to-schema", "base-schema")]
    assert any(f["rule"] == "index-unknown-to-schema" for f in data["findings"])
    assert not any(f["rule"] == "schema-change-not-in-migrations" for f in data["findings"])  # the replay agrees
    assert code == 0 and SECRET not in json.dumps(data)
    assert main(["review", "--dry-run", "--since", "main", "--format", "gitlab"]) == 0
    quality = json.loads(capsys.readouterr().out)
    assert [q["check_name"] for q in quality if "users_by_hand_idx" in q["description"]] == ["index-unknown-to-schema"]


def test_a_pull_request_that_leaves_schema_and_migrations_alone_reads_no_database(github, project: Path, monkeypatch) -> None:
    """Only a generated file changes: the live database is named as not checked, never connected to."""
    monkeypatch.setenv(ENV, f"postgresql://deploy:{SECRET}@127.0.0.1:1/staging")  # connecting would fail: exit 2
    github.files = [{"filename": "db/types.ts", "status": "modified", "patch": "@@ -1,1 +1,1 @@\n-a\n+b"}]
    assert main(["review", "--drift", "files", "--database-url-env", ENV]) == 0
    live = live_part(github.issue_comments[0]["body"])
    assert "➖ not checked: this pull request changes neither the schema nor the migrations" in live
    assert "`127.0.0.1:1/staging`" in live and SECRET not in live
