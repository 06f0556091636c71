"""`triple-orm mcp` with bad input, a database URL with a password, and --allow-writes.

Bad input is a tool error with the command line's message (never a traceback); paths outside the
project are refused; the password of the database URL (from the environment only) appears in no
answer, structured or not; the server writes only with --allow-writes, and then only sync's files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "s3cret\"pw-7781"  # a quote: JSON escapes it, the scrubbing must not depend on that
# port 1 on localhost: nothing listens there, the connection is refused at once
BAD_URL = f"postgresql://app:{SECRET}@127.0.0.1:1/app"


def strings(value) -> list[str]:
    """Every string in a JSON value, as the client sees it (not its JSON text, which escapes quotes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def text_of(result) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


BAD_CALLS = [
    ("lint_migration", {}, "give `sql` (a migration's text) or `path`"),
    ("lint_migration", {"sql": "SELECT 1;", "path": "x.sql"}, "not both"),
    ("lint_migration", {"sql": "   "}, "the SQL is empty"),
    ("lint_migration", {"path": "../outside.sql"}, "is outside the project"),
    ("lint_migration", {"path": "/etc/passwd"}, "is outside the project"),
    ("lint_migration", {"path": "prisma/nope.sql"}, "no such file or folder"),
    ("lint_migration", {"sql": "SELECT 1;", "runner": "flyway"}, "unknown runner 'flyway'"),
    ("explain_finding", {"rule": "no-such-rule"}, "unknown rule 'no-such-rule'"),
    ("explain_finding", {"rule": "ban-drop-column", "finding": {"rule": "prefer-jsonb", "severity": "LOW"}}, "is of rule 'prefer-jsonb'"),
    ("explain_finding", {"rule": "ban-drop-column", "sql": 'CREATE TABLE "t" ("id" INT);'}, "ban-drop-column does not fire on this SQL"),
    ("schema_sql", {"model": "Comment"}, "models: Author, Post"),
    ("schema_diagram", {"model": "Post", "depth": 9}, "depth must be between 0 and 5"),
    ("schema_diagram", {"depth": "deep"}, "depth"),
    ("recommend_orm", {"query": " "}, "the query is empty"),
    ("compare_types", {}, "db/schema.ts: no such file"),
    ("search_schema", {"query": "  "}, "the query is empty"),
    ("search_schema", {"query": "author", "limit": 0}, "limit must be between 1 and 20"),
    ("search_schema", {"query": "author", "kinds": ["table"]}, "unknown kind 'table'"),
    ("search_schema", {}, "query"),  # a required argument missing: the SDK's validation, as a tool error
    ("check_drift", {"database_url": BAD_URL}, "the database URL comes only from the environment"),
    ("health_check", {"dsn": BAD_URL}, "health_check has no argument 'dsn'"),
    ("schema_sql", {"modle": "Post"}, "schema_sql has no argument 'modle'"),
    ("sync_write", {}, "sync_write"),  # not a tool of a read-only server
    ("no_such_tool", {}, "no_such_tool"),
]


def test_bad_input_is_a_tool_error_with_a_message(small_project: Path, run_mcp) -> None:
    """Every bad call in one session: each is a tool error with its message, and the server still
    answers afterwards (a good call after them succeeds)."""
    (small_project.parent / "outside.sql").write_text('ALTER TABLE "x" DROP COLUMN "y";\n')

    async def body(client):
        results = [await client.call_tool(name, args) for name, args, _ in BAD_CALLS]
        return results, await client.call_tool("schema_sql", {"model": "Post"})

    results, after = run_mcp(small_project, body)
    for (name, args, expected), result in zip(BAD_CALLS, results):
        text = text_of(result)
        assert result.is_error, (name, args, text)
        assert expected in text, (name, args, text)
        assert "Traceback" not in text and 'File "' not in text
        assert SECRET not in text
    assert not after.is_error and after.structured_content["artifacts"]["sql"].startswith('CREATE TABLE "Post"')


def test_symlinks_leading_out_of_the_project_are_refused(small_project: Path, run_mcp) -> None:
    """A path inside the project that is a symlink to a file outside, and a migrations folder with such a
    symlink in it (linted as a folder, or as the history of a migration beside it), are all refused."""
    secret = small_project.parent / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")
    (small_project / "notes.sql").symlink_to(secret)
    evil = small_project / "prisma/migrations/20240202000000_evil"
    evil.mkdir()
    (evil / "migration.sql").symlink_to(secret)
    calls = [{"path": "notes.sql"}, {"path": "prisma/migrations"},
             {"path": "prisma/migrations/20240101000000_init/migration.sql"}]

    async def body(client):
        refused = [await client.call_tool("lint_migration", args) for args in calls]
        prompt_error = None
        try:
            await client.get_prompt("review_migration", {"path": "notes.sql"})
        except Exception as error:  # the SDK raises the server's MCP error
            prompt_error = error
        return refused, prompt_error

    refused, prompt_error = run_mcp(small_project, body)
    for args, result in zip(calls, refused):
        assert result.is_error and "outside the project" in text_of(result), (args, text_of(result))
        assert "OPENSSH" not in text_of(result) and "b3Blbn" not in text_of(result)
    assert "prisma/migrations/20240202000000_evil/migration.sql is a symlink" in text_of(refused[1])
    assert prompt_error is not None and "outside the project" in str(prompt_error) and "OPENSSH" not in str(prompt_error)


def test_bad_prompt_arguments_are_mcp_errors(small_project: Path, run_mcp) -> None:
    from mcp.shared.exceptions import MCPError
    from mcp_types import INVALID_PARAMS

    async def body(client):
        errors = []
        for name, args in (("review_migration", {"path": "../outside.sql"}), ("review_migration", {"path": "nope.sql"}),
                           ("no_such_prompt", {})):
            try:
                await client.get_prompt(name, args)
            except MCPError as error:
                errors.append(error)
        return errors, await client.get_prompt("review_migration", {})

    errors, newest = run_mcp(small_project, body)
    assert [e.code for e in errors] == [INVALID_PARAMS] * 3
    assert "is outside the project" in errors[0].message and "no such file" in errors[1].message
    assert "Unknown prompt: no_such_prompt" in errors[2].message
    assert "prisma/migrations/20240101000000_init/migration.sql" in newest.messages[0].content.text


def test_schema_error_is_located(small_project: Path, run_mcp) -> None:
    schema = small_project / "prisma" / "schema.prisma"
    schema.write_text(schema.read_text().replace("title    String", "title    Strin"))

    async def body(client):
        return await client.call_tool("schema_sql", {})

    result = run_mcp(small_project, body)
    assert result.is_error
    assert "Strin" in text_of(result) and "prisma/schema.prisma:13" in text_of(result)


def test_database_url_from_the_environment_is_never_echoed(small_project: Path, run_mcp) -> None:
    from mcp.shared.exceptions import MCPError

    async def body(client):
        try:
            await client.read_resource("triple-orm://catalog/database")
        except MCPError as error:
            catalog_error = error.message
        return (await client.call_tool("check_drift", {}), await client.call_tool("health_check", {}),
                (await client.read_resource("triple-orm://project")).contents[0].text, catalog_error,
                await client.call_tool("explain_finding", {"rule": "ban-drop-column", "finding": {
                    "rule": "ban-drop-column", "severity": "HIGH", "message": f"seen at {BAD_URL}", "help": BAD_URL}}))

    drift, health, project, catalog_error, explained = run_mcp(small_project, body, env={"DATABASE_URL": BAD_URL})
    failed = next(r for r in drift.structured_content["rows"] if r["comparison"] == "schema.prisma ⇄ database")
    assert failed["status"] == "failed" and "127.0.0.1" in failed["reason"]
    assert health.is_error and "127.0.0.1" in text_of(health)
    assert "127.0.0.1" in catalog_error
    for shown in (text_of(drift), *strings(drift.structured_content), text_of(health), project, catalog_error,
                  text_of(explained), *strings(explained.structured_content)):
        assert SECRET not in shown and "s3cret" not in shown
    assert '"database_url_set": true' in project


def test_health_needs_a_database_url(small_project: Path, run_mcp) -> None:
    (small_project / "triple-orm.toml").write_text((small_project / "triple-orm.toml").read_text()
                                                   + 'database-url-env = "APP_DB_URL"\n')

    async def body(client):
        return await client.call_tool("health_check", {})

    result = run_mcp(small_project, body, env={"DATABASE_URL": BAD_URL})  # the configuration names another variable
    assert result.is_error and "$APP_DB_URL is not set" in text_of(result)


def test_allow_writes_adds_sync_write(small_project: Path, run_mcp) -> None:
    from tools.prisma import load_schema
    from tools.sync import plan_sync

    async def body(client):
        tools = {t.name: t for t in (await client.list_tools()).tools}
        plan = await client.call_tool("sync_plan", {})
        exists_after_plan = (small_project / "db").exists()
        write = await client.call_tool("sync_write", {})
        return tools, plan, exists_after_plan, write, await client.call_tool("sync_plan", {})

    tools, plan, exists_after_plan, write, again = run_mcp(small_project, body, "--allow-writes")
    assert tools["sync_write"].annotations.read_only_hint is False
    assert {r["state"] for r in plan.structured_content["rows"]} == {"missing"} and not exists_after_plan
    assert write.structured_content["summary"]["written_files"] == ["db/schema.ts", "db/types.ts"]
    expected = plan_sync(load_schema(small_project / "prisma/schema.prisma"), small_project / "db/schema.ts",
                         small_project / "db/types.ts", source="prisma/schema.prisma")
    for planned in expected.files:
        assert planned.path.read_text() == planned.content
    assert again.structured_content["summary"]["stale"] == 0


@pytest.mark.postgres
def test_health_check_reads_the_live_database(small_project: Path, run_mcp, fresh_db) -> None:
    """The database the schema implies, created for real: Post.authorId has no index (Prisma makes none
    for a relation's foreign key on PostgreSQL), which the health check reports at its schema line; the
    live catalog resource is what tools.catalog reads from it."""
    import json

    import psycopg

    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.introspect import read_catalog
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    url = fresh_db()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(prisma_to_catalog(load_schema(small_project / "prisma/schema.prisma"))))

    async def body(client):
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        catalog = (await client.read_resource("triple-orm://catalog/database")).contents[0].text
        return await client.call_tool("health_check", {}), listed, catalog, await client.call_tool("check_drift", {})

    result, listed, catalog, drift = run_mcp(small_project, body, env={"DATABASE_URL": url})
    # the database was made from the schema: the schema ⇄ database comparison ran and found nothing
    compared = next(r for r in drift.structured_content["rows"] if r["comparison"] == "schema.prisma ⇄ database")
    assert compared["status"] == "ran" and compared["findings"] == 0 and compared["compared"] > 5, compared
    assert "triple-orm://catalog/database" in listed
    live = json.loads(catalog)
    assert live["source"] == "database"
    assert {k: v for k, v in live.items() if k not in ("source", "default_schema")} == json.loads(json.dumps(read_catalog(url).to_dict()))
    assert sorted(t["name"] for t in live["tables"]) == ["Author", "Post"]
    assert not result.is_error, text_of(result)
    facts = result.structured_content
    assert facts["summary"]["ran"] is True and facts["summary"]["tables"] == 2
    unindexed = [f for f in facts["findings"] if f["rule"] == "unindexed-foreign-key"]
    assert len(unindexed) == 1 and "authorId" in unindexed[0]["message"]
    assert unindexed[0]["location"]["file"].endswith("schema.prisma")


def test_the_command_line_does_not_import_the_sdk() -> None:
    """Every command's parser is built for `triple-orm --help`; only `mcp` itself may pay for the SDK."""
    script = ("import sys; from agent.cli import build_parser; build_parser(); "
              "print(any(m == 'mcp' or m.startswith('mcp.') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_missing_project_folder(tmp_path: Path) -> None:
    from agent.cli import main

    assert main(["mcp", "--project", str(tmp_path / "nowhere")]) == 66
