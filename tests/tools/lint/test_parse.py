"""Parsing with PostgreSQL's grammar: exact statement places, located syntax errors, partial re-parses."""

from __future__ import annotations

import random

from tools.findings import TextEdit
from tools.lint.parse import apply_text_edits, parse_sql, reparse_edited
from tools.lint.sqltext import SqlText

SQL = """-- Migration: é and ✓ in a comment
/* block /* nested */ comment */
CREATE TABLE "Usér" ("id" TEXT NOT NULL);

-- CreateIndex
CREATE INDEX "Usér_id_idx" ON "Usér"("id");
ALTER TABLE "Usér" ADD COLUMN "naïve" TEXT  ;
SELECT 1"""


def test_statements_keep_their_exact_text_and_place() -> None:
    parsed = parse_sql(SQL)
    kinds = [s.kind for s in parsed.statements]
    assert kinds == ["CreateStmt", "IndexStmt", "AlterTableStmt", "SelectStmt"]
    for stmt in parsed.statements:
        assert SQL[stmt.start:stmt.end] == stmt.text
    assert parsed.statements[0].text.startswith('CREATE TABLE "Usér"')  # comments before it skipped
    assert parsed.statements[2].text.endswith('"naïve" TEXT')  # blanks before the semicolon trimmed
    assert parsed.statements[3].text == "SELECT 1"  # no semicolon at the end of the file
    assert not parsed.errors


def test_node_locations_are_bytes_and_convert_to_characters() -> None:
    parsed = parse_sql(SQL)
    stmt = parsed.statements[2]
    column = stmt.cmds[0]["def"]["ColumnDef"]
    offset = parsed.sql.char_offset(stmt.byte_base + column["location"])
    assert SQL[offset:offset + 7] == '"naïve"'


def test_line_and_column_of_offsets() -> None:
    sql = SqlText("ab\ncdé\nf")
    assert sql.line_col(0) == (1, 1)
    assert sql.line_col(3) == (2, 1)
    assert sql.line_col(7) == (3, 1)
    assert sql.span(3, 6) == (2, 1, 2, 3)


def test_syntax_error_is_located_and_the_rest_still_parsed() -> None:
    sql = 'ALTER TABLE "A" ADD COLUMN "b" TEXT;\nUPDATE "A" SET "x" = 1\n  "y" = 2;\nDROP TABLE "B";\n'
    parsed = parse_sql(sql)
    assert [s.kind for s in parsed.statements] == ["AlterTableStmt", "DropStmt"]
    (error,) = parsed.errors
    assert sql[error.start:error.end] == '"y"'
    assert "syntax error" in error.message


def test_unterminated_string_is_one_error() -> None:
    parsed = parse_sql("INSERT INTO a VALUES ('oops);\nSELECT 1;")
    assert not parsed.statements and len(parsed.errors) == 1


def test_empty_and_comment_only_files() -> None:
    assert parse_sql("").statements == []
    assert parse_sql("-- nothing here\n/* at all */\n").statements == []


def test_reparse_of_edited_statements_equals_a_full_parse() -> None:
    rng = random.Random(3)
    sql = SQL.replace("SELECT 1", "SELECT 1;\nALTER TABLE \"B\" DROP COLUMN \"c\";")
    parsed = parse_sql(sql)
    for _ in range(200):
        edits = []
        for stmt in rng.sample(parsed.statements, rng.randint(1, 2)):
            choice = rng.randrange(3)
            if choice == 0:
                edits.append(TextEdit(stmt.start, stmt.start, "SET LOCAL lock_timeout = '5s';\n"))
            elif choice == 1:
                edits.append(TextEdit(stmt.end, stmt.end, " "))
            else:
                edits.append(TextEdit(len(sql), len(sql), "\nCOMMIT;\n"))
        edits = sorted(set(edits), key=lambda e: (e.start, e.end, e.text))
        fast = reparse_edited(parsed, edits)
        if fast is None:
            continue
        full = parse_sql(apply_text_edits(sql, edits))
        assert [(s.kind, s.start, s.end, s.text) for s in fast.statements] == [(s.kind, s.start, s.end, s.text) for s in full.statements]
        for a, b in zip(fast.statements, full.statements):
            if a.kind == "AlterTableStmt":
                loc_a = a.byte_base + a.node["relation"]["location"]
                loc_b = b.byte_base + b.node["relation"]["location"]
                assert loc_a == loc_b


def test_overlapping_edits_are_refused() -> None:
    parsed = parse_sql('CREATE TABLE "A" ("b" TEXT);')
    assert reparse_edited(parsed, [TextEdit(0, 6, "x"), TextEdit(3, 8, "y")]) is None
