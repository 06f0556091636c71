"""Ignore comments: where they apply, and that they never come from inside a string."""

from __future__ import annotations

from tools.lint import lint_sql


def rules(sql: str) -> list[str]:
    return [f.rule for f in lint_sql(sql, runner="prisma").findings if f.rule != "regenerate-drizzle-and-kysely"]


def test_applies_to_the_next_statement_only() -> None:
    sql = ('-- triple-orm-ignore ban-drop-column: emptied in v2\nALTER TABLE "A" DROP COLUMN "x";\n'
           'ALTER TABLE "A" DROP COLUMN "y";\n')
    assert rules(sql).count("ban-drop-column") == 1


def test_block_comment_form_and_several_rules() -> None:
    sql = '/* triple-orm-ignore ban-drop-column, require-lock-timeout: a maintenance window */\nALTER TABLE "A" DROP COLUMN "x";'
    assert "ban-drop-column" not in rules(sql) and "require-lock-timeout" not in rules(sql)
    assert "unused-ignore" not in rules(sql)


def test_marker_inside_a_string_is_not_an_ignore() -> None:
    sql = 'ALTER TABLE "A" DROP COLUMN "x";\nCOMMENT ON TABLE "A" IS \'-- triple-orm-ignore ban-drop-column: no\';'
    assert "ban-drop-column" in rules(sql)


def test_file_wide_ignore_is_reported_when_unused() -> None:
    sql = '-- triple-orm-ignore-file ban-drop-table: old tables\nALTER TABLE "A" ADD COLUMN "x" TEXT;'
    report = lint_sql(sql)
    (unused,) = [f for f in report.findings if f.rule == "unused-ignore"]
    assert "ban-drop-table" in unused.message and unused.location.line == 1
