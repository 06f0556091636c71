"""The terminal report: findings grouped by file, worst first within a statement, with the source line.

    HIGH require-concurrent-index-creation  prisma/migrations/20240101_x/migration.sql:12:1
      Building index "Post_slug_idx" on Post without CONCURRENTLY holds a SHARE lock ...
        12 | CREATE INDEX "Post_slug_idx" ON "Post"("slug");
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      lock: SHARE · blocks: writes · table: Post
      help: Use CREATE INDEX CONCURRENTLY in a migration of its own ...
      fix: build the index CONCURRENTLY

Facts from `data` are shown generically (short values as `key: value`, lists of `{title, sql}` as
numbered steps), so every checker's findings read the same way. Styling goes through rich when
colour is on; plain text otherwise.
"""

from __future__ import annotations

from io import StringIO

from tools.findings import Finding, Severity
from tools.report import RenderInput
from tools.report.common import by_file, read_sources

STYLE = {Severity.CRITICAL: "bold white on red", Severity.HIGH: "bold red", Severity.MEDIUM: "yellow",
         Severity.LOW: "cyan", Severity.INFO: "dim"}
HIDDEN_FACTS = {"statement", "rewrite", "fingerprint"}
MAX_FACT_LENGTH = 80


def render_text(data: RenderInput) -> str:
    from rich.console import Console
    from rich.text import Text

    sources = read_sources(data.findings, data.base, data.sources)
    out = Text()
    for path, findings in by_file(data.findings):
        out.append(f"{path}\n", style="bold underline")
        lines = sources.get(path, "").split("\n")
        for finding in findings:
            _finding(out, finding, lines)
        out.append("\n")
    _summary(out, data)
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=data.color, no_color=not data.color, highlight=False,
                      soft_wrap=True, width=200)
    console.print(out, end="")
    return buffer.getvalue()


def _finding(out, finding: Finding, lines: list[str]) -> None:
    loc = finding.location
    where = f"{loc.file}:{loc.line}:{loc.column}" if loc else ""
    out.append(f"{finding.severity.value:<8}", style=STYLE[finding.severity])
    out.append(f" {finding.rule}", style="bold")
    out.append(f"  {where}\n", style="dim")
    out.append(f"  {finding.message}\n")
    if loc is not None and 1 <= loc.line <= len(lines):
        _source(out, loc, lines)
    facts = _facts(finding)
    if facts:
        out.append(f"  {facts}\n", style="dim")
    if finding.help:
        out.append("  help: ", style="bold green")
        out.append(f"{finding.help}\n")
    if finding.fix is not None and finding.fix.edits:
        out.append("  fix: ", style="bold green")
        out.append(f"{finding.fix.title}\n")
    for number, step in enumerate(finding.data.get("rewrite") or (), 1):
        if isinstance(step, dict) and "sql" in step:
            out.append(f"  step {number}: {step.get('title', '')}\n", style="green")
            out.append("".join(f"      {line}\n" for line in str(step["sql"]).rstrip().split("\n")), style="green")


def _source(out, loc, lines: list[str]) -> None:
    line_text = lines[loc.line - 1].rstrip("\r")
    gutter = " " * len(str(loc.line))
    end = loc.end_column if loc.end_line in (None, loc.line) and loc.end_column else len(line_text)
    width = max(1, min(end, len(line_text)) - loc.column + 1)
    out.append(f"    {loc.line} | ", style="blue")
    out.append(f"{line_text}\n")
    out.append(f"    {gutter} | ", style="blue")
    out.append(" " * (loc.column - 1) + "^" * width + "\n", style="bold red")


def _facts(finding: Finding) -> str:
    parts = []
    for key, value in finding.data.items():
        if key in HIDDEN_FACTS or value in (None, "", [], {}):
            continue
        if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int)) for v in value):
            value = ", ".join(str(v) for v in value)
        if isinstance(value, (str, int, float, bool)) and len(str(value)) <= MAX_FACT_LENGTH:
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return " · ".join(parts)


def _summary(out, data: RenderInput) -> None:
    counts = {s: 0 for s in Severity}
    for finding in data.findings:
        counts[finding.severity] += 1
    files = len({f.location.file for f in data.findings if f.location})
    if not data.findings:
        out.append(f"{data.tool.name}: no findings", style="bold green")
    else:
        out.append(f"{data.tool.name}: {len(data.findings)} finding(s) in {files} file(s): ", style="bold")
        shown = [(s, n) for s, n in counts.items() if n]
        for index, (severity, number) in enumerate(shown):
            out.append(f"{number} {severity.value}", style=STYLE[severity])
            out.append(", " if index < len(shown) - 1 else "")
    for key, value in (data.summary or {}).items():
        out.append(f"\n  {key.replace('_', ' ')}: {value}", style="dim")
    out.append("\n")
