"""The result of a lint run: findings in the shared `Finding` shape, plus what was linted and how.

Findings are stored in the cache as plain tuples (no file path: the same file linted from another
folder shows another relative path) and turned into `Finding`s here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.errors import ExitCode
from tools.findings import Finding, Fix, Location, Severity, TextEdit, worst


@dataclass
class FileSummary:
    path: str
    runner: str
    statements: int
    findings: int
    cached: bool

    def to_dict(self) -> dict:
        return {"path": self.path, "runner": self.runner, "statements": self.statements, "findings": self.findings,
                "cached": self.cached}


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)
    exemptions: list[dict] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)  # table statistics read with --database-url
    traces: list[Any] = field(default_factory=list)  # TraceResult of --trace
    notes: list[str] = field(default_factory=list)
    histories: dict[str, tuple] = field(default_factory=dict)  # linted file -> (its history's files, its index)

    def earlier_files(self, path: str) -> list:
        """The migrations applied before `path` in its history (for --trace on an empty database)."""
        files, index = self.histories.get(path, ([], 0))
        return list(files[:index])

    def worst(self) -> Severity | None:
        return worst(self.findings)

    def exit_code(self, fail_on: Severity | None) -> int:
        """0 clean, 1 a finding at or above `fail_on`, 2 a CRITICAL finding (the migration is blocked)."""
        if fail_on is None:
            return ExitCode.OK
        top = self.worst()
        if top is Severity.CRITICAL:
            return ExitCode.BLOCKED
        if top is not None and top.at_least(fail_on):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for finding in self.findings:
            out[finding.severity.value] += 1
        return out

    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "summary": {"files": len(self.files), "findings": len(self.findings), "by_severity": self.counts(),
                        "worst": self.worst().value if self.worst() else None},
            "findings": [f.to_dict() for f in self.findings],
        }
        out.update(self.extras())
        return out

    def extras(self) -> dict:
        """Everything but the findings and their summary (what a renderer adds to the findings)."""
        out: dict[str, Any] = {"files": [f.to_dict() for f in self.files]}
        if self.tables:
            out["tables"] = self.tables
        if self.traces:
            out["traces"] = [t.to_dict() for t in self.traces]
        if self.exemptions:
            out["exemptions"] = self.exemptions
        if self.notes:
            out["notes"] = self.notes
        return out


def pack_finding(raw, sql) -> tuple:
    """A RawFinding as a cacheable tuple (positions resolved to lines and columns)."""
    line, column, end_line, end_column = sql.span(raw.start, raw.end)
    fix = None
    if raw.fix is not None:
        fix = (raw.fix.title, tuple((e.start, e.end, e.text) for e in raw.fix.edits))
    return (raw.rule, raw.severity.value, raw.message, raw.help, line, column, end_line, end_column,
            raw.start, raw.end, raw.statement, fix, raw.data or {})


_SEVERITY = {s.value: s for s in Severity}


def unpack_finding(item: tuple, path: str) -> Finding:
    rule, severity, message, help_text, line, column, end_line, end_column, _, _, _, fix, data = item
    built_fix = None
    if fix is not None:
        built_fix = Fix(fix[0], tuple(TextEdit(s, e, t) for s, e, t in fix[1]))
    return Finding(rule, _SEVERITY[severity], message, help_text, Location(path, line, column, end_line, end_column),
                   built_fix, dict(data))
