"""`triple-orm health`: the weekly check of a live database against its schema and its statistics."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from tools.catalog.model import Catalog
from tools.findings import Finding
from tools.health.checks import HealthThresholds, health_findings
from tools.health.statistics import Statistics, read_statistics

__all__ = ["HealthReport", "HealthThresholds", "run_health", "health_findings", "read_statistics", "reporting_progress",
           "HEALTH_STEPS"]

# The steps of a health check, for a progress bar: on a large database reading the catalog and the
# statistics views (pg_stat_user_indexes, pg_class sizes, every sequence's last value) is the wait.
HEALTH_STEPS = ("connecting", "reading the catalog", "reading the statistics", "checking")
Progress = Callable[[str, int, int], None]  # (step, steps done, steps in all)
_PROGRESS: ContextVar[Progress | None] = ContextVar("health_progress", default=None)


@contextmanager
def reporting_progress(callback: Progress | None) -> Iterator[None]:
    """Every `run_health` inside the block reports its steps to `callback` (a caller several layers
    up, such as the chat around an agent turn, sees the steps without each layer passing it on)."""
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


@dataclass
class HealthReport:
    database: str  # the redacted URL
    findings: list[Finding]
    tables: int
    indexes: int
    sequences: int
    stats_reset: str | None
    schema: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "schema": self.schema,
            "checked": {"tables": self.tables, "indexes": self.indexes, "sequences": self.sequences},
            "stats_reset": self.stats_reset,
            "findings": [f.to_dict() for f in self.findings],
            **self.extra,
        }


def run_health(url: str, expected: Catalog | None = None, *, schema_file: str | None = None,
               thresholds: HealthThresholds = HealthThresholds(), progress: Progress | None = None) -> HealthReport:
    """Read the live catalog and statistics (read-only) and return every health finding.

    `progress(step, done, total)` is told each of HEALTH_STEPS as it starts (default: the callback of
    an enclosing `reporting_progress`, else nobody)."""
    from tools.catalog.introspect import read_catalog
    from tools.database.connect import connect, redact

    report = progress or _PROGRESS.get() or (lambda step, done, total: None)
    total = len(HEALTH_STEPS)
    report(HEALTH_STEPS[0], 0, total)
    with connect(url) as conn:
        report(HEALTH_STEPS[1], 1, total)
        live = read_catalog(conn)
        report(HEALTH_STEPS[2], 2, total)
        stats: Statistics = read_statistics(conn)
    report(HEALTH_STEPS[3], 3, total)
    findings = health_findings(live, stats, expected, schema_file=schema_file, thresholds=thresholds)
    report("done", total, total)
    reset = stats.stats_reset.isoformat() if stats.stats_reset else None
    return HealthReport(redact(url), findings, len(live.tables), sum(len(t.indexes) for t in live.tables.values()),
                        len(stats.sequences), reset, schema_file)
