"""`triple-orm mcp` on the example project, through the SDK's stdio client: every tool, resource and prompt.

Each answer is checked against what tools/ computes in this process for the same input, so the test
fails when the server loses, adds or alters a fact on its way through the protocol.
"""

from __future__ import annotations

from pathlib import Path


READ_ONLY_TOOLS = {"lint_migration", "check_drift", "health_check", "compare_types", "recommend_orm", "explain_finding",
                   "schema_sql", "schema_diagram", "search_schema", "sync_plan"}
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
    # no model in the server's environment: the agent's explain step answers from its template
    assert {r.structured_content["summary"]["answer_source"] for r in (alone, from_sql, drift_rule)} == {"template"}
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
    assert "triple-orm://catalog/database" not in read  # listed only when the server has a database URL
    assert {t.name for t in tools} == READ_ONLY_TOOLS  # no sync_write without --allow-writes
    for tool in tools:
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False, tool.name
        assert tool.description and tool.input_schema["type"] == "object"
    assert set(next(t for t in tools if t.name == "lint_migration").input_schema["properties"]) == {"sql", "path", "runner"}
    assert next(t for t in tools if t.name == "explain_finding").input_schema["required"] == ["rule"]

    uris = {str(r.uri) for r in listed}
    assert uris == {"triple-orm://project", "triple-orm://schema/apps/api/prisma/schema.prisma",
                    "triple-orm://generated/drizzle", "triple-orm://generated/kysely", "triple-orm://catalog"}
    assert read["triple-orm://schema/apps/api/prisma/schema.prisma"] == (example_copy / "apps/api/prisma/schema.prisma").read_text()
    assert read["triple-orm://generated/kysely"] == (example_copy / "packages/db/src/kysely/types.ts").read_text()
    assert '"migrations": "apps/api/prisma/migrations"' in read["triple-orm://project"]
    assert '"writes_allowed": false' in read["triple-orm://project"]


def test_catalog_resource_is_the_catalog_the_schema_implies(example_copy: Path, run_mcp) -> None:
    import json

    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    async def body(client):
        return (await client.read_resource("triple-orm://catalog")).contents[0]

    content = run_mcp(example_copy, body)
    assert content.mime_type == "application/json"
    got = json.loads(content.text)
    # origins relative to the project, as the server (started in it) prints them
    expected = prisma_to_catalog(load_schema(example_copy / "apps/api/prisma/schema.prisma", cwd=example_copy))
    assert got["source"] == "apps/api/prisma/schema.prisma" and got["default_schema"] == "public"
    assert {k: v for k, v in got.items() if k not in ("source", "default_schema")} == json.loads(json.dumps(expected.to_dict()))
    users = next(t for t in got["tables"] if t["name"] == "users")
    assert any(c["name"] == "email" for c in users["columns"]) and users["primary_key"]


def test_search_schema_uses_the_store_and_follows_edits(example_copy: Path, run_mcp) -> None:
    """The tool's hits are those of the agent's chromadb store (hashed embedding) built in this process
    from the same entries; after an edit to schema.prisma the same server finds the new model at its line."""
    from agent.cli.context import Context
    from agent.graph.session import make_agent_context
    from agent.store.entries import project_entries
    from agent.store.index import SchemaIndex
    from tools.config import load_config

    schema = example_copy / "apps/api/prisma/schema.prisma"
    query = "where is the invoice number printed on the VAT invoice"

    async def body(client):
        first = await client.call_tool("search_schema", {"query": query, "limit": 4})
        only = await client.call_tool("search_schema", {"query": "invoices", "kinds": ["migration", "prisma-enum"], "limit": 3})
        schema.write_text(schema.read_text() + "\nmodel Voucher {\n  id   Int    @id\n  code String @unique\n  discountPercent Int\n}\n")
        return first, only, await client.call_tool("search_schema", {"query": "voucher discount percent code", "limit": 1})

    first, only, after_edit = run_mcp(example_copy, body)
    assert not first.is_error, first.content[0].text
    assert first.structured_content["summary"]["embedding"] == "hashed"
    assert first.structured_content["summary"]["index"]["added"] > 40  # indexed on the first call
    assert (example_copy / ".triple-orm/index/chroma.sqlite3").is_file()

    agent, _ = make_agent_context(Context(config=load_config(start=example_copy)).config, with_model=False)
    schema.write_text(schema.read_text().split("\nmodel Voucher {")[0])  # the entries as they were at the first call
    mine = SchemaIndex(example_copy.parent / "index-here", "hashed")
    mine.update(project_entries(agent))
    assert [r["id"] for r in first.structured_content["rows"]] == [h.id for h in mine.search(query, k=4)]
    assert first.structured_content["rows"][0]["model"] == "Invoice"
    assert "packages/db/src/kysely/types.ts:" in first.content[0].text or "schema.prisma:" in first.content[0].text

    assert {r["kind"] for r in only.structured_content["rows"]} <= {"migration", "prisma-enum"}
    assert only.structured_content["rows"] and only.structured_content["subject"]["kinds"] == ["migration", "prisma-enum"]

    hit = after_edit.structured_content["rows"][0]
    voucher_line = 1 + (schema.read_text() + "\nmodel Voucher {").splitlines().index("model Voucher {")
    assert (hit["kind"], hit["name"], hit["line"]) == ("prisma-model", "Voucher", voucher_line)
    assert after_edit.structured_content["summary"]["index"]["added"] == 1


def test_prompts_for_common_tasks(example_copy: Path, run_mcp) -> None:
    migrations = example_copy / "apps/api/prisma/migrations"
    newest = sorted(p.name for p in migrations.iterdir() if p.is_dir())[-1]
    first = sorted(p.name for p in migrations.iterdir() if p.is_dir())[0]

    async def body(client):
        listed = {p.name: p for p in (await client.list_prompts()).prompts}
        return (listed, await client.get_prompt("review_migration", {}),
                await client.get_prompt("review_migration", {"path": f"apps/api/prisma/migrations/{first}/migration.sql"}),
                await client.get_prompt("check_schema_sync", {}))

    listed, newest_review, first_review, sync = run_mcp(example_copy, body)
    assert set(listed) == {"review_migration", "check_schema_sync"}
    assert [a.name for a in listed["review_migration"].arguments] == ["path"]
    assert listed["review_migration"].arguments[0].required is False

    def text(result) -> str:
        assert [m.role for m in result.messages] == ["user"]
        return result.messages[0].content.text

    assert f'lint_migration with path="apps/api/prisma/migrations/{newest}/migration.sql"' in text(newest_review)
    sql = (migrations / first / "migration.sql").read_text()
    assert f"{first}/migration.sql" in text(first_review) and sql.strip().splitlines()[-1] in text(first_review)
    assert "explain_finding" in text(first_review)
    assert "check_drift with embedded=true" in text(sync) and "sync_plan" in text(sync)
    assert "`triple-orm sync`" in text(sync)  # read-only: the person runs sync, the server does not offer sync_write
