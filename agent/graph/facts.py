"""Facts: what a tool node found, typed, with no prose — the only thing answers are built from.

Every tool node returns a `Facts`. It goes into the graph state as `to_dict()` (plain JSON, so the
SQLite checkpointer stores it and a later turn can reuse it), and both the template answer and the
LLM prompt are filled from it. `vocabulary()` lists every rule id, table, column, model and file the
facts contain: the grounding check accepts an answer only if every such name it uses is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
import re
from typing import Any

NAME_KINDS = ("rules", "tables", "columns", "models", "files", "enums")


@dataclass
class Facts:
    """The typed result of one tool call (or of a follow-up derived from earlier facts).

    kind      what the rows are: lint | sync | drift | relations | model | sql | diagram | search |
              why | safe_version …
    subject   what was asked about (target model, files, question), as given
    findings  `Finding.to_dict()` of the checkers, unchanged
    rows      route-specific records (relations, columns, retrieved entries, planned files)
    artifacts text shown verbatim (SQL, a Mermaid diagram, a diff, generated code)
    summary   counts and verdicts (by severity, worst, files)
    names     the vocabulary of the facts, by kind (rules, tables, columns, models, files, enums)
    """

    route: str
    kind: str
    subject: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    artifacts: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_names(self, kind: str, values) -> None:
        assert kind in NAME_KINDS, kind
        bucket = self.names.setdefault(kind, [])
        for value in values:
            if value and value not in bucket:
                bucket.append(str(value))

    def to_dict(self) -> dict[str, Any]:
        return {"route": self.route, "kind": self.kind, "subject": self.subject, "findings": self.findings,
                "rows": self.rows, "artifacts": self.artifacts, "summary": self.summary,
                "names": {k: sorted(v) for k, v in self.names.items()}, "notes": self.notes}


def findings_names(facts: Facts, findings: list[dict[str, Any]]) -> None:
    """Rule ids, files, and the tables/columns a finding's data names, into the vocabulary."""
    for finding in findings:
        facts.add_names("rules", [finding["rule"]])
        location = finding.get("location") or {}
        if location.get("file"):
            facts.add_names("files", [location["file"]])
        data = finding.get("data") or {}
        for key in ("table", "tables", "objects", "model", "models"):
            facts.add_names("tables", _strings(data.get(key)))
        for key in ("column", "columns", "field", "fields"):
            facts.add_names("columns", _strings(data.get(key)))


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value if isinstance(v, (str, int))]
    return [str(value)] if isinstance(value, (str, int)) else []


def vocabulary(facts: dict[str, Any]) -> set[str]:
    """Every name the facts contain, lower-cased: the listed names, and every identifier, dotted name,
    rule id and path written anywhere in them (messages, help, rows, artifacts) — an answer may use
    any of these, and nothing else."""
    out: set[str] = set()
    for values in (facts.get("names") or {}).values():
        out.update(v.lower() for v in values)
    text = json.dumps(facts, ensure_ascii=False).lower()
    out.update(_TOKEN.findall(text))
    for dotted in _DOTTED.findall(text):
        out.add(dotted)
        out.update(dotted.split("."))
    return out


_TOKEN = re.compile(r"[a-z_][a-z0-9_\-]*[a-z0-9_]|[a-z]")
_DOTTED = re.compile(r"[a-z_][\w\-]*(?:[./][\w\-]+)+")
