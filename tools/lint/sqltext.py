"""Positions in a migration file: PostgreSQL's byte offsets, Python's characters, lines and columns.

libpg_query reports every location as a byte offset into the UTF-8 text; findings, fixes and
editors count characters. `SqlText` converts between the two (free for ASCII files, which most
migrations are) and from a character offset to a 1-based line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class SqlText:
    """The text of one SQL file with its line starts and byte-to-character map."""

    __slots__ = ("text", "ascii", "_line_starts", "_byte_marks", "_char_marks")

    def __init__(self, text: str):
        self.text = text
        self.ascii = text.isascii()
        self._line_starts: list[int] | None = None
        self._byte_marks: list[int] | None = None
        self._char_marks: list[int] | None = None

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a byte offset reported by PostgreSQL's parser."""
        if self.ascii:
            return byte_offset
        if self._byte_marks is None:
            self._build_byte_map()
        index = bisect_right(self._byte_marks, byte_offset) - 1  # type: ignore[arg-type]
        if index < 0:
            return byte_offset
        # each mark is the first byte after a non-ASCII character: bytes and characters move together
        # from there until the next one
        return self._char_marks[index] + (byte_offset - self._byte_marks[index])  # type: ignore[index]

    def _build_byte_map(self) -> None:
        byte_marks, char_marks = [], []
        extra = 0  # bytes beyond one per character so far
        for match in _NON_ASCII.finditer(self.text):
            code = ord(match.group())
            extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
            index = match.start()
            byte_marks.append(index + 1 + extra)
            char_marks.append(index + 1)
        self._byte_marks, self._char_marks = byte_marks, char_marks

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of [start, end), the end column inclusive."""
        line, column = self.line_col(start)
        if end <= start:
            return line, column, line, column
        end_line, end_column = self.line_col(end - 1)
        return line, column, end_line, end_column

    def line_text(self, line: int) -> str:
        self.line_col(0)
        starts = self._line_starts
        if not starts or line < 1 or line > len(starts):
            return ""
        begin = starts[line - 1]
        stop = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[begin:stop].rstrip("\r")


_TRIVIA = re.compile(r"(?:\s+|--[^\n]*)*")


def skip_trivia(text: str, pos: int, end: int | None = None) -> int:
    """The offset of the first character at or after `pos` that is not blank or inside a comment."""
    end = len(text) if end is None else end
    pos = _TRIVIA.match(text, pos, end).end()  # the common case, blanks and line comments, in C
    while pos < end:
        char = text[pos]
        if char.isspace():
            pos += 1
        elif text.startswith("--", pos):
            newline = text.find("\n", pos)
            pos = end if newline < 0 else newline + 1
        elif text.startswith("/*", pos):
            pos = _skip_block_comment(text, pos, end)
        else:
            break
    return min(pos, end)


def _skip_block_comment(text: str, pos: int, end: int) -> int:
    # PostgreSQL's block comments nest, unlike C's
    depth = 0
    while pos < end:
        if text.startswith("/*", pos):
            depth += 1
            pos += 2
        elif text.startswith("*/", pos):
            depth -= 1
            pos += 2
            if depth == 0:
                return pos
        else:
            pos += 1
    return end


def trim_end(text: str, start: int, end: int) -> int:
    """`end` moved back over trailing blanks (the parser's statement length may include them)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def quote_ident(name: str) -> str:
    """An identifier quoted as Prisma and drizzle-kit write them."""
    return '"' + name.replace('"', '""') + '"'
