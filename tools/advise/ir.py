"""One description of a query, whichever ORM or SQL it was read from, for the writers to print.

Readers resolve every table to its Prisma model and every column to its Prisma field, so that a
writer can print the name each ORM uses (Prisma field `feeVnd`, Drizzle key `feeVnd`, Kysely
column `fee_vnd`) and a value of the type each ORM expects. What a reader cannot model stays as
`Raw` SQL with the column references inside it resolved; a writer then uses its ORM's `sql`
template for that piece, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from tools.prisma.schema import PrismaField, PrismaModel


@dataclass(slots=True)
class Source:
    """A table in FROM or JOIN: its model and the alias the query gives it."""

    model: PrismaModel
    alias: str | None = None

    @property
    def name(self) -> str:
        """How columns of this source are qualified in SQL (the alias, else the table name)."""
        return self.alias or self.model.db_name


@dataclass(slots=True)
class Col:
    source: Source
    field: PrismaField


@dataclass(slots=True)
class Lit:
    value: Any  # str | int | float | bool | None


@dataclass(slots=True)
class Param:
    """A value supplied at run time: `$1`, `:from`, a TypeScript variable or expression."""

    name: str  # an identifier usable as a TypeScript parameter name
    text: str | None = None  # the TypeScript expression as written (None: a new parameter)
    list: bool = False  # used as `IN (...)` / `= ANY(...)`


@dataclass(slots=True)
class Raw:
    """An SQL expression kept as text; `parts` alternate text and Col/Param (in order)."""

    parts: list[Any]
    ts_type: str = "unknown"  # the TypeScript type of its value, when known

    @property
    def columns(self) -> list[Col]:
        return [p for p in self.parts if isinstance(p, Col)]


@dataclass(slots=True)
class Agg:
    func: str  # count | sum | avg | min | max
    arg: "Expr | None"  # None: count(*); a Col, or Raw SQL (`sum(quantity * price)`)
    distinct: bool = False


@dataclass(slots=True)
class OutRef:
    """A reference to an output column by its alias (ORDER BY completed, HAVING revenue > …)."""

    name: str


Expr = Union[Col, Lit, Param, Raw, Agg, OutRef]


@dataclass(slots=True)
class Cmp:
    left: Expr
    op: str  # = <> < <= > >= in not-in like ilike is-null is-not-null
    right: Any = None  # Expr, a list of Expr for in/not-in, None for is-null


@dataclass(slots=True)
class BoolOp:
    op: str  # and | or
    items: list["Cond"]


@dataclass(slots=True)
class Not:
    item: "Cond"


Cond = Union[Cmp, BoolOp, Not, Raw]


@dataclass(slots=True)
class Join:
    kind: str  # inner | left | right | full
    source: Source
    on: list[tuple[Col, Col]]  # equalities joined by AND


@dataclass(slots=True)
class Item:
    expr: Expr
    alias: str | None = None

    @property
    def name(self) -> str:
        if self.alias:
            return self.alias
        if isinstance(self.expr, Col):
            return self.expr.field.db_name
        if isinstance(self.expr, Agg):
            return self.expr.func
        return "value"


@dataclass(slots=True)
class Order:
    expr: Expr
    desc: bool = False
    nulls: str | None = None  # first | last, when written


@dataclass(slots=True)
class Include:
    """A relation loaded with its parent (Prisma include/select, Drizzle `with`)."""

    field: PrismaField  # the relation field on the parent model
    model: PrismaModel  # the related model
    columns: list[PrismaField] | None = None  # None: every scalar field
    includes: list["Include"] = field(default_factory=list)
    where: Cond | None = None
    order: list[Order] = field(default_factory=list)
    limit: Expr | None = None
    counts: list[PrismaField] = field(default_factory=list)  # `_count: { select: { rel: true } }`

    @property
    def many(self) -> bool:
        return self.field.list


@dataclass(slots=True)
class Query:
    kind: str  # select | insert | update | delete | upsert
    source: Source
    joins: list[Join] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # empty: every column of the source
    where: Cond | None = None
    group_by: list[Expr] = field(default_factory=list)
    having: Cond | None = None
    order: list[Order] = field(default_factory=list)
    limit: Expr | None = None
    offset: Expr | None = None
    distinct: bool = False
    single: bool = False  # the caller wants one row (findUnique/findFirst, LIMIT 1 by key)
    includes: list[Include] = field(default_factory=list)
    counts: list[PrismaField] = field(default_factory=list)
    rows: list[dict[str, Expr]] = field(default_factory=list)  # insert: column values by field name
    rows_from: "RowsFrom | None" = None  # insert: one row per element of a list
    set: dict[str, Expr] = field(default_factory=dict)  # update (and an upsert's update)
    conflict: list[PrismaField] = field(default_factory=list)  # upsert: the unique columns
    returning: bool = False

    @property
    def sources(self) -> list[Source]:
        return [self.source] + [j.source for j in self.joins]

    @property
    def aggregated(self) -> bool:
        return bool(self.group_by) or any(isinstance(i.expr, Agg) for i in self.items)


@dataclass(slots=True)
class RowsFrom:
    """Rows built from a list: `items.map((item) => ({ ... }))` (a loop of creates, a createMany)."""

    list_text: str  # the TypeScript expression of the list
    item: str  # the name each element has in the row expressions
    row: dict[str, Expr]  # values, in terms of `item`


class Unwritable(Exception):
    """The query uses something a writer cannot express in that ORM (the message says what)."""
