"""`explain_finding`: a rule's specification, from whichever checker owns the rule, with a finding's facts.

A lint rule's docstring is its spec (summary, Why, Exemptions, Bad and Good SQL: `Rule.spec()`);
a drift rule has a summary and a group (`tools.drift.rules.RULES`). The finding itself comes from
the caller (as another tool returned it), or from linting the SQL the caller gives, so that the
lock, the table and the message are the linter's, never guessed. The facts are the agent's
follow-up facts for "why is that a problem?" (`why_facts`), and the explanation is the agent's explain
step on them (`explain_node`): the template offline, the chat model when the server's environment
configures one (grounding-checked, the template when it fails). The Exemptions and the Bad and Good
SQL of the rule's spec follow, verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.mcp.answers import Answer, answer
from agent.mcp.project import McpProject
from tools.errors import UsageError
from tools.findings import Severity


@dataclass
class RuleInfo:
    checker: str  # lint | drift
    route: str  # the agent's route for the checker
    severity: str
    summary: str
    why: str = ""
    exemptions: str = ""
    examples: list[dict[str, str]] = field(default_factory=list)  # {"kind": "bad"|"good", "sql": ...}


def rule_info(rule_id: str) -> RuleInfo | None:
    """The specification of a lint or drift rule, or None for an id neither knows."""
    from tools.drift.rules import GROUP_TITLES, RULES
    from tools.lint.rules import RULES_BY_ID

    lint_rule = RULES_BY_ID.get(rule_id)
    if lint_rule is not None:
        spec = lint_rule.spec()
        return RuleInfo("lint", "migration_validator", lint_rule.severity.value, spec.summary, spec.why, spec.exemptions,
                        [{"kind": e.kind, "sql": e.sql} for e in spec.examples])
    drift_rule = RULES.get(rule_id)
    if drift_rule is not None:
        return RuleInfo("drift", "drift_health", drift_rule.severity.value, drift_rule.summary,
                        f"a {GROUP_TITLES[drift_rule.group]} finding of `triple-orm check`")
    return None


def explain_finding(project: McpProject, rule: str, finding: dict[str, Any] | None = None,
                    sql: str | None = None) -> Answer:
    from agent.graph.capabilities.followup import why_facts

    rule = (rule or "").strip()
    info = rule_info(rule)
    if finding is None and sql is not None:
        finding = _finding_in_sql(project, rule, sql)
    given = finding is not None
    if not given:
        if info is None:
            raise UsageError(f"unknown rule {rule!r}",
                             help="give a rule id of `triple-orm lint --list-rules` or of a drift finding, "
                                  "or pass the finding itself as a tool returned it")
        finding = {"rule": rule, "severity": info.severity, "message": info.summary, "help": "", "location": None}
    _check_finding(rule, finding)
    facts = why_facts({"route": info.route if info else "explain", "kind": "explain", "findings": [finding]}, rule)
    row = facts.rows[0]
    if info is not None:
        row.update({"checker": info.checker, "summary": row.get("summary") or info.summary,
                    "why": row.get("why") or info.why, "exemptions": info.exemptions, "examples": info.examples})
    row["help"] = finding.get("help") or ""
    # the rule alone: its spec, without the template's line about a finding at a place
    alone = None if given else f"{rule} ({row['severity']}, a {info.checker} rule): {row['summary']}\nWhy: {row['why']}"
    return answer(facts, project, _with_spec(_agent_explains(project, facts, rule, alone), row))


def _agent_explains(project: McpProject, facts, rule: str, template: str | None) -> str:
    """The agent's explain step on these facts: with a chat model configured, its explanation when it
    passes the grounding check (every rule, table and column it names is in the facts); otherwise, or
    when the model fails, the template. Which one answered is `summary.answer_source`."""
    from types import SimpleNamespace

    from agent.graph.nodes.explain import explain_node
    from agent.mcp.answers import scrub_strings
    from tools.database.connect import scrub

    url = project.database_url()
    data = scrub_strings(facts.to_dict(), lambda value: scrub(value, url))  # the model never sees the password either
    request = f"Why does {rule} matter, and what should I do instead?"
    state = explain_node({"facts": data, "request": request, "lang": "en", "notes": []},
                         SimpleNamespace(context=project.explaining_agent()))
    facts.summary["answer_source"] = state["answer_source"]
    if state.get("grounding"):
        facts.summary["grounding"] = state["grounding"]
    facts.notes.extend(state.get("notes") or [])
    if state["answer_source"] == "llm" or template is None:
        return state["answer"]
    return template


def _finding_in_sql(project: McpProject, rule: str, sql: str) -> dict[str, Any]:
    """The most serious finding of `rule` when the SQL is linted as one migration."""
    from agent.mcp.answers import lint_migration

    found = lint_migration(project, sql=sql).facts["findings"]
    mine = sorted((f for f in found if f["rule"] == rule), key=lambda f: -Severity(f["severity"]).rank)
    if not mine:
        fired = sorted({f["rule"] for f in found})
        raise UsageError(f"{rule} does not fire on this SQL",
                         help=("the rules that do: " + ", ".join(fired)) if fired else "the linter finds nothing in it")
    return mine[0]


def _check_finding(rule: str, finding: Any) -> None:
    if not isinstance(finding, dict) or not isinstance(finding.get("rule"), str):
        raise UsageError("`finding` must be a finding as a tool returned it: an object with rule, severity, message")
    if finding["rule"] != rule:
        raise UsageError(f"the finding is of rule {finding['rule']!r}, not {rule!r}")
    if finding.get("severity") not in {s.value for s in Severity}:
        raise UsageError(f"the finding's severity {finding.get('severity')!r} is none of "
                         + ", ".join(s.value for s in Severity))


def _with_spec(text: str, row: dict[str, Any]) -> str:
    """The template's why-answer, then what the rule's spec adds: exemptions, help, Bad and Good SQL."""
    parts = [text.rstrip()]
    if row.get("exemptions"):
        parts.append(f"Exemptions: {row['exemptions']}")
    if row.get("help"):
        parts.append(f"Help: {row['help']}")
    for example in row.get("examples") or []:
        parts.append(f"{example['kind'].capitalize()}:\n```sql\n{example['sql'].rstrip()}\n```")
    return "\n\n".join(p for p in parts if p)
