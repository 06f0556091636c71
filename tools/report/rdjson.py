"""reviewdog's rdjson (`reviewdog -f=rdjson`): diagnostics with ranges and suggestions.

reviewdog counts columns in UTF-8 bytes and ends ranges exclusively; fixes become `suggestions`,
which its github-pr-review reporter posts as suggested changes.
"""

from __future__ import annotations

from tools.findings import Finding, Severity
from tools.report import RenderInput
from tools.report.common import to_json, edit_positions, end_exclusive, path_of, read_sources

SEVERITY = {Severity.CRITICAL: "ERROR", Severity.HIGH: "ERROR", Severity.MEDIUM: "WARNING", Severity.LOW: "INFO",
            Severity.INFO: "INFO"}


def render_rdjson(data: RenderInput) -> str:
    sources = read_sources(data.findings, data.base, data.sources)
    source = {"name": data.tool.name, "url": data.tool.url}
    worst = max((f.severity for f in data.findings), key=lambda s: s.rank, default=None)
    out = {"source": source, "severity": SEVERITY[worst] if worst else "INFO",
           "diagnostics": [_diagnostic(f, data, sources.get(path_of(f))) for f in data.findings]}
    return to_json(out, pretty=len(data.findings) <= 2000)


def _byte_column(text: str | None, line: int, column: int) -> int:
    """reviewdog wants the column in UTF-8 bytes; ours count characters."""
    if text is None or text.isascii():
        return column
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return column
    return len(lines[line - 1][: column - 1].encode("utf-8")) + 1


def _range(text: str | None, line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"start": {"line": line, "column": _byte_column(text, line, column)},
            "end": {"line": end_line, "column": _byte_column(text, end_line, end_column)}}


def _diagnostic(finding: Finding, data: RenderInput, text: str | None) -> dict:
    line, column, end_line, end_column = end_exclusive(finding)
    code: dict = {"value": finding.rule}
    if data.tool.rule_url:
        code["url"] = data.tool.rule_url(finding.rule)
    out: dict = {
        "message": finding.message + (f"\n{finding.help}" if finding.help else ""),
        "location": {"path": path_of(finding), "range": _range(text, line, column, end_line, end_column)},
        "severity": SEVERITY[finding.severity], "source": {"name": data.tool.name, "url": data.tool.url}, "code": code,
    }
    suggestions = []
    for edit in finding.fix.edits if finding.fix else ():
        positions = edit_positions(edit, text)
        if positions:
            suggestions.append({"range": _range(text, *positions), "text": edit.text})
    if suggestions:
        out["suggestions"] = suggestions
    return out
