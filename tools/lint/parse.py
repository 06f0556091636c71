"""Split a migration file into statements with PostgreSQL's own parser (libpg_query through pglast).

We ask for the parse tree as JSON and keep it as plain dicts: building pglast's node objects costs
five times more than the parse itself, and the rules only read a few fields. Each statement keeps
its exact place in the file (character offsets, leading comments skipped).

A file with a syntax error is split again with PostgreSQL's scanner, so that the statements around
the broken one are still linted and the error is reported where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.lint.nodes import rel_key
from tools.lint.sqltext import SqlText, skip_trivia, trim_end



def json_loads(text: str):
    """orjson when installed (the agent's dependencies bring it: 1.5x faster on parse trees), else json."""
    global json_loads
    try:
        from orjson import loads
    except ImportError:  # pragma: no cover - the standard library does the same, slower
        from json import loads
    json_loads = loads
    return loads(text)


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
    cmds: list = field(default_factory=list)  # ALTER TABLE: its subcommands, unwrapped once for every rule
    table: str = ""  # the key of its `relation` (the table it works on), when it has one


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
        tree = json_loads(parser.parse_sql_json(text))
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
            tree = json_loads(parser.parse_sql_json(piece_text))
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
        cmds = [c["AlterTableCmd"] for c in node.get("cmds") or () if "AlterTableCmd" in c] if kind == "AlterTableStmt" else []
        relation = node.get("relation")
        table = rel_key(relation) if isinstance(relation, dict) else ""
        parsed.statements.append(Statement(len(parsed.statements), kind, node, start, end, byte_base, text[start:end], cmds, table))


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


def reparse_edited(parsed: ParsedFile, edits: list) -> ParsedFile | None:
    """The parse of `parsed`'s text with `edits` applied, re-parsing only the statements they touch.

    Used to check fixes: a fix changes one or two statements of a file, so the others keep their
    trees (moved by the length the edits before them add). Complete statements inserted before a
    statement (`SET lock_timeout = '5s';` at the top) are parsed on their own, and the statement
    after them is moved, not parsed again. Returns None when edits overlap.
    """
    text = parsed.sql.text
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    new_text = apply_text_edits(text, edits)
    if new_text is None:
        return None
    if parsed.errors:
        return parse_sql(new_text)
    regions = _regions(parsed.statements, edits)
    from pglast import parser

    out = ParsedFile(SqlText(new_text))
    ascii_ = parsed.sql.ascii and out.sql.ascii
    position = 0
    for region_start, region_end in regions:
        for stmt in parsed.statements[position:]:
            if stmt.start >= region_start:
                break
            _shifted(out, stmt, edits, text, new_text, ascii_)
            position += 1
        new_start, new_end = _moved(region_start, edits, inclusive=False), _moved(region_end, edits, inclusive=True)
        try:
            tree = json_loads(parser.parse_sql_json(new_text[new_start:new_end]))
        except parser.ParseError:
            return parse_sql(new_text)
        _add_piece(out, tree, new_start, new_end, new_start if ascii_ else len(new_text[:new_start].encode("utf-8")))
        while position < len(parsed.statements) and parsed.statements[position].start < region_end:
            position += 1
    for stmt in parsed.statements[position:]:
        _shifted(out, stmt, edits, text, new_text, ascii_)
    return out


def apply_text_edits(text: str, edits: list) -> str | None:
    """`text` with the edits (start, end, text) applied, or None when two of them overlap."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    parts, pos = [], 0
    for edit in edits:
        if edit.start < pos:
            return None
        parts += [text[pos:edit.start], edit.text]
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def _regions(statements: list[Statement], edits: list) -> list[tuple[int, int]]:
    """Old-text ranges to re-parse: each edit with the statements it touches, merged."""
    regions: list[list[int]] = []
    starts = {stmt.start for stmt in statements}
    for edit in edits:
        start, end = edit.start, edit.end
        if not _inserts_statements_before(edit, starts):
            for stmt in statements:
                if edit.start <= stmt.end and edit.end >= stmt.start:
                    start, end = min(start, stmt.start), max(end, stmt.end)
        if regions and start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return [(s, e) for s, e in regions]


def _inserts_statements_before(edit, starts: set[int]) -> bool:
    """An insertion of whole statements, ended by a semicolon and a newline, where a statement starts.

    PostgreSQL's scanner starts afresh after them (if they parse on their own, no quote or comment
    is left open), so they are parsed alone and the statement that follows keeps its tree.
    """
    return edit.start == edit.end and edit.start in starts and edit.text.endswith(";\n")


def _moved(offset: int, edits: list, inclusive: bool) -> int:
    """Where an old offset lands in the new text (edits at the offset count when `inclusive`)."""
    delta = 0
    for edit in edits:
        if edit.end < offset or (edit.end == offset and (inclusive or edit.start < offset)):
            delta += len(edit.text) - (edit.end - edit.start)
    return offset + delta


def _shifted(out: ParsedFile, stmt: Statement, edits: list, text: str, new_text: str, ascii_: bool) -> None:
    # an edit that ends where a statement not parsed again starts inserted statements before it
    start = _moved(stmt.start, edits, inclusive=True)
    delta = start - stmt.start
    byte_base = stmt.byte_base
    if delta:
        byte_base += delta if ascii_ else len(new_text[:start].encode("utf-8")) - len(text[:stmt.start].encode("utf-8"))
    out.statements.append(Statement(len(out.statements), stmt.kind, stmt.node, start, stmt.end + delta, byte_base, stmt.text,
                                    stmt.cmds, stmt.table))
