"""The migration validator: `tools.lint` on what the person gave, or on the project's migrations.

Pasted SQL is linted as one migration; a path is linted as a file or folder with its history; with
nothing given, the project's migrations folder (only the newest migration when they say "last" /
"mới nhất"). The findings go into the facts unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

from agent.graph.facts import Facts, findings_names
from agent.graph.routes import Route
from agent.graph.text import fold

ROUTE = Route.MIGRATION_VALIDATOR.value
_LATEST = re.compile(r"\b(last|latest|newest|most recent|new) migration|moi nhat|gan nhat|cuoi cung|migration moi\b")
# Findings below this are counted per rule in the summary; the rest are listed one by one.
LISTED = ("CRITICAL", "HIGH", "MEDIUM")


def lint_request(decision: dict, ctx) -> Facts:
    from tools.lint import lint_sql
    from tools.lint.runner import lint_paths
    from tools.lint.settings import settings_from_config
    settings = settings_from_config(ctx.lint_section, ctx.root)
    if decision.get("code_kind") == "sql" and decision.get("code"):
        report = lint_sql(decision["code"], path="pasted.sql", runner="plain", settings=settings)
        subject = {"input": "pasted SQL", "sql": decision["code"]}
    else:
        targets = _targets(decision, ctx)
        if not targets:
            return Facts(ROUTE, "lint", subject={"input": None},
                         notes=["no migrations to lint: give a .sql file or folder, or set `migrations` in [tool.triple-orm]"])
        report = lint_paths(targets, settings, base=ctx.root, project_root=ctx.root)
        subject = {"input": [ctx.relative(t) for t in targets]}
    return lint_facts(report, subject, target=decision.get("target"), also=_table_of(ctx, decision.get("target")))


def _table_of(ctx, target: str | None) -> list[str]:
    """The table a target model maps to: findings name tables, people name models."""
    if not target:
        return []
    try:
        model = ctx.schema().model(target)
    except Exception:  # no schema: match the name as given
        return []
    return [model.db_name] if model is not None else []


def _targets(decision: dict, ctx) -> list[Path]:
    given = [ctx.root / p for p in decision.get("paths") or [] if p.endswith(".sql") or "migrations" in p]
    if given:
        return [p for p in given if p.exists()] or given
    if ctx.migrations is None or not ctx.migrations.is_dir():
        return []
    if _LATEST.search(fold(decision.get("text") or "")):
        newest = sorted(p for p in ctx.migrations.iterdir() if (p / "migration.sql").is_file())
        return [newest[-1] / "migration.sql"] if newest else []
    return [ctx.migrations]


def lint_facts(report, subject: dict, target: str | None = None, also: list[str] = ()) -> Facts:
    """The report as facts; with a target ('now do it for Lesson'), only findings that name its table."""
    findings = [f.to_dict() for f in report.findings]
    if target:
        findings = [f for f in findings if any(_mentions(f, name) for name in (target, *also))]
        subject = {**subject, "target": target}
    facts = Facts(ROUTE, "lint", subject=subject, findings=findings)
    facts.rows = [{k: v for k, v in f.to_dict().items() if k != "cached"} for f in report.files]  # cache hits are not facts
    by_severity = {s: sum(1 for f in findings if f["severity"] == s) for s in ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO")}
    worst = next((s for s, n in by_severity.items() if n), None)
    facts.summary = {"files": len(report.files), "findings": len(findings), "by_severity": by_severity, "worst": worst,
                     "blocked": by_severity["CRITICAL"] > 0}
    findings_names(facts, findings)
    facts.add_names("files", [f.path for f in report.files])
    facts.notes.extend(getattr(report, "notes", []) or [])
    return facts


def _mentions(finding: dict, target: str) -> bool:
    needle = target.lower()
    text = " ".join([finding.get("message", ""), str(finding.get("data", ""))]).lower()
    return re.search(rf"\b{re.escape(needle)}s?\b", text) is not None
