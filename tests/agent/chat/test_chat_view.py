"""The chat's rendering on its own: an answer streamed token by token keeps its prose immediate and
its code blocks whole (highlighted once the closing fence arrives), and findings become a table."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from agent.cli.chat_view import StreamPrinter, findings_table, grouped_findings


def console(color: bool = False) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, force_terminal=color, color_system="truecolor" if color else None,
                   no_color=not color, highlight=False), out


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 7, 1000])
def test_fences_split_anywhere_between_tokens(cut):
    text = "Run this first:\n```sql\nSET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN phone;\n```\nThen deploy."
    screen, out = console()
    printer = StreamPrinter(screen)
    for start in range(0, len(text), cut):
        printer.feed(text[start:start + cut])
    printer.close()
    assert out.getvalue() == ("Run this first:\nSET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN phone;\n"
                              "Then deploy.\n")


def test_prose_is_shown_before_the_answer_ends_and_backticks_in_prose_stay():
    screen, out = console()
    printer = StreamPrinter(screen)
    printer.feed("`users.phone` is dropped while the old")
    assert out.getvalue() == "`users.phone` is dropped while the old"  # on screen already, mid-line
    printer.feed(" version still reads it")
    printer.close()
    assert out.getvalue() == "`users.phone` is dropped while the old version still reads it\n"


def test_code_is_highlighted_and_an_unclosed_block_still_shown():
    screen, out = console(color=True)
    printer = StreamPrinter(screen)
    printer.feed("```ts\nexport const lesson = pgTable(\"Lesson\", {});\n")  # the model stopped mid-block
    printer.close()
    shown = out.getvalue()
    assert "\x1b[" in shown and "```" not in shown
    assert shown.index("export") < shown.index("pgTable") and "\x1b[" in shown[:shown.index("export")]


def _finding(severity: str, rule: str, file: str, line: int) -> dict:
    return {"severity": severity, "rule": rule, "message": f"{rule} message", "help": f"{rule} help",
            "location": {"file": file, "line": line}}


def test_findings_table_lists_serious_findings_and_counts_the_rest():
    folder = "apps/api/prisma/migrations"
    findings = [_finding("LOW", "prefer-text-field", f"{folder}/1_init/migration.sql", 3),
                _finding("MEDIUM", "require-lock-timeout", f"{folder}/2_b/migration.sql", 9),
                _finding("CRITICAL", "ban-drop-table", f"{folder}/2_b/migration.sql", 12),
                _finding("LOW", "prefer-text-field", f"{folder}/2_b/migration.sql", 4),
                _finding("HIGH", "ban-drop-column", f"{folder}/1_init/migration.sql", 7)]
    screen, out = console()
    screen.print(findings_table(findings))
    rows = [line for line in out.getvalue().splitlines() if "migration.sql" in line]
    assert f"in {folder}/" in out.getvalue()  # the shared folder once, above the table
    assert [r.split("│")[1].strip() for r in rows] == ["CRITICAL", "HIGH", "MEDIUM"]  # worst first, LOW not listed
    assert "2_b/migration.sql:12" in rows[0] and "ban-drop-table message" in rows[0]
    assert grouped_findings(findings) == ["2 × prefer-text-field (LOW)"]


def test_findings_table_says_how_many_more():
    findings = [_finding("HIGH", f"rule-{i}", "m.sql", i) for i in range(20)]
    screen, out = console()
    screen.print(findings_table(findings))
    assert "… and 5 more" in out.getvalue() and "rule-14" in out.getvalue() and "rule-15" not in out.getvalue()
