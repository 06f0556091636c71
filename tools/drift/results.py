"""What a check returns: one `Comparison` per pair of sources, gathered in a `DriftReport`.

A comparison either ran (with how many objects of each type it compared, and its findings), was
skipped (its source was not configured: said, never counted as agreement), or could not run (an
unreachable database, no permission on the catalog, a migrations folder that fails to apply, or a
comparison that compared nothing). The report's exit code follows the command line's contract:
2 when any requested comparison could not run, 1 when a finding reaches the threshold, else 0.
A check that compared nothing is never clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.errors import ExitCode
from tools.findings import Finding, Severity

RAN, SKIPPED, FAILED = "ran", "skipped", "failed"


@dataclass
class Comparison:
    """One comparison: `schema.prisma ⇄ database`, `migrations ⇄ _prisma_migrations`, …"""

    name: str  # stable id: prisma-database, migration-history, migration-replay, drizzle, kysely
    title: str  # for people: "schema.prisma ⇄ database"
    status: str = RAN
    reason: str = ""  # why it was skipped or could not run
    compared: dict[str, int] = field(default_factory=dict)  # object type -> how many were compared
    matched: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_compared(self) -> int:
        return sum(self.compared.values())

    def fail(self, reason: str) -> "Comparison":
        self.status, self.reason = FAILED, reason
        return self

    def skip(self, reason: str) -> "Comparison":
        self.status, self.reason = SKIPPED, reason
        return self

    def finish(self) -> "Comparison":
        """A comparison that ran but compared nothing could not really run: it must not pass."""
        if self.status == RAN and self.total_compared == 0:
            self.fail("nothing was compared (no tables, enums or migrations on either side)")
        return self

    def to_dict(self, findings: bool = True) -> dict[str, Any]:
        out = {
            "name": self.name, "title": self.title, "status": self.status, "reason": self.reason,
            "compared": dict(self.compared), "matched": dict(self.matched), "notes": list(self.notes),
        }
        if findings:
            out["findings"] = [f.to_dict() for f in self.findings]
        else:
            out["findings"] = len(self.findings)
        return out


@dataclass
class DriftReport:
    """Every comparison of one check, and what was checked (paths, the database with its password hidden)."""

    comparisons: list[Comparison] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)

    def add(self, comparison: Comparison) -> Comparison:
        self.comparisons.append(comparison.finish())
        return comparison

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.comparisons for f in c.findings]

    @property
    def failed(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == FAILED]

    @property
    def ran(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == RAN]

    def failing(self, fail_on: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.at_least(fail_on)]

    def exit_code(self, fail_on: Severity = Severity.LOW) -> int:
        if self.failed or not self.ran:
            return ExitCode.BLOCKED  # 2: the check could not run (fully): never report clean
        return ExitCode.FINDINGS if self.failing(fail_on) else ExitCode.OK

    def counts(self) -> dict[str, int]:
        """Findings per severity, most serious first."""
        out: dict[str, int] = {}
        for finding in sorted(self.findings, key=lambda f: -f.severity.rank):
            out[finding.severity.value] = out.get(finding.severity.value, 0) + 1
        return out

    def to_dict(self, fail_on: Severity = Severity.LOW, *, findings_in_comparisons: bool = True) -> dict[str, Any]:
        return {
            "sources": dict(self.sources),
            "exit_code": self.exit_code(fail_on),
            "fail_on": fail_on.value,
            "summary": {
                "comparisons": {c.name: c.status for c in self.comparisons},
                "compared": sum(c.total_compared for c in self.comparisons),
                "findings": len(self.findings),
                "failing": len(self.failing(fail_on)),
                "by_severity": self.counts(),
            },
            "comparisons": [c.to_dict(findings_in_comparisons) for c in self.comparisons],
        }
