"""What drizzle-orm's functions give when a schema file calls them, evaluated statically.

`DrizzleEvaluator` extends the static evaluator with drizzle-orm's API: an import from any
`drizzle-orm…` module is an `Api` value; calling `text("id")` gives a `ColumnValue` whose methods
(`.notNull()`, `.default(…)`, `.references(…)`, …) return updated copies; `pgTable(...)` (and
`pgSchema("x").table`, `pgTableCreator(fn)`) builds a `TableValue`; `index()`, `foreignKey()`,
`primaryKey()`, `unique()`, `check()` build the table's extra-config items; `sql\\`…\\`` becomes an
`SqlValue` with its column references printed as drizzle prints them (`"column"`).

Semantics follow drizzle-orm 0.45 / drizzle-kit 0.31 (the pinned toolchain), checked against them:
- a column without a name takes its property key, converted by the configured casing;
- `.array()` starts a new column builder around the element type: what was chained before it
  (`.notNull()`, `.default()`) is dropped, as drizzle-kit drops it;
- `.references()` callbacks and the table's extra-config callback are evaluated after every table
  of the file is known (drizzle calls them lazily too), so tables may refer to later ones and to
  themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from tools.typescript.drizzle_model import (DrizzleColumn, DrizzleCustomType, DrizzleEnum, DrizzleRelation,
                                            DrizzleTable, DrizzleView)
from tools.typescript.modules import Binding, Project
from tools.typescript.parse import ReadProblem, string_piece
from tools.typescript.static_eval import Closure, Ctx, JsNumber, StaticEvaluator, Unknown

# Column builders of drizzle-orm/pg-core (their SQL types are in drizzle_types.py).
COLUMN_BUILDERS = frozenset((
    "bigint", "bigserial", "bit", "boolean", "char", "cidr", "date", "decimal", "doublePrecision", "geometry",
    "halfvec", "inet", "integer", "interval", "json", "jsonb", "line", "macaddr", "macaddr8", "numeric", "point",
    "real", "serial", "smallint", "smallserial", "sparsevec", "text", "time", "timestamp", "uuid", "varchar",
    "vector",
))
# Functions and objects of drizzle-orm that a schema file may call without it mattering here.
IGNORED_API = frozenset(("pgPolicy", "pgRole", "pgSequence", "sequence", "drizzle", "getTableColumns", "eq", "and",
                         "or", "isNull", "isNotNull", "inArray", "crudPolicy", "authenticatedRole", "anonRole"))
ACTIONS = frozenset(("cascade", "restrict", "no action", "set null", "set default"))


# -- values ------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Api:
    """A function or object exported by drizzle-orm (`pgTable`, `text`, `sql`, …)."""

    name: str
    schema: str | None = None  # for functions reached through pgSchema("x")


@dataclass(slots=True)
class Namespace:
    """`import * as p from "drizzle-orm/pg-core"`, or the `t` of `pgTable("x", (t) => ({ … }))`."""

    label: str


@dataclass(slots=True)
class SchemaValue:
    name: str


@dataclass(slots=True)
class TableFactory:
    """Something that builds tables: pgTable, `schema.table`, or a `pgTableCreator(fn)`."""

    label: str
    schema: str | None = None
    name_fn: Closure | None = None


@dataclass(slots=True)
class ColumnValue:
    """A column builder as chained so far (not yet placed in a table)."""

    column: DrizzleColumn
    references_fn: Any = None  # the `.references()` callback, evaluated once every table is known
    references_node: Any = None
    custom: "CustomTypeValue | None" = None
    # True once the builder is reachable from a constant (`const base = text()`): a change must then
    # work on a copy, so that other uses of the constant see it as declared
    shared: bool = False


@dataclass(slots=True)
class TableValue:
    table: DrizzleTable


@dataclass(slots=True)
class ColRef:
    """`table.column` (or `t.column` in extra config), with index-key options when chained."""

    table: DrizzleTable
    key: str
    order: str = "asc"
    nulls: str | None = None
    opclass: str | None = None


@dataclass(slots=True)
class SqlValue:
    """An `sql\\`…\\`` fragment as drizzle-kit prints it into DDL."""

    text: str


@dataclass(slots=True)
class EnumValue:
    enum: DrizzleEnum


@dataclass(slots=True)
class CustomTypeValue:
    custom: DrizzleCustomType
    data_type_fn: Closure | None = None


@dataclass(slots=True)
class ConfigItem:
    """An extra-config builder: index, primaryKey, foreignKey, unique, check (or an ignored one)."""

    kind: str  # "index" | "primary-key" | "foreign-key" | "unique" | "check" | "ignored"
    item: Any = None
    pending_on: Any = None  # foreignKey's config object, read once tables are known
    node: Any = None
    ctx: Any = None


@dataclass(slots=True)
class ViewValue:
    view: DrizzleView


@dataclass(slots=True)
class RelationHelper:
    """`one` / `many` of relations() v1, or `r.one` / `r.many` of defineRelations (v2)."""

    kind: str
    version: str = "v1"


@dataclass(slots=True)
class RelationValue:
    relation: DrizzleRelation


@dataclass(slots=True)
class V2Root:
    """The `r` of `defineRelations(schema, (r) => …)`."""


@dataclass(slots=True)
class V2Table:
    name: str


@dataclass(slots=True)
class V2Target:
    kind: str
    table: str


@dataclass(slots=True)
class V2Column:
    table: str
    key: str
    through: list = field(default_factory=list)


@dataclass(slots=True)
class RelationsValue:
    """The result of relations()/defineRelations(): the relation fields it declares."""

    relations: list[DrizzleRelation]


# -- casing ------------------------------------------------------------------------------------------

_WORDS = re.compile(r"[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+")


def column_casing(key: str, casing: str | None) -> str:
    """drizzle-orm's name for a column declared without one: the key, or its snake/camel form."""
    if casing not in ("snake_case", "camelCase"):
        return key
    words = _WORDS.findall(re.sub(r"['\u2019]", "", key))
    if casing == "snake_case":
        return "_".join(w.lower() for w in words)
    return "".join(w.lower() if i == 0 else w[0].upper() + w[1:] for i, w in enumerate(words))


def plain(value: Any) -> Any:
    """An evaluated option as plain JSON data (numbers as numbers, Unknown as None)."""
    if isinstance(value, JsNumber):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (Unknown, Closure)) or not isinstance(value, (str, int, float, bool, type(None))):
        return None
    return value


# -- the evaluator -----------------------------------------------------------------------------------

class DrizzleEvaluator(StaticEvaluator):
    """The static evaluator with drizzle-orm's API; collects tables, enums, relations as they are built."""

    def __init__(self, project: Project, casing: str | None = None):
        super().__init__(project)
        self.casing = casing
        self.problems: list[ReadProblem] = []
        self.tables: list[TableValue] = []  # every table built, in order
        self.enums: list[DrizzleEnum] = []
        self.custom_types: list[DrizzleCustomType] = []
        self.views: list[DrizzleView] = []
        self.relations: list[DrizzleRelation] = []
        self.pending: list[Callable[[], None]] = []  # references and extra configs, run by finish()
        self._reported: set[tuple] = set()
        self._columns_by_text: dict[tuple[str, bytes], tuple[ColumnValue, tuple]] = {}

    # -- problems -------------------------------------------------------------------------------
    def report(self, kind: str, message: str, node, ctx_or_module) -> None:
        module = ctx_or_module.module if isinstance(ctx_or_module, Ctx) else ctx_or_module
        key = (module.path, getattr(node, "start_byte", 0), message)
        if node is None or key in self._reported:
            return
        self._reported.add(key)
        self.problems.append(module.source.problem(kind, message, node))

    def report_unknown(self, value: Unknown, what: str) -> None:
        self.report("unresolved", f"{what}: {value.reason}", value.node, value.module)

    # -- imports ----------------------------------------------------------------------------------
    def package_value(self, binding: Binding, node, ctx: Ctx) -> Any:
        source = binding.source or ""
        if source == "drizzle-orm" or source.startswith("drizzle-orm/"):
            if binding.kind == "namespace-import":
                return Namespace(source)
            return Api(binding.imported or binding.name)
        return super().package_value(binding, node, ctx)

    # -- members ----------------------------------------------------------------------------------
    def member_value(self, obj: Any, name: str, node, ctx: Ctx) -> Any:
        if isinstance(obj, Namespace):
            return Api(name)
        if isinstance(obj, SchemaValue):
            if name == "table":
                return TableFactory(f"{obj.name}.table", obj.name)
            return Api({"enum": "pgEnum", "view": "pgView", "materializedView": "pgMaterializedView"}.get(name, name),
                       obj.name)
        if isinstance(obj, TableValue):
            if obj.table.column_by_key(name) is not None:
                return ColRef(obj.table, name)
            return Unknown(node, ctx.module, f"table `{obj.table.name}` has no column `{name}`")
        if isinstance(obj, EnumValue) and name == "enumValues":
            return list(obj.enum.values)
        if isinstance(obj, Api) and obj.name == "sql" and name in ("raw", "identifier", "join", "empty"):
            return Api("sql." + name)
        if isinstance(obj, Api) and obj.name == "pgTable" and name == "withRLS":
            return Api("pgTable", obj.schema)
        if isinstance(obj, (RelationHelper, RelationHelperSet, V2Root, V2Table)):
            return self._relation_member(obj, name)
        if isinstance(obj, (ColumnValue, ColRef, ConfigItem, ViewValue, TableValue, V2Column)):
            return BoundMethod(obj, name)
        return None

    def _relation_member(self, obj: Any, name: str) -> Any:
        if isinstance(obj, RelationHelperSet):
            return RelationHelper(name) if name in ("one", "many") else None
        if isinstance(obj, V2Root):
            return RelationHelper(name, "v2") if name in ("one", "many") else V2Table(name)
        if isinstance(obj, RelationHelper) and obj.version == "v2":
            return V2Target(obj.kind, name)
        if isinstance(obj, V2Table):
            return V2Column(obj.name, name)
        return None

    # -- calls ------------------------------------------------------------------------------------
    def _eval_call_expression(self, node, ctx: Ctx) -> Any:
        """Column builders written the same way at the top level of a file mean the same thing
        (`integer().notNull()` appears hundreds of times in a large schema): read each text once."""
        if ctx.env:
            return super()._eval_call_expression(node, ctx)
        key = (ctx.module.path, ctx.module.source.data[node.start_byte:node.end_byte])
        known = self._columns_by_text.get(key)
        if known is not None:
            return copy_column(known[0], known[1])
        reported, pending = len(self.problems), len(self.pending)
        value = super()._eval_call_expression(node, ctx)
        if isinstance(value, ColumnValue) and len(self.problems) == reported and len(self.pending) == pending:
            template = copy_column(value)
            self._columns_by_text[key] = (template, tuple(getattr(template.column, f) for f in _COLUMN_FIELDS))
        return value

    def call_value(self, callee: Any, call, ctx: Ctx) -> Any:
        from tools.typescript import drizzle_calls

        if isinstance(callee, Api):
            return drizzle_calls.call_api(self, callee, call, ctx)
        if isinstance(callee, TableFactory):
            return drizzle_calls.build_table(self, callee, call, ctx)
        if isinstance(callee, EnumValue):
            return drizzle_calls.enum_column(self, callee, call, ctx)
        if isinstance(callee, CustomTypeValue):
            return drizzle_calls.custom_column(self, callee, call, ctx)
        if isinstance(callee, BoundMethod):
            return drizzle_calls.call_method(self, callee, call, ctx)
        if isinstance(callee, (RelationHelper, V2Target)):
            return drizzle_calls.relation_call(self, callee, call, ctx)
        return None

    def shared(self, value: Any) -> Any:
        """Column builders held by a constant (directly or in a helper object) are copied on change."""
        if isinstance(value, ColumnValue):
            value.shared = True
        elif isinstance(value, dict):
            for item in value.values():
                self.shared(item)
        return value

    def finish(self) -> None:
        """Run the deferred callbacks (references, extra configs), including those they add."""
        while self.pending:
            batch, self.pending = self.pending, []
            for task in batch:
                task()


@dataclass(slots=True)
class BoundMethod:
    """`value.method` about to be called (`.notNull`, `.on`, `.desc`, …)."""

    target: Any
    name: str


@dataclass(slots=True)
class RelationHelperSet:
    """The helpers object passed to a relations() v1 callback (`{ one, many }`)."""


# -- sql`…` ------------------------------------------------------------------------------------------

def render_sql(evaluator: DrizzleEvaluator, template, ctx: Ctx) -> SqlValue | Unknown:
    """Print an `sql` template as drizzle-kit does: columns as "name", tables as "name", nested sql
    inline, `sql.raw` verbatim; other values are bound parameters, printed here as SQL literals."""
    pieces: list[str] = []
    for child in template.named_children:
        if child.type != "template_substitution":
            pieces.append(string_piece(ctx.module.source, child))
            continue
        value = evaluator.evaluate(child.named_children[0], ctx) if child.named_children else None
        text = sql_piece(value)
        if text is None:
            return value if isinstance(value, Unknown) else Unknown(child, ctx.module, "a value in this sql`…` is not a constant")
        pieces.append(text)
    return SqlValue("".join(pieces))


def sql_piece(value: Any) -> str | None:
    if isinstance(value, SqlValue):
        return value.text
    if isinstance(value, ColRef):
        column = value.table.column_by_key(value.key)
        return '"' + (column.name if column else value.key) + '"'
    if isinstance(value, ColumnValue):
        return '"' + value.column.name + '"'
    if isinstance(value, TableValue):
        return '"' + value.table.name + '"'
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, JsNumber):
        return value.js_string()
    if isinstance(value, bool):
        return "true" if value else "false"
    return None


def new_column(builder: str, kind: str, node, ctx: Ctx) -> DrizzleColumn:
    return DrizzleColumn(key="", name="", builder=builder, kind=kind, span=ctx.module.source.span(node))


def own_column(value: ColumnValue) -> ColumnValue:
    """The builder itself when nothing else holds it, else a copy (see `ColumnValue.shared`)."""
    return copy_column(value) if value.shared else value


_COLUMN_FIELDS = DrizzleColumn.__slots__


def copy_column(value: ColumnValue, fields: tuple | None = None) -> ColumnValue:
    """A copy of a column builder that can be changed without touching the original (`fields`:
    the column's field values, when already at hand)."""
    column = value.column
    clone = DrizzleColumn(*(fields if fields is not None else [getattr(column, name) for name in _COLUMN_FIELDS]))
    clone.options, clone.chain = dict(column.options), list(column.chain)
    if column.enum_values is not None:
        clone.enum_values = list(column.enum_values)
    if column.references is not None:
        clone.references = replace(column.references)
    if column.identity is not None:
        clone.identity = replace(column.identity, options=dict(column.identity.options))
    return ColumnValue(clone, value.references_fn, value.references_node, value.custom, False)

