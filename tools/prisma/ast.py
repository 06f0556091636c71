"""The syntax tree of the Prisma schema language, exactly as written (no meaning attached yet).

Every node keeps the character offsets of its text in its `SourceFile`, so errors and findings can
point at file, line and column, and tools can map a database object back to the schema line that
declared it. `tools.prisma.schema` gives the tree its meaning (names in the database, relations).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Union

from tools.errors import LazySpan, SourceSpan


@dataclass(slots=True, eq=False)
class SourceFile:
    """One `.prisma` file: its path as shown to people, its text, and a line index."""

    path: str
    text: str
    _line_starts: list[int] | None = field(default=None, repr=False)

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self._starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> SourceSpan:
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return SourceSpan(self.path, line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        starts = self._starts()
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end].rstrip("\r")


@dataclass(slots=True, eq=False)
class Node:
    file: SourceFile
    start: int
    end: int

    @property
    def span(self) -> LazySpan:
        return LazySpan(self.file, self.start, self.end)


@dataclass(slots=True, eq=False)
class StringValue(Node):
    value: str


@dataclass(slots=True, eq=False)
class NumberValue(Node):
    text: str

    @property
    def is_integer(self) -> bool:
        return "." not in self.text and "e" not in self.text.lower()


@dataclass(slots=True, eq=False)
class ConstantValue(Node):
    """A bare identifier or dotted path used as a value: `Cascade`, `true`, `Desc`, `Gin`, `db.Foo`."""

    name: str


@dataclass(slots=True, eq=False)
class ArrayValue(Node):
    items: list["Value"]


@dataclass(slots=True, eq=False)
class FunctionValue(Node):
    """A call: `now()`, `dbgenerated("…")`, `env("URL")`, and index fields like `title(ops: raw("x"))`."""

    name: str
    args: list["Argument"]


Value = Union[StringValue, NumberValue, ConstantValue, ArrayValue, FunctionValue]


@dataclass(slots=True, eq=False)
class Argument(Node):
    name: str | None  # None for a positional argument
    value: Value


@dataclass(slots=True, eq=False)
class Attribute(Node):
    """`@name(args)` on a field or enum value, `@@name(args)` on a block. `name` may be dotted (`db.VarChar`)."""

    name: str
    args: list[Argument]
    block: bool = False
    name_end: int = 0

    def arg(self, name: str, position: int | None = None) -> Argument | None:
        """The argument called `name`, or the positional one at `position` when it is unnamed."""
        for argument in self.args:
            if argument.name == name:
                return argument
        if position is not None:
            positional = [a for a in self.args if a.name is None]
            if position < len(positional):
                return positional[position]
        return None

    @property
    def display(self) -> str:
        return ("@@" if self.block else "@") + self.name


@dataclass(slots=True, eq=False)
class FieldType(Node):
    name: str  # "String", "User", or the text inside Unsupported("…")
    optional: bool = False
    list: bool = False
    unsupported: bool = False


@dataclass(slots=True, eq=False)
class Field(Node):
    name: str
    type: FieldType
    attributes: list[Attribute]
    documentation: str | None = None
    comment: str | None = None  # a trailing `// …` comment
    name_end: int = 0

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None


@dataclass(slots=True, eq=False)
class Block(Node):
    """A `model`, `view` or `type` (composite type) declaration."""

    keyword: str
    name: str
    fields: list[Field]
    attributes: list[Attribute]
    documentation: str | None = None
    name_start: int = 0
    name_end: int = 0

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def attributes_named(self, name: str) -> list[Attribute]:
        return [a for a in self.attributes if a.name == name]


@dataclass(slots=True, eq=False)
class EnumValue(Node):
    name: str
    attributes: list[Attribute]
    documentation: str | None = None


@dataclass(slots=True, eq=False)
class EnumBlock(Node):
    name: str
    values: list[EnumValue]
    attributes: list[Attribute]
    documentation: str | None = None
    name_start: int = 0
    name_end: int = 0

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None


@dataclass(slots=True, eq=False)
class Property(Node):
    """`key = value` inside a datasource or generator block."""

    name: str
    value: Value | None


@dataclass(slots=True, eq=False)
class ConfigBlock(Node):
    keyword: str  # "datasource" or "generator"
    name: str
    properties: list[Property]
    documentation: str | None = None
    name_start: int = 0
    name_end: int = 0

    def get(self, name: str) -> Property | None:
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None


Declaration = Union[Block, EnumBlock, ConfigBlock]


@dataclass(slots=True, eq=False)
class SchemaAst:
    """All declarations of a schema, from one file or a folder of files, in file order."""

    files: list[SourceFile]
    declarations: list[Declaration]
