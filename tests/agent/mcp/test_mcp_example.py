"""`triple-orm mcp` on the example project, through the SDK's stdio client: every tool and resource.

Each answer is checked against what tools/ computes in this process for the same input, so the test
fails when the server loses, adds or alters a fact on its way through the protocol.
"""

from __future__ import annotations

from pathlib import Path


READ_ONLY_TOOLS = {"lint_migration", "check_drift", "health_check", "compare_types", "recommend_orm", "explain_finding",
                   "schema_sql", "schema_diagram", "sync_plan"}
DROP = 'ALTER TABLE "users" DROP COLUMN "phone";\n'


def text_of(result) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def test_lint_migration_sql_and_path(example_copy: Path, run_mcp) -> None:
    from tools.lint import lint_sql
    from tools.lint.runner import lint_paths
    from tools.lint.settings import LintSettings

    migrations = example_copy / "apps/api/prisma/migrations"

    async def body(client):
        return (await client.call_tool("lint_migration", {"sql": DROP}),
                await client.call_tool("lint_migration", {"path": "apps/api/prisma/migrations"}))

    pasted, folder = run_mcp(example_copy, body)
    assert not pasted.is_error and not folder.is_error
    expected = [f.to_dict() for f in lint_sql(DROP, path="pasted.sql", runner="plain").findings]
    assert pasted.structured_content["findings"] == expected
    drop = next(f for f in pasted.structured_content["findings"] if f["rule"] == "ban-drop-column")
    assert drop["data"]["lock"] == "ACCESS EXCLUSIVE" and drop["location"]["line"] == 1
    assert "HIGH ban-drop-column at pasted.sql:1" in text_of(pasted)

    report = lint_paths([migrations], LintSettings(), base=example_copy, project_root=example_copy, use_cache=False)
    got = folder.structured_content
    assert got["findings"] == [f.to_dict() for f in report.findings]
    assert got["summary"]["files"] == len([p for p in migrations.iterdir() if p.is_dir()]) > 1
    assert all(f["location"]["file"].startswith("apps/api/prisma/migrations/") for f in got["findings"])
    assert f"{len(report.findings)} findings in {got['summary']['files']} migration files" in text_of(folder)


def test_check_drift_embedded_and_sync_plan(example_copy: Path, run_mcp) -> None:
    """The example's migrations build exactly its schema and its generated files are current; after an
    edit to schema.prisma the same server sees the new field (no stale schema cache) and writes nothing."""
    schema = example_copy / "apps/api/prisma/schema.prisma"
    generated = example_copy / "packages/db/src/kysely/types.ts"
    before = generated.read_bytes()

    async def body(client):
        drift = await client.call_tool("check_drift", {"embedded": True})
        current = await client.call_tool("sync_plan", {})
        schema.write_text(schema.read_text().replace("model Tag {", "model Tag {\n  colour String?", 1))
        return drift, current, await client.call_tool("sync_plan", {})

    drift, current, stale = run_mcp(example_copy, body)
    rows = {r["comparison"]: r for r in drift.structured_content["rows"]}
    replay = next(r for title, r in rows.items() if title.startswith("schema.prisma ⇄ migrations folder"))
    assert replay["status"] == "ran" and replay["compared"] > 100 and replay["findings"] == 0
    assert drift.structured_content["findings"] == [] and drift.structured_content["subject"]["embedded"] is True
    assert {r["state"] for r in current.structured_content["rows"]} == {"current"}
    assert stale.structured_content["summary"]["stale"] == 2
    assert "+  colour: string | null;" in stale.structured_content["artifacts"]["diff:kysely"]
    assert "2 generated files would change. Nothing was written." in text_of(stale)
    assert generated.read_bytes() == before


def test_types_advice_schema_and_diagram(example_copy: Path, run_mcp) -> None:
    from tools.catalog.ddl import catalog_statements
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    async def body(client):
        return [await client.call_tool(name, args) for name, args in (
            ("compare_types", {}), ("compare_types", {"model": "User"}),
            ("recommend_orm", {"query": "prisma.user.findMany({ where: { email: 'a@b.c' } })"}),
            ("schema_sql", {}), ("schema_sql", {"model": "User"}),
            ("schema_diagram", {"model": "User", "depth": 0}), ("schema_diagram", {"model": "User", "depth": 2}))]

    types_all, types_user, advice, sql_all, sql_user, diagram0, diagram2 = run_mcp(example_copy, body)
    assert types_all.structured_content["summary"]["fields"] > 50
    user_findings = types_user.structured_content["findings"]
    assert user_findings and all(f["data"]["model"] == "User" for f in user_findings)
    assert len(user_findings) < len(types_all.structured_content["findings"])
    assert advice.structured_content["summary"]["recommended"] in ("prisma", "drizzle", "kysely")
    assert "findMany" in advice.structured_content["artifacts"].get("prisma", "")
    statements = catalog_statements(prisma_to_catalog(load_schema(example_copy / "apps/api/prisma/schema.prisma")))
    assert sql_all.structured_content["artifacts"]["sql"] == "\n\n".join(sql for _, sql in statements)
    assert sql_user.structured_content["artifacts"]["sql"].startswith('CREATE TABLE "users"')
    assert 'CREATE TABLE "courses"' not in sql_user.structured_content["artifacts"]["sql"]
    assert diagram0.structured_content["names"]["models"] == ["User"]
    assert len(diagram2.structured_content["names"]["models"]) > 2
    assert "```mermaid\nerDiagram" in text_of(diagram2)


def test_explain_finding_from_the_rule_spec_and_from_sql(example_copy: Path, run_mcp) -> None:
    from tools.lint.rules import RULES_BY_ID

    spec = RULES_BY_ID["ban-drop-column"].spec()

    async def body(client):
        return (await client.call_tool("explain_finding", {"rule": "ban-drop-column"}),
                await client.call_tool("explain_finding", {"rule": "require-lock-timeout", "sql": DROP}),
                await client.call_tool("explain_finding", {"rule": "column-type-drift"}))

    alone, from_sql, drift_rule = run_mcp(example_copy, body)
    row = alone.structured_content["rows"][0]
    assert row["why"] == spec.why and row["exemptions"] == spec.exemptions
    assert [e["kind"] for e in row["examples"]] == [e.kind for e in spec.examples]
    assert "Bad:\n```sql\n" + spec.examples[0].sql.rstrip() in text_of(alone)
    found = from_sql.structured_content["findings"][0]
    assert found["rule"] == "require-lock-timeout" and found["data"]["lock"] == "ACCESS EXCLUSIVE"
    assert "It takes a ACCESS EXCLUSIVE lock on users." in text_of(from_sql)
    assert drift_rule.structured_content["rows"][0]["checker"] == "drift"
    assert "a column's type differs from the field's" in text_of(drift_rule)


def test_tools_read_only_and_resources(example_copy: Path, run_mcp) -> None:
    async def body(client):
        tools = (await client.list_tools()).tools
        listed = (await client.list_resources()).resources
        read = {str(r.uri): (await client.read_resource(str(r.uri))).contents[0].text for r in listed}
        return tools, listed, read

    tools, listed, read = run_mcp(example_copy, body)
    assert {t.name for t in tools} == READ_ONLY_TOOLS  # no sync_write without --allow-writes
    for tool in tools:
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False, tool.name
        assert tool.description and tool.input_schema["type"] == "object"
    assert set(next(t for t in tools if t.name == "lint_migration").input_schema["properties"]) == {"sql", "path", "runner"}
    assert next(t for t in tools if t.name == "explain_finding").input_schema["required"] == ["rule"]

    uris = {str(r.uri) for r in listed}
    assert uris == {"triple-orm://project", "triple-orm://schema/apps/api/prisma/schema.prisma",
                    "triple-orm://generated/drizzle", "triple-orm://generated/kysely"}
    assert read["triple-orm://schema/apps/api/prisma/schema.prisma"] == (example_copy / "apps/api/prisma/schema.prisma").read_text()
    assert read["triple-orm://generated/kysely"] == (example_copy / "packages/db/src/kysely/types.ts").read_text()
    assert '"migrations": "apps/api/prisma/migrations"' in read["triple-orm://project"]
    assert '"writes_allowed": false' in read["triple-orm://project"]
