"""Every node on its own, on a copy of the example project (real schema, real migrations, real tools)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agent.graph.nodes.answer import answer_node
from agent.graph.nodes.explain import explain_node
from agent.graph.nodes.followup import followup_node
from agent.graph.nodes.route import route_node
from agent.graph.nodes.tools import TOOL_NODES
from agent.graph.runner import merge
from agent.graph.state import new_turn


def _rt(ctx):
    return SimpleNamespace(context=ctx)


def _routed(ctx, text: str, history=None) -> dict:
    state = merge({"history": history or [], "messages": []}, new_turn(text))
    return merge(state, route_node(state, _rt(ctx)))


def test_route_node_records_decision_language_and_message(agent_ctx):
    state = _routed(agent_ctx, "bảng nào tham chiếu tới User?")
    assert state["decision"]["route"] == "schema_question" and state["decision"]["target"] == "User"
    assert state["lang"] == "vi" and state["messages"][-1] == {"role": "user", "content": "bảng nào tham chiếu tới User?"}


def test_lint_node_puts_the_linter_findings_in_the_facts_unchanged(agent_ctx):
    from tools.lint.runner import lint_paths
    from tools.lint.settings import LintSettings

    state = _routed(agent_ctx, "/lint")
    facts = TOOL_NODES["migration_validator"](state, _rt(agent_ctx))["facts"]
    direct = lint_paths([agent_ctx.migrations], LintSettings(), base=agent_ctx.root, use_cache=False)
    assert facts["kind"] == "lint" and facts["findings"] == [f.to_dict() for f in direct.findings]
    assert "ban-drop-column" in facts["names"]["rules"]
    assert facts["summary"]["by_severity"]["HIGH"] == sum(f.severity.value == "HIGH" for f in direct.findings)


def test_lint_node_latest_migration_only(agent_ctx):
    facts = TOOL_NODES["migration_validator"](_routed(agent_ctx, "lint the latest migration"), _rt(agent_ctx))["facts"]
    assert facts["summary"]["files"] == 1
    assert all("20261103091200_behavior_logs_session_id" in f["location"]["file"] for f in facts["findings"])


def test_pasted_sql_is_linted_as_given(agent_ctx):
    state = _routed(agent_ctx, 'ALTER TABLE "users" DROP COLUMN "phone";')
    facts = TOOL_NODES["migration_validator"](state, _rt(agent_ctx))["facts"]
    assert "ban-drop-column" in {f["rule"] for f in facts["findings"]}
    assert facts["subject"]["input"] == "pasted SQL"


def test_schema_question_references_cite_file_and_line(agent_ctx):
    facts = TOOL_NODES["schema_question"](_routed(agent_ctx, "which tables reference User?"), _rt(agent_ctx))["facts"]
    holders = {(r["model"], r["field"]) for r in facts["rows"]}
    assert ("Enrollment", "user") in holders and ("Invoice", "issuedBy") in holders and ("User", "referredBy") in holders
    schema = agent_ctx.schema()
    for row in facts["rows"]:
        if row["model"]:
            field = schema.model(row["model"]).field(row["field"])
            assert (row["file"], row["line"]) == (field.span.file, field.span.line)


def test_schema_question_sql_and_diagram_come_from_the_reader(agent_ctx):
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog

    sql = TOOL_NODES["schema_question"](_routed(agent_ctx, "show me the SQL for Tag"), _rt(agent_ctx))["facts"]
    whole = catalog_to_sql(prisma_to_catalog(agent_ctx.schema()))
    assert 'CREATE TABLE "Tag"' in sql["artifacts"]["sql"] and sql["artifacts"]["sql"].split("\n\n")[0] in whole
    assert 'CREATE TABLE "users"' not in sql["artifacts"]["sql"]
    diagram = TOOL_NODES["schema_question"](_routed(agent_ctx, "ER diagram around Lesson"), _rt(agent_ctx))["facts"]
    assert diagram["artifacts"]["mermaid"].startswith("erDiagram") and "BehaviorLog" in diagram["names"]["models"]


def test_sync_node_plans_and_writes_nothing(agent_ctx, project):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    facts = TOOL_NODES["schema_sync"](_routed(agent_ctx, "sync the drizzle schema"), _rt(agent_ctx))["facts"]
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".triple-orm" not in p.parts}
    assert after == before, "the sync route must never write"
    assert {r["state"] for r in facts["rows"] if "state" in r} <= {"missing", "current", "stale"}
    assert facts["summary"]["written"] == 0


def test_type_comparator_gives_the_comparators_report(agent_ctx):
    from tools.types import compare_types
    from tools.typescript.drizzle_reader import read_drizzle
    from tools.typescript.kysely_reader import read_kysely

    facts = TOOL_NODES["type_comparator"](_routed(agent_ctx, "/types Payment"), _rt(agent_ctx))["facts"]
    direct = compare_types(agent_ctx.schema(), drizzle=read_drizzle(agent_ctx.drizzle_out), kysely=read_kysely(agent_ctx.kysely_out))
    payment_fields = [r.to_dict()["field"] for r in direct.rows if r.model == "Payment"]
    assert facts["subject"]["model"] == "Payment" and [r["field"] for r in facts["rows"]] == payment_fields


def test_orm_selector_gives_the_advisors_decision_and_code(agent_ctx):
    from tools.advise.advisor import advise

    query = "prisma.behaviorLog.findMany({ where: { userId: 'u1' } })"
    facts = TOOL_NODES["orm_selector"](_routed(agent_ctx, f"which ORM should run {query}?"), _rt(agent_ctx))["facts"]
    direct = advise(query, agent_ctx.schema()).to_dict()
    assert facts["kind"] == "advice" and facts["summary"]["recommended"] == direct["recommended"]
    assert [r["rule"] for r in facts["rows"]] == [r["rule"] for r in direct["reasons"]]
    assert facts["artifacts"][direct["recommended"]] == direct["code"][direct["recommended"]]["code"]


def test_tool_errors_become_error_facts(agent_ctx, project):
    (project / "apps/api/prisma/schema.prisma").write_text("model Broken {\n  id Strin @id\n}\n")
    facts = TOOL_NODES["schema_question"](_routed(agent_ctx, "columns of Broken"), _rt(agent_ctx))["facts"]
    assert facts["kind"] == "error" and facts["summary"]["exit_code"] == 65
    assert "apps/api/prisma/schema.prisma:1:1" in facts["summary"]["message"]  # the reader's located error


def _lint_history(ctx) -> list[dict]:
    state = _routed(ctx, "/lint")
    facts = TOOL_NODES["migration_validator"](state, _rt(ctx))["facts"]
    return [{**facts, "decision": state["decision"]}]


def test_followup_why_uses_the_rule_spec_and_earlier_facts(agent_ctx):
    history = _lint_history(agent_ctx)
    state = _routed(agent_ctx, "why is that critical?", history)
    assert state["decision"]["followup"] == "why"
    facts = followup_node(state, _rt(agent_ctx))["facts"]
    worst = history[0]["summary"]["worst"]
    assert {f["severity"] for f in facts["findings"]} == {worst}  # "that" is the most serious finding
    # when nothing is CRITICAL the facts say so instead of inventing a CRITICAL one
    assert facts["summary"]["severity_matches"] is (worst == "CRITICAL")
    assert all(row["why"] for row in facts["rows"])


def test_followup_safe_version_applies_the_verified_fix(agent_ctx):
    history = _lint_history(agent_ctx)
    facts = followup_node(_routed(agent_ctx, "show me the safe version", history), _rt(agent_ctx))["facts"]
    fixed = [text for label, text in facts["artifacts"].items() if label.startswith("fixed:")]
    assert fixed and all(line.startswith(("---", "+++", "@@", " ", "+", "-")) for line in fixed[0].splitlines())


def test_explain_offline_renders_the_template(agent_ctx):
    state = _routed(agent_ctx, "/lint")
    merge(state, TOOL_NODES["migration_validator"](state, _rt(agent_ctx)))
    out = explain_node(state, _rt(agent_ctx))
    assert out["answer_source"] == "template"
    worst = state["facts"]["summary"]["worst"]
    first = "BLOCKED: a CRITICAL finding stops this migration." if worst == "CRITICAL" else f"The most serious finding is {worst}."
    assert "ban-drop-column" in out["answer"] and out["answer"].splitlines()[0] == first


def test_answer_node_keeps_tool_facts_for_follow_ups(agent_ctx):
    state = _routed(agent_ctx, "/lint")
    merge(state, TOOL_NODES["migration_validator"](state, _rt(agent_ctx)))
    merge(state, explain_node(state, _rt(agent_ctx)))
    out = answer_node(state, _rt(agent_ctx))
    assert out["history"][0]["kind"] == "lint" and out["history"][0]["decision"]["route"] == "migration_validator"
    assert out["messages"][0]["role"] == "assistant"


def test_drift_node_without_a_database_says_the_comparison_could_not_run(agent_ctx, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    state = _routed(agent_ctx, "does the production database match schema.prisma?")
    assert state["decision"]["route"] == "drift_health"
    facts = TOOL_NODES["drift_health"](state, _rt(agent_ctx))["facts"]
    database = next(r for r in facts["rows"] if "database" in r["comparison"])
    assert database["status"] == "failed" and "DATABASE_URL" in database["reason"]
    assert facts["summary"]["exit_code"] == 2  # never a clean pass when nothing could be compared


def test_health_needs_a_live_database(agent_ctx, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    facts = TOOL_NODES["drift_health"](_routed(agent_ctx, "/check unused indexes"), _rt(agent_ctx))["facts"]
    assert facts["kind"] == "health" and facts["summary"] == {"ran": False} and "DATABASE_URL" in facts["notes"][0]
