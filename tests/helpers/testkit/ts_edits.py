"""Hand edits of generated Drizzle and Kysely files, made where the readers say each object is.

Each edit takes the file's text and the object's source span (from `read_drizzle`/`read_kysely`)
and changes what a person would change: a builder, a `.notNull()`, a `.default(…)`, an
`.onDelete(…)`, a union member, a property line. Used by the drift tests to seed "a Drizzle
column edited by hand", "a Kysely column missing", and so on.
"""

from __future__ import annotations

import re


def offset(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based line and column."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[: line - 1]) + column - 1


def span_range(text: str, span) -> tuple[int, int]:
    return offset(text, span.line, span.column), offset(text, span.end_line or span.line, span.end_column or span.column)


def expression_end(text: str, start: int) -> int:
    """Where the expression starting at `start` ends: the next `,` `]` `}` or `)` at depth 0."""
    depth, index, quote = 0, start, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return index
            depth -= 1
        elif char == "," and depth == 0:
            return index
        index += 1
    return index


def remove_call(text: str, start: int, end: int, method: str) -> str | None:
    """`text` without the first `.method(…)` call found in [start, end), or None."""
    found = re.compile(rf"\s*\.{re.escape(method)}\(").search(text, start, end)
    if found is None:
        return None
    close = expression_end(text, found.end())  # the `)` closing the call
    return text[:found.start()] + text[close + 1:]


def replace_call_argument(text: str, start: int, end: int, method: str, value: str) -> str | None:
    found = re.compile(rf"\.{re.escape(method)}\(").search(text, start, end)
    if found is None:
        return None
    close = expression_end(text, found.end())
    return text[:found.end()] + value + text[close:]


def delete_lines(text: str, first: int, last: int) -> str:
    """`text` without lines first..last (1-based, inclusive)."""
    lines = text.split("\n")
    return "\n".join(lines[: first - 1] + lines[last:])


def delete_entry(text: str, start: int) -> str:
    """`text` without the array entry starting at `start` (through its trailing comma)."""
    end = expression_end(text, start)
    if end < len(text) and text[end] == ",":
        end += 1
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() == "" and text[end:text.find("\n", end) if "\n" in text[end:] else len(text)].strip() == "":
        start, end = line_start, text.find("\n", end) + 1  # the entry had its lines to itself
    return text[:start] + text[end:]
