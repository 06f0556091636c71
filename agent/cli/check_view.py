"""How `triple-orm check` shows a DriftReport in a terminal: grouped by comparison, then by kind
(drift, unknown to the schema, outside Prisma's model…), each comparison with the counts of what it
compared, so that "no findings" can be told from "nothing compared". The CI formats (SARIF, rdjson,
GitLab, GitHub) are the linter's renderers over the same findings.
"""

from __future__ import annotations

import io
from typing import Any

from tools.drift.rules import GROUP_TITLES
from tools.errors import ExitCode

_SEVERITY_STYLE = {"CRITICAL": "bold red", "HIGH": "red", "MEDIUM": "yellow", "LOW": "cyan", "INFO": "dim"}
_OBJECT_WORDS = {
    "schemas": ("schema", "schemas"), "extensions": ("extension", "extensions"), "enums": ("enum", "enums"),
    "tables": ("table", "tables"), "columns": ("column", "columns"), "primary_keys": ("primary key", "primary keys"),
    "indexes": ("index", "indexes"), "foreign_keys": ("foreign key", "foreign keys"), "views": ("view", "views"),
    "migrations": ("migration", "migrations"),
}
_GROUP_ORDER = ("drift", "history", "files", "unknown", "outside-model")
_SOURCES = (("schema", "schema"), ("database", "database"), ("migrations", "migrations"), ("drizzle", "drizzle"),
            ("kysely", "kysely"))


def render_text(report: Any, fail_on: Any, *, color: bool = False, width: int = 160, title: str = "triple-orm check") -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True,
                      width=width, emoji=False)
    _header(console, report, title)
    for comparison in report.comparisons:
        _comparison(console, comparison)
    _footer(console, report, fail_on)
    return buffer.getvalue()


def _esc(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))


def _header(console: Any, report: Any, title: str = "triple-orm check") -> None:
    console.print(f"[bold]{_esc(title)}[/]")
    sources = report.sources
    for key, label in _SOURCES:
        value = sources.get(key)
        if value:
            extra = f" (schema {sources['database_schema']})" if key == "database" and sources.get("database_schema") else ""
            console.print(f"  [dim]{label:<12}[/]{_esc(value)}{_esc(extra)}")


def counted(compared: dict[str, int]) -> str:
    """`11 tables, 75 columns, …` in a stable order."""
    parts = []
    for key, count in compared.items():
        singular, plural = _OBJECT_WORDS.get(key, (key.replace("_", " "), key.replace("_", " ")))
        parts.append(f"{count} {singular if count == 1 else plural}")
    return ", ".join(parts)


def _comparison(console: Any, comparison: Any) -> None:
    console.print(f"\n[bold]{_esc(comparison.title)}[/]")
    if comparison.status == "skipped":
        console.print(f"  [dim]skipped: {_esc(comparison.reason)}[/]")
        return
    if comparison.status == "failed":
        console.print(f"  [bold red]could not run:[/] {_esc(comparison.reason)}")
    elif comparison.total_compared:
        console.print(f"  compared {_esc(counted(comparison.compared))}")
    if comparison.status == "ran" and not comparison.findings:
        console.print("  [green]agree[/]")
    groups: dict[str, list] = {}
    for finding in comparison.findings:
        groups.setdefault(finding.data.get("group", "drift"), []).append(finding)
    for group, findings in sorted(groups.items(), key=lambda item: _GROUP_ORDER.index(item[0]) if item[0] in _GROUP_ORDER else 99):
        console.print(f"  [bold]{_esc(GROUP_TITLES.get(group, group))}[/] ({len(findings)})")
        for finding in sorted(findings, key=lambda f: -f.severity.rank):
            _finding(console, finding)
    for note in comparison.notes:
        console.print(f"  [dim]note: {_esc(note)}[/]")


def _finding(console: Any, finding: Any) -> None:
    severity = finding.severity.value
    console.print(f"    [{_SEVERITY_STYLE[severity]}]{severity:<6}[/] [bold]{_esc(finding.rule)}[/]  {_esc(finding.message)}")
    if finding.location is not None:
        where = f"{finding.location.file}:{finding.location.line}:{finding.location.column}"
        console.print(f"           [dim]--> {_esc(where)}[/]")
    sql = finding.data.get("sql")
    if sql:
        lines = str(sql).splitlines()
        console.print(f"           [dim]sql:[/] {_esc(lines[0])}")
        for line in lines[1:]:
            console.print(f"                {_esc(line)}")
    elif finding.help:
        console.print(f"           [dim]help: {_esc(finding.help)}[/]")


def _footer(console: Any, report: Any, fail_on: Any) -> None:
    findings = report.findings
    by_severity = ", ".join(f"{n} {s}" for s, n in report.counts().items())
    failing = len(report.failing(fail_on))
    console.print()
    summary = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    if findings:
        summary += f" ({by_severity}), {failing} at or above {fail_on.value}"
    code = report.exit_code(fail_on)
    verdict = {ExitCode.OK: "[green]everything agrees[/]", ExitCode.FINDINGS: "[red]drift[/]"}.get(
        code, "[bold red]the check could not run completely[/]")
    compared = sum(c.total_compared for c in report.comparisons)
    console.print(f"{summary}; {compared} objects compared; exit {code}: {verdict}")


def tool_info() -> Any:
    from tools import __version__
    from tools.drift.rules import RULES
    from tools.report import ToolInfo

    return ToolInfo("triple-orm check", __version__, rules={r.id: r.summary for r in RULES.values()})


def render_json(report: Any, fail_on: Any) -> str:
    """The shared JSON shape (tool, summary, findings) plus the comparisons and what was checked."""
    from tools.report import render

    payload = report.to_dict(fail_on, findings_in_comparisons=False)
    summary = {k: v for k, v in payload.pop("summary").items() if k not in ("findings", "by_severity")}
    return render(report.findings, "json", tool=tool_info(), summary=summary, extra=payload)


def render_ci(report: Any, fmt: str) -> str:
    """SARIF, rdjson, GitLab Code Quality or GitHub annotations, through the shared renderers."""
    from pathlib import Path

    from tools.report import render

    return render(report.findings, fmt, tool=tool_info(), base=Path.cwd())
