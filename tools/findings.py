"""The one Finding shape every checker returns (linter, drift, health, type comparison, advisor).

One report, many renderers: the same `Finding` list feeds the terminal, JSON, SARIF, rdjson,
GitLab Code Quality, GitHub annotations, the PR comment and the MCP response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """Ordered from most to least serious; `rank` compares them."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    INFO = "INFO"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: "Severity") -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.strip().upper())
        except ValueError:
            from tools.errors import UsageError

            names = ", ".join(s.value for s in cls)
            raise UsageError(f"unknown severity {value!r}", help=f"use one of {names}") from None


_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: file and 1-based line/column, end inclusive of the last character."""

    file: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
        }


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace [start, end) (character offsets into the file) by `text`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested fix: a title and the edits that make it (applied by the runner, never by a rule)."""

    title: str
    edits: tuple[TextEdit, ...] = ()

    def to_dict(self) -> dict:
        return {"title": self.title, "edits": [e.to_dict() for e in self.edits]}


@dataclass(slots=True)
class Finding:
    """One problem: what it is (message), what to do (help), where (location), how bad (severity).

    `data` carries checker-specific facts (the lock a statement takes, the row estimate of a table,
    the two sides of a drift) as plain JSON values.
    """

    rule: str
    severity: Severity
    message: str
    help: str = ""
    location: Location | None = None
    fix: Fix | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "help": self.help,
            "location": self.location.to_dict() if self.location else None,
        }
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        if self.data:
            out["data"] = self.data
        return out


def worst(findings: list[Finding]) -> Severity | None:
    """The most serious severity among `findings`, or None when there are none."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)
