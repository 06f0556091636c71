"""Split a migration file into statements with PostgreSQL's own parser (libpg_query through pglast).

We ask for the parse tree as JSON and keep it as plain dicts: building pglast's node objects costs
five times more than the parse itself, and the rules only read a few fields. Each statement keeps
its exact place in the file (character offsets, leading comments skipped).

A file with a syntax error is split again with PostgreSQL's scanner, so that the statements around
the broken one are still linted and the error is reported where it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tools.lint.sqltext import SqlText, skip_trivia, trim_end


@dataclass(slots=True)
class Statement:
    """One top-level statement: its node type (`AlterTableStmt`), fields, and place in the file."""

    index: int
    kind: str
    node: dict[str, Any]
    start: int  # character offset of its first token
    end: int  # character offset just after its last token (before the semicolon)
    byte_base: int = 0  # byte offset that the node's own `location` fields are relative to
    text: str = ""


@dataclass(slots=True)
class SyntaxProblem:
    message: str
    start: int
    end: int


@dataclass(slots=True)
class ParsedFile:
    sql: SqlText
    statements: list[Statement] = field(default_factory=list)
    errors: list[SyntaxProblem] = field(default_factory=list)


def parse_sql(text: str) -> ParsedFile:
    """Every statement of `text`, or the syntax errors that stopped PostgreSQL's parser."""
    from pglast import parser

    sql = SqlText(text)
    parsed = ParsedFile(sql)
    try:
        tree = json.loads(parser.parse_sql_json(text))
    except parser.ParseError as error:
        _parse_piecewise(parsed, parser)
        if not parsed.errors:  # the scanner split hid the problem: report the parser's own words
            parsed.errors.append(_problem(text, error, 0, len(text)))
        return parsed
    _add_statements(parsed, tree)
    return parsed


def _add_statements(parsed: ParsedFile, tree: dict) -> None:
    _add_piece(parsed, tree, 0, len(parsed.sql.text), 0)


def _parse_piecewise(parsed: ParsedFile, parser) -> None:
    """Parse statement by statement after a syntax error, reporting each broken one."""
    text = parsed.sql.text
    try:
        pieces = parser.split(text, with_parser=False, only_slices=True)
    except parser.ParseError as error:  # e.g. an unterminated quoted string: nothing can be split
        parsed.errors.append(_problem(text, error, 0, len(text)))
        return
    for piece in pieces:
        piece_text = text[piece.start:piece.stop]
        try:
            tree = json.loads(parser.parse_sql_json(piece_text))
        except parser.ParseError as error:
            parsed.errors.append(_problem(piece_text, error, piece.start, piece.stop))
            continue
        byte_base = len(text[:piece.start].encode("utf-8"))
        _add_piece(parsed, tree, piece.start, piece.stop, byte_base)


def _add_piece(parsed: ParsedFile, tree: dict, char_start: int, char_stop: int, byte_base: int) -> None:
    text, sql = parsed.sql.text, parsed.sql
    for raw in tree.get("stmts", ()):
        stmt = raw.get("stmt")
        if not stmt:
            continue
        (kind, node), = stmt.items()
        location, length = byte_base + raw.get("stmt_location", 0), raw.get("stmt_len", 0)
        start = sql.char_offset(location)
        end = sql.char_offset(location + length) if length else char_stop
        start = skip_trivia(text, start, end)
        end = trim_end(text, start, end)
        parsed.statements.append(Statement(len(parsed.statements), kind, node, start, end, byte_base, text[start:end]))


def _problem(piece_text: str, error: Exception, base: int, stop: int) -> SyntaxProblem:
    message = str(error.args[0]) if error.args else str(error)
    index = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else None
    if index is None:  # "at end of input": point at the last token of the piece
        start = base + len(piece_text.rstrip())
        start = max(base, start - 1)
        return SyntaxProblem(message, start, start + 1)
    start = base + index
    end = start + 1
    while end < stop and (piece_text[end - base].isalnum() or piece_text[end - base] in '_"'):
        end += 1
    return SyntaxProblem(message, start, min(end, stop))
