"""How the terminal chat shows things (rich): streamed answers with their code blocks highlighted,
findings as tables, and progress bars for long work (indexing, health checks).

The answers themselves come from the graph (templates or the model); this module only lays them
out. A code block (```sql, ```ts, ```diff …) is held back until its closing fence and then printed
through rich's Syntax, so an answer streams as it is written and its SQL/TypeScript still comes
out highlighted. Without a terminal (piped output, --no-color) the same text is printed plainly.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from typing import Callable, Iterator

from agent.graph.render import LISTED, MAX_LISTED, ORDER

# Answers whose findings the chat shows as a table rather than as lines of text.
FINDING_KINDS = {"lint", "drift", "health", "report"}
SEVERITY_STYLE = {"CRITICAL": "bold white on red", "HIGH": "bold red", "MEDIUM": "yellow", "LOW": "cyan", "INFO": "dim"}
# Fence labels to Pygments lexers (a label Pygments does not know is printed as plain text).
LEXERS = {"ts": "typescript", "tsx": "tsx", "typescript": "typescript", "sql": "postgresql", "diff": "diff",
          "prisma": "text", "mermaid": "text", "json": "json", "": "text"}
_FENCE = re.compile(r"^\s*```\s*([\w+-]*)\s*$")


class StreamPrinter:
    """Prints an answer as it arrives; fenced code blocks are printed highlighted once complete."""

    def __init__(self, console) -> None:
        self.console = console
        self._line = ""  # the current line, not yet ended
        self._shown = 0  # how much of it is already on screen
        self._code: list[str] | None = None  # lines of the open code block
        self._lexer = "text"
        self.wrote = False
        self._ended_line = True  # the last thing printed ended its line

    def feed(self, text: str) -> None:
        for piece in re.split(r"(\n)", text):
            if piece == "\n":
                self._end_line()
            elif piece:
                self._line += piece
                if self._code is None and not self._may_be_fence():
                    self._emit(self._line[self._shown:])
                    self._shown = len(self._line)

    def close(self) -> None:
        """The answer is complete: print what is held back (an unclosed block still as code)."""
        if self._line:
            self._end_line()
        if self._code is not None:
            self._print_code()
        if self.wrote and not self._ended_line:
            self.console.print()

    def _may_be_fence(self) -> bool:
        """A line is held back while it could still turn out to open or close a code block."""
        start = self._line.lstrip()
        return self._shown == 0 and (start.startswith("```") or "```".startswith(start))

    def _end_line(self) -> None:
        fence = _FENCE.match(self._line) if self._shown == 0 else None
        if self._code is not None:
            if fence:
                self._print_code()
            else:
                self._code.append(self._line)
        elif fence:
            self._code, self._lexer = [], LEXERS.get(fence.group(1).lower(), fence.group(1).lower() or "text")
        else:
            self._emit(self._line[self._shown:] + "\n")
        self._line, self._shown = "", 0

    def _emit(self, text: str) -> None:
        if text:
            self.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)
            self.wrote, self._ended_line = True, text.endswith("\n")

    def _print_code(self) -> None:
        from rich.syntax import Syntax

        code = "\n".join(self._code or [])
        self._code = None
        try:
            syntax = Syntax(code, self._lexer, theme="monokai", background_color="default", word_wrap=True)
        except Exception:  # an unknown lexer name: the code is still shown, plainly
            syntax = Syntax(code, "text", background_color="default", word_wrap=True)
        self.console.print(syntax)
        self.wrote, self._ended_line = True, True


def show_text(console, text: str) -> None:
    """A whole answer at once, through the same printer as a streamed one."""
    printer = StreamPrinter(console)
    printer.feed(text)
    printer.close()


def _where(finding: dict) -> str:
    location = finding.get("location") or {}
    return f"{location.get('file')}:{location.get('line')}" if location.get("file") else ""


def _common_folder(places: list[str]) -> str:
    """The folder every finding is in (said once above the table, so the 'where' column stays short)."""
    folders = [p.rsplit("/", 1)[0] for p in places if "/" in p]
    if not folders or len(folders) != len(places):
        return ""
    common = os.path.commonpath(folders)
    return "" if common in ("", "/", ".") else common


def findings_table(findings: list[dict], listed=LISTED):
    """The serious findings one per row (at most MAX_LISTED), the others counted per rule below."""
    from rich.table import Table
    from rich.text import Text

    serious = sorted((f for f in findings if f["severity"] in listed), key=lambda f: ORDER.index(f["severity"]))
    folder = _common_folder([_where(f) for f in serious[:MAX_LISTED]])
    table = Table(show_lines=False, expand=False, pad_edge=False, title=f"in {folder}/" if folder else None,
                  title_justify="left", title_style="dim")
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True, style="bold")
    table.add_column("where", overflow="fold")
    table.add_column("what happens, and the fix", ratio=1)
    for finding in serious[:MAX_LISTED]:
        what = Text(finding["message"])
        fix = (finding.get("help") or "").strip()
        if fix:
            what.append("\nfix: " + fix, style="green")
        where = _where(finding)[len(folder) + 1:] if folder else _where(finding)
        table.add_row(Text(finding["severity"], style=SEVERITY_STYLE.get(finding["severity"], "")), finding["rule"],
                      where, what)
    if len(serious) > MAX_LISTED:
        table.caption = f"… and {len(serious) - MAX_LISTED} more"
    return table if serious else None


def grouped_findings(findings: list[dict], listed=LISTED) -> list[str]:
    """'n × rule (SEVERITY)' for the findings below the listed severities."""
    grouped: dict[tuple[str, str], int] = {}
    for f in findings:
        if f["severity"] not in listed:
            grouped[(f["severity"], f["rule"])] = grouped.get((f["severity"], f["rule"]), 0) + 1
    ordered = sorted(grouped.items(), key=lambda kv: (ORDER.index(kv[0][0]), kv[0][1]))
    return [f"{n} × {rule} ({severity})" for (severity, rule), n in ordered]


def show_findings(console, facts: dict) -> None:
    findings = facts.get("findings") or []
    listed = LISTED if facts.get("kind") == "lint" else ORDER
    table = findings_table(findings, listed)
    if table is not None:
        console.print(table)
    for line in grouped_findings(findings, listed):
        console.print(f"  {line}", markup=False, highlight=False)


def show_result(console, result, streamed: bool) -> None:
    """One turn's answer: streamed text stays as it is; findings get their table; then the notes."""
    from agent.graph.render import render_answer

    facts = result.facts or {}
    with_table = facts.get("kind") in FINDING_KINDS and bool(facts.get("findings"))
    rejected = streamed and result.answer_source != "llm"
    if rejected:  # the person has read the model's text: say at once that it is replaced, and why
        console.print()
        for note in result.notes:
            console.print(f"[yellow]{_escape(note)}[/]")
    if not (streamed and result.answer_source == "llm"):
        text = result.answer
        if with_table and result.answer_source != "llm":
            text = render_answer(facts, (result.decision or {}).get("lang") or "en", list_findings=False)
        show_text(console, text)
    if with_table:
        show_findings(console, facts)
    for note in [] if rejected else result.notes:
        console.print(f"[dim]{_escape(note)}[/]")
    if result.usage.get("calls"):
        console.print(f"[dim]model: {result.usage['calls']} calls, {result.usage['input_tokens']} tokens in, "
                      f"{result.usage['output_tokens']} out[/]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@contextmanager
def step_progress(console, title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A bar over named steps (a health check: connecting, reading the catalog …); a no-op off a terminal.
    Bars are transient: once the work is done its result is printed in their place."""
    if not console.is_terminal:
        yield lambda step, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(title, total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=f"{title}: {step}", completed=done, total=total, refresh=True)

        yield report


@contextmanager
def count_progress(console, title: str) -> Iterator[Callable[[int, int], None]]:
    """A bar over a count (entries embedded while indexing); a no-op off a terminal."""
    if not console.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(title, total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield report


class Activity:
    """What the screen shows while a turn works: a spinner, replaced by a bar when the work reports
    steps (a health check), and gone as soon as the answer starts. Nothing off a terminal."""

    def __init__(self, console, label: str = "working…") -> None:
        self.console, self.label = console, label
        self._status = None
        self._progress = None
        self._task = None

    def __enter__(self) -> "Activity":
        if self.console.is_terminal:
            self._status = self.console.status(self.label, spinner="dots")
            self._status.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def step(self, step: str, done: int, total: int) -> None:
        if not self.console.is_terminal:
            return
        if self._progress is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._stop_status()
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=self.console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(step, total=total)
        self._progress.update(self._task, description=step, completed=done, total=total, refresh=True)

    def stop(self) -> None:
        self._stop_status()
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _stop_status(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


class TokenSink:
    """Where the model's tokens go during a turn (AgentContext.on_token): onto the screen as they come.

    After Ctrl-C a stream that is still delivering tokens is stopped at its next token, so nothing
    of a cancelled answer appears below the next prompt."""

    def __init__(self, console) -> None:
        self.console = console
        self.printer: StreamPrinter | None = None
        self.activity: Activity | None = None
        self.cancelled = False

    def start(self, activity: Activity | None = None) -> None:
        self.printer, self.activity, self.cancelled = None, activity, False

    def __call__(self, token: str) -> None:
        if self.cancelled:
            raise KeyboardInterrupt
        if self.printer is None:
            if self.activity is not None:
                self.activity.stop()
            self.printer = StreamPrinter(self.console)
        self.printer.feed(token)

    def finish(self) -> bool:
        """The stream is over: print what it held back; True when something was streamed."""
        printer, self.printer = self.printer, None
        if printer is None:
            return False
        printer.close()
        return printer.wrote

    def cancel(self) -> None:
        self.cancelled = True
        self.printer = None
