"""The column types a statement declares, for the rules about type choices (text, timestamptz, bigint...).

A type is declared by a column of CREATE TABLE, by ALTER TABLE ... ADD COLUMN, and by
ALTER COLUMN ... TYPE. Each comes with the text span of the type as written, so that a rule can
offer to replace it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from tools.lint.nodes import TypeRef, cmd_column_def, type_ref

if TYPE_CHECKING:
    from tools.lint.context import FileContext
    from tools.lint.parse import Statement

DECLARING = ("CreateStmt", "AlterTableStmt")
DECLARING_SUBTYPES = frozenset({"AT_AddColumn", "AT_AlterColumnType"})  # the ALTER TABLE commands that declare a type


@dataclass(slots=True)
class DeclaredType:
    table: str
    column: str
    type: TypeRef
    how: str  # "create", "add" or "alter"
    _stmt: "Statement"
    _ctx: "FileContext"
    _span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int]:
        """The type as written (found only when a rule reports on it)."""
        if self._span is None:
            self._span = type_span(self._ctx, self._stmt, self.type.location)
        return self._span


# a type as written: name (maybe quoted or qualified), multi-word forms, modifiers, array brackets
_TYPE_TEXT = re.compile(
    r'(?:"(?:[^"]|"")*"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\w$]+))?'
    r"(?:\s+(?:varying|precision|without\s+time\s+zone|with\s+time\s+zone))*"
    r"(?:\s*\([^)]*\))?"
    r"(?:\s+(?:without\s+time\s+zone|with\s+time\s+zone))?"
    r"(?:\s*\[\s*\d*\s*\])*",
    re.IGNORECASE,
)


def declared_types(stmt: "Statement", ctx: "FileContext") -> Iterator[DeclaredType]:
    if stmt.kind == "CreateStmt":
        table = stmt.table
        for element in stmt.node.get("tableElts") or ():
            column = element.get("ColumnDef")
            if column:
                yield from _declared(ctx, stmt, table, column.get("colname", ""), column, "create")
    elif stmt.kind == "AlterTableStmt":
        table = stmt.table
        for cmd in stmt.cmds:
            column = cmd_column_def(cmd)
            if column is None:
                continue
            if cmd.get("subtype") == "AT_AddColumn":
                yield from _declared(ctx, stmt, table, column.get("colname", ""), column, "add")
            elif cmd.get("subtype") == "AT_AlterColumnType":
                yield from _declared(ctx, stmt, table, cmd.get("name", ""), column, "alter")


def _declared(ctx: "FileContext", stmt: "Statement", table: str, name: str, column: dict, how: str) -> Iterator[DeclaredType]:
    ref = type_ref(column.get("typeName"))
    if ref is None:
        return
    yield DeclaredType(table, name, ref, how, stmt, ctx)


def type_span(ctx: "FileContext", stmt: "Statement", location: int) -> tuple[int, int]:
    start = ctx.at(stmt, location)
    match = _TYPE_TEXT.match(ctx.text, start, stmt.end)
    return (start, match.end()) if match and match.end() > start else ctx.element_span(stmt, location)
