"""What a Drizzle schema file declares, as read from its source: `DrizzleFile` and its parts.

These classes describe the TypeScript as written (TS variable names, property keys, builder names
and options, the method chain), with the SQL names resolved the way drizzle-orm resolves them
(explicit name first, else the property key through the configured casing). Turning them into the
database drizzle-kit would create is `drizzle_to_catalog` (tools/typescript/drizzle_catalog.py).
Every part carries `span`, the place in the file (or the sibling file a helper came from) it was
read from; everything that could not be read is a `ReadProblem` in `DrizzleFile.problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.catalog.model import DEFAULT_SCHEMA, qualified
from tools.errors import SourceSpan
from tools.typescript.parse import ReadProblem


def _span(span: SourceSpan | None) -> dict | None:
    return span.to_dict() if span is not None else None


def _plain(value: Any) -> Any:
    """A JSON-ready copy of an option value (numbers kept as written are JsNumber)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


@dataclass(slots=True)
class DrizzleDefault:
    """A database-side default: `.default(value)`, `.default(sql\\`…\\`)`, `.defaultNow()`, `.defaultRandom()`."""

    kind: str  # "value" | "sql" | "now" | "random" | "unresolved"
    value: Any = None  # the literal (str, JsNumber, bool, None, list, dict, JsDate) for kind "value"
    sql: str | None = None  # the SQL text for kind "sql" (column references as "column")
    text: str = ""  # the source text of the argument

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.kind == "value":
            out["value"] = _plain(self.value)
        if self.sql is not None:
            out["sql"] = self.sql
        return out


@dataclass(slots=True)
class DrizzleReference:
    """`.references(() => other.col, { onDelete, onUpdate })`, resolved to the target's SQL names."""

    table_variable: str | None
    column_key: str | None
    on_delete: str | None = None  # as written: "cascade", "set null", …; None = drizzle's "no action"
    on_update: str | None = None
    span: SourceSpan | None = None
    schema: str | None = None  # filled once every table is read
    table: str | None = None
    column: str | None = None

    def to_dict(self) -> dict:
        return {"table_variable": self.table_variable, "column_key": self.column_key, "schema": self.schema,
                "table": self.table, "column": self.column, "on_delete": self.on_delete,
                "on_update": self.on_update, "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleIdentity:
    """`.generatedAlwaysAsIdentity(opts)` / `.generatedByDefaultAsIdentity(opts)`."""

    kind: str  # "ALWAYS" | "BY DEFAULT"
    options: dict[str, Any] = field(default_factory=dict)  # name, startWith, increment, …

    def to_dict(self) -> dict:
        return {"kind": self.kind, "options": _plain(self.options)}


@dataclass(slots=True)
class DrizzleColumn:
    """One column of a table as the TypeScript declares it."""

    key: str  # the property name in the columns object (what queries use)
    name: str  # the SQL column name
    builder: str  # text, varchar, timestamp, …; the pgEnum or customType variable for those
    kind: str = "builtin"  # "builtin" | "enum" | "custom" | "unresolved"
    name_explicit: bool = True  # False when the name came from the key (drizzle 0.3x+ `text()`)
    options: dict[str, Any] = field(default_factory=dict)  # length, precision, scale, withTimezone, mode, …
    enum: str | None = None  # SQL name of the enum type (kind "enum")
    enum_schema: str | None = None
    enum_values: list[str] | None = None  # pgEnum values, or text({ enum: [...] }) values
    data_type: str | None = None  # the SQL type a customType's dataType() returns
    not_null: bool = False
    primary_key: bool = False
    unique: bool = False
    unique_name: str | None = None
    unique_nulls_not_distinct: bool = False
    default: DrizzleDefault | None = None
    default_fn: str | None = None  # source of $defaultFn(...)/$default(...): filled by the client
    on_update: str | None = None  # source of $onUpdate(...)/$onUpdateFn(...): set by the client on update
    array_dimensions: int = 0
    references: DrizzleReference | None = None
    ts_type: str | None = None  # $type<T>()
    identity: DrizzleIdentity | None = None
    generated: str | None = None  # SQL of generatedAlwaysAs(sql`…`)
    chain: list[str] = field(default_factory=list)  # the methods called, in order
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"key": self.key, "name": self.name, "builder": self.builder, "kind": self.kind,
                               "name_explicit": self.name_explicit, "options": _plain(self.options),
                               "not_null": self.not_null, "primary_key": self.primary_key, "chain": list(self.chain),
                               "location": _span(self.span)}
        for name in ("enum", "enum_schema", "enum_values", "data_type", "default_fn", "on_update", "ts_type",
                     "generated"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.unique:
            out["unique"] = {"name": self.unique_name, "nulls_not_distinct": self.unique_nulls_not_distinct}
        if self.default is not None:
            out["default"] = self.default.to_dict()
        if self.array_dimensions:
            out["array_dimensions"] = self.array_dimensions
        if self.references is not None:
            out["references"] = self.references.to_dict()
        if self.identity is not None:
            out["identity"] = self.identity.to_dict()
        return out


@dataclass(slots=True)
class DrizzleIndexKey:
    """One key of an index: a column (by key and SQL name) or an SQL expression."""

    column_key: str | None = None
    column: str | None = None
    expression: str | None = None
    order: str = "asc"  # "asc" | "desc"
    nulls: str | None = None  # "first" | "last" | None (PostgreSQL's default for the order)
    opclass: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in (("column_key", self.column_key), ("column", self.column),
                                  ("expression", self.expression), ("order", self.order), ("nulls", self.nulls),
                                  ("opclass", self.opclass)) if v is not None}


@dataclass(slots=True)
class DrizzleIndex:
    """`index(name?)` / `uniqueIndex(name?)` with `.on(...)`/`.using(method, ...)`/`.where(sql)`."""

    name: str | None
    unique: bool = False
    keys: list[DrizzleIndexKey] = field(default_factory=list)
    method: str = "btree"
    where: str | None = None
    concurrently: bool = False
    with_options: dict[str, Any] = field(default_factory=dict)
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "unique": self.unique, "keys": [k.to_dict() for k in self.keys],
                "method": self.method, "where": self.where, "concurrently": self.concurrently,
                "with": _plain(self.with_options), "location": _span(self.span)}


@dataclass(slots=True)
class DrizzlePrimaryKey:
    """A composite `primaryKey({ name?, columns })` (or the older `primaryKey(t.a, t.b)`)."""

    name: str | None
    column_keys: list[str]
    columns: list[str]
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "column_keys": list(self.column_keys), "columns": list(self.columns),
                "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleForeignKey:
    """`foreignKey({ name?, columns, foreignColumns }).onDelete(...).onUpdate(...)`."""

    name: str | None
    columns: list[str]
    target_variable: str | None
    target_schema: str | None
    target_table: str | None
    target_columns: list[str]
    on_delete: str | None = None
    on_update: str | None = None
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "columns": list(self.columns), "target_variable": self.target_variable,
                "target_schema": self.target_schema, "target_table": self.target_table,
                "target_columns": list(self.target_columns), "on_delete": self.on_delete,
                "on_update": self.on_update, "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleUnique:
    """A table-level `unique(name?).on(...)` constraint."""

    name: str | None
    columns: list[str]
    nulls_not_distinct: bool = False
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "columns": list(self.columns), "nulls_not_distinct": self.nulls_not_distinct,
                "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleCheck:
    name: str | None
    sql: str | None
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "sql": self.sql, "location": _span(self.span)}


class _NamedColumns:
    """What a table and a view share: a qualified key, and their columns by SQL or property name."""

    __slots__ = ()

    @property
    def key(self) -> str:
        return qualified(self.schema or DEFAULT_SCHEMA, self.name)

    def column(self, name: str) -> DrizzleColumn | None:
        """The column with SQL name `name`."""
        return next((c for c in self.columns if c.name == name), None)

    def column_by_key(self, key: str) -> DrizzleColumn | None:
        """The column with property name `key`."""
        return next((c for c in self.columns if c.key == key), None)


@dataclass(slots=True)
class DrizzleTable(_NamedColumns):
    """A `pgTable(...)` (or `schema.table(...)`, or a table creator's) declaration."""

    name: str
    schema: str | None = None  # None: the default schema (pgTable)
    variable: str | None = None
    exported: bool = False  # visible to drizzle-kit (exported from the schema entry, directly or re-exported)
    factory: str = "pgTable"
    columns: list[DrizzleColumn] = field(default_factory=list)
    indexes: list[DrizzleIndex] = field(default_factory=list)
    primary_key: DrizzlePrimaryKey | None = None
    foreign_keys: list[DrizzleForeignKey] = field(default_factory=list)
    uniques: list[DrizzleUnique] = field(default_factory=list)
    checks: list[DrizzleCheck] = field(default_factory=list)
    config_form: str | None = None  # "array" | "object" (the older form) | None
    rls: bool = False
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "schema": self.schema, "variable": self.variable, "exported": self.exported,
                "factory": self.factory, "columns": [c.to_dict() for c in self.columns],
                "indexes": [i.to_dict() for i in self.indexes],
                "primary_key": self.primary_key.to_dict() if self.primary_key else None,
                "foreign_keys": [f.to_dict() for f in self.foreign_keys],
                "uniques": [u.to_dict() for u in self.uniques], "checks": [c.to_dict() for c in self.checks],
                "config_form": self.config_form, "rls": self.rls, "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleEnum:
    """`pgEnum("name", [...])` or `schema.enum("name", [...])`."""

    name: str
    values: list[str]
    schema: str | None = None
    variable: str | None = None
    exported: bool = False
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "values": list(self.values), "schema": self.schema, "variable": self.variable,
                "exported": self.exported, "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleCustomType:
    """`customType<{ data: T; driverData?: D; config?: C }>({ dataType() { return "…" } })`."""

    variable: str | None
    data_type: str | None  # the SQL type returned by dataType() (None: not a constant)
    data: str | None = None  # the TypeScript type of `data` in the type argument
    driver_data: str | None = None
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"variable": self.variable, "data_type": self.data_type, "data": self.data,
                "driver_data": self.driver_data, "location": _span(self.span)}


@dataclass(slots=True)
class DrizzleRelation:
    """One relation field of `relations(table, ({ one, many }) => …)` (v1) or `defineRelations` (v2).

    v1: `fields`/`references` are column keys of `table` and `target`. v2: `source`/`target` are the
    schema keys of the tables, `from_columns`/`to_columns` are `(table key, column key)` pairs and
    `through` the junction columns, when given.
    """

    version: str  # "v1" | "v2"
    table: str | None  # the source table (v1: variable; v2: schema key)
    field: str  # the relation's property name
    kind: str  # "one" | "many"
    target: str | None
    relation_name: str | None = None  # v1 relationName / v2 alias
    fields: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    from_columns: list[tuple[str, str]] = field(default_factory=list)
    to_columns: list[tuple[str, str]] = field(default_factory=list)
    through: list[tuple[str, str]] = field(default_factory=list)
    optional: bool | None = None
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"version": self.version, "table": self.table, "field": self.field, "kind": self.kind,
                               "target": self.target, "relation_name": self.relation_name,
                               "location": _span(self.span)}
        if self.version == "v1":
            out.update(fields=list(self.fields), references=list(self.references))
        else:
            out.update(from_columns=[list(c) for c in self.from_columns], to_columns=[list(c) for c in self.to_columns],
                       through=[list(c) for c in self.through], optional=self.optional)
        return out


@dataclass(slots=True)
class DrizzleView(_NamedColumns):
    """`pgView(name, { columns })` / `pgMaterializedView(...)`, with `.existing()` or `.as(query)`.

    `columns` are read when the view declares them (the second argument); a view defined by a
    query (`.as(qb => …)`) has its columns inferred by drizzle-orm, and `columns_declared` is False.
    """

    name: str
    schema: str | None = None
    variable: str | None = None
    materialized: bool = False
    existing: bool = False  # `.existing()`: drizzle-kit leaves it to the database
    exported: bool = False
    columns: list[DrizzleColumn] = field(default_factory=list)
    columns_declared: bool = False
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "schema": self.schema, "variable": self.variable,
                "materialized": self.materialized, "existing": self.existing, "exported": self.exported,
                "columns": [c.to_dict() for c in self.columns], "columns_declared": self.columns_declared,
                "location": _span(self.span)}


@dataclass
class DrizzleFile:
    """Everything a Drizzle schema (a file, or a folder of files) declares, and what could not be read."""

    path: str
    files: list[str] = field(default_factory=list)  # every file read (the entry, its helpers and imports)
    casing: str | None = None
    tables: list[DrizzleTable] = field(default_factory=list)
    enums: list[DrizzleEnum] = field(default_factory=list)
    custom_types: list[DrizzleCustomType] = field(default_factory=list)
    relations: list[DrizzleRelation] = field(default_factory=list)
    views: list[DrizzleView] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)

    def table(self, name: str, schema: str | None = None) -> DrizzleTable | None:
        """The table with SQL name `name` (in `schema`, default schema when None)."""
        wanted = qualified(schema or DEFAULT_SCHEMA, name)
        return next((t for t in self.tables if t.key == wanted), None)

    def table_by_variable(self, variable: str) -> DrizzleTable | None:
        return next((t for t in self.tables if t.variable == variable), None)

    def enum(self, name: str) -> DrizzleEnum | None:
        return next((e for e in self.enums if e.name == name or e.variable == name), None)

    @property
    def unresolved(self) -> list[ReadProblem]:
        return [p for p in self.problems if p.kind != "syntax-error"]

    def to_dict(self) -> dict:
        return {"path": self.path, "files": list(self.files), "casing": self.casing,
                "tables": [t.to_dict() for t in self.tables], "enums": [e.to_dict() for e in self.enums],
                "custom_types": [c.to_dict() for c in self.custom_types],
                "relations": [r.to_dict() for r in self.relations], "views": [v.to_dict() for v in self.views],
                "problems": [p.to_dict() for p in self.problems]}
