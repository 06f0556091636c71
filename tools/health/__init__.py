"""`triple-orm health`: the weekly check of a live database against its schema and its statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.catalog.model import Catalog
from tools.findings import Finding
from tools.health.checks import HealthThresholds, health_findings
from tools.health.statistics import Statistics, read_statistics

__all__ = ["HealthReport", "HealthThresholds", "run_health", "health_findings", "read_statistics"]


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
               thresholds: HealthThresholds = HealthThresholds()) -> HealthReport:
    """Read the live catalog and statistics (read-only) and return every health finding."""
    from tools.catalog.introspect import read_catalog
    from tools.database.connect import connect, redact

    with connect(url) as conn:
        live = read_catalog(conn)
        stats: Statistics = read_statistics(conn)
    findings = health_findings(live, stats, expected, schema_file=schema_file, thresholds=thresholds)
    reset = stats.stats_reset.isoformat() if stats.stats_reset else None
    return HealthReport(redact(url), findings, len(live.tables), sum(len(t.indexes) for t in live.tables.values()),
                        len(stats.sequences), reset, schema_file)
