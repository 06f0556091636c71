"""Drift and health: `tools.drift.run_check` (schema ⇄ database ⇄ migrations ⇄ generated files) and
`tools.health.run_health` (a live database's statistics), read-only.

The database comes from DATABASE_URL; without one the check still compares the generated files
and says that the database comparison could not run ("embedded"/"throwaway" in the request replays
the migrations on a throwaway PostgreSQL instead, which takes a few seconds).
"""

from __future__ import annotations

import os
import re

from agent.graph.facts import Facts, findings_names
from agent.graph.routes import Route
from agent.graph.text import fold

ROUTE = Route.DRIFT_HEALTH.value
_HEALTH = re.compile(r"health|unused index|duplicate index|bloat|vacuum|wraparound|sequence|unindexed|suc khoe|chi muc")
_EMBEDDED = re.compile(r"embedded|throwaway|replay|tam thoi")


def drift_request(decision: dict, ctx) -> Facts:
    text = fold(decision.get("text") or "")
    url = os.environ.get("DATABASE_URL")
    if _HEALTH.search(text):
        from tools.health.settings import configured_thresholds

        return health_request(url, ctx, configured_thresholds(ctx.config))
    from tools.drift.check import CheckOptions, run_check
    embedded = bool(_EMBEDDED.search(text)) and ctx.migrations is not None
    options = CheckOptions(schema=ctx.schema_path, database_url=None if embedded else url, migrations=ctx.migrations,
                           drizzle=ctx.drizzle_out, kysely=ctx.kysely_out, embedded=embedded, replay=embedded or bool(url))
    return drift_facts(run_check(options), embedded)


def drift_facts(report, embedded: bool = False) -> Facts:
    """A `DriftReport` as facts (also what the MCP server's `check_drift` returns)."""
    facts = Facts(ROUTE, "drift", subject={"database": report.sources.get("database"), "embedded": embedded})
    facts.findings = [f.to_dict() for f in report.findings]
    for comparison in report.comparisons:
        facts.rows.append({"comparison": comparison.title, "status": comparison.status, "reason": comparison.reason,
                           "compared": comparison.total_compared, "findings": len(comparison.findings)})
    summary = report.to_dict()["summary"]
    facts.summary = {"findings": summary["findings"], "by_severity": summary["by_severity"],
                     "exit_code": report.exit_code(), "failed": [c.title for c in report.failed]}
    findings_names(facts, facts.findings)
    facts.add_names("files", [v for k, v in report.sources.items() if v and k in ("schema", "migrations", "drizzle", "kysely")])
    return facts


def health_request(url: str | None, ctx, thresholds=None) -> Facts:
    """`thresholds`: a `tools.health.HealthThresholds` ([tool.triple-orm.health]); None: the defaults."""
    from tools.health import HealthThresholds, run_health
    if not url:
        return Facts(ROUTE, "health", summary={"ran": False},
                     notes=["a health check reads a live database: set DATABASE_URL (read-only access is enough)"])
    from tools.catalog.from_prisma import prisma_to_catalog

    schema = ctx.schema()
    report = run_health(url, prisma_to_catalog(schema), schema_file=schema.path,
                        thresholds=thresholds or HealthThresholds())
    facts = Facts(ROUTE, "health", subject={"database": report.database}, findings=[f.to_dict() for f in report.findings])
    facts.summary = {"ran": True, "findings": len(report.findings), **report.to_dict()["checked"]}
    findings_names(facts, facts.findings)
    return facts
