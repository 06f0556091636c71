"""The database drizzle-kit would create from a Drizzle schema: `drizzle_to_catalog(file) -> Catalog`.

In the catalog model's canonical spellings (format_type() types, pg_get_expr() defaults, non-default
operator classes only), with drizzle-kit 0.31's names for what the schema leaves unnamed:
- a column's `.unique()`: `{table}_{column}_unique` (the column's name as declared, before casing);
- `index()` without a name: `{table}_{columns}_index`; `primaryKey({ columns })`: `{table}_{columns}_pk`;
- a foreign key: `{table}_{columns}_{target}_{target columns}_fk`;
- a column's `.primaryKey()`: PostgreSQL's own `{table}_pkey`;
each cut to 63 bytes by PostgreSQL. Primary-key, serial and identity columns are NOT NULL; serials
get their sequence's `nextval(…)`; defaults are printed as drizzle-kit prints them into DDL and then
as PostgreSQL stores them. drizzle-kit drops DESC/NULLS of an index key that names an operator
class, so the catalog does too. Only exported tables, enums and views are included: drizzle-kit
sees nothing else. Views are included with the columns they declare (`pgView(name, { … })`), as
Prisma's catalog includes its views. Extensions are never included: a Drizzle schema has no word for
them. Every object's `origin` is its line in the TypeScript.

Client-side behaviour (`$defaultFn`, `$onUpdate`, `$type`, the builder's `mode`) has no place in a
database; `drizzle_client_side(file)` lists it per column for the type comparator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tools.catalog.defaults import sql_string, timestamp_text, type_label
from tools.catalog.expressions import normalize_default
from tools.catalog.model import (DEFAULT_SCHEMA, Catalog, Column, EnumType, ForeignKey, Index, IndexColumn,
                                 PrimaryKey, Table, View)
from tools.catalog.opclasses import is_default_opclass
from tools.catalog.pgnames import pg_object_name, pg_qualified, truncate_identifier
from tools.typescript.drizzle_model import (DrizzleColumn, DrizzleDefault, DrizzleFile, DrizzleIndex, DrizzleTable,
                                            DrizzleView)
from tools.typescript.drizzle_types import column_pg_type, custom_pg_type, builder_type
from tools.typescript.static_eval import JsDate, JsNumber


def drizzle_to_catalog(file: DrizzleFile, *, default_schema: str = DEFAULT_SCHEMA,
                       exported_only: bool = True, kit_quirks: bool = True) -> Catalog:
    """The catalog of the database drizzle-kit would create from `file` (see the module docstring).

    Columns whose builder could not be read (`kind == "unresolved"`) are left out: the reader has
    already reported them in `file.problems`. `kit_quirks=False` keeps what the file declares where
    drizzle-kit would lose it (an index key's DESC/NULLS next to an operator class, as
    `drizzle-kit pull` writes them): the database the file describes rather than the one
    `drizzle-kit generate` would make of it.
    """
    catalog = Catalog(default_schema=default_schema)
    enums = {(e.schema or default_schema, truncate_identifier(e.name)) for e in file.enums}
    for enum in file.enums:
        if enum.exported or not exported_only:
            catalog.add_enum(EnumType(truncate_identifier(enum.name), list(enum.values), enum.schema or default_schema,
                                      enum.span))
    for table in file.tables:
        if table.exported or not exported_only:
            catalog.add_table(_table(table, default_schema, kit_quirks, enums))
    for source in file.views:
        if source.columns_declared and (source.exported or not exported_only):
            view = _view(source, default_schema)
            catalog.views[view.key] = view
    schemas = {default_schema} | {t.schema for t in catalog.tables.values()} | {e.schema for e in catalog.enums.values()}
    catalog.schemas = sorted(schemas)
    return catalog


def _table(source: DrizzleTable, default_schema: str, kit_quirks: bool, enums: set[tuple[str, str]]) -> Table:
    name = truncate_identifier(source.name)
    schema = source.schema or default_schema
    table = Table(name, schema, origin=source.span)
    key_columns = set(source.primary_key.columns) if source.primary_key else set()
    for column in source.columns:
        if column.kind != "unresolved":
            table.columns.append(_column(column, source, schema, default_schema, column.name in key_columns))
    table.primary_key = _primary_key(source, name)
    table.indexes = _unique_constraints(source, table) + [_index(i, source, table, kit_quirks, enums) for i in source.indexes
                                                          if i.keys and (i.name or _all_columns(i))]
    table.foreign_keys = _foreign_keys(source, name, default_schema)
    return table


def _view(source: DrizzleView, default_schema: str) -> View:
    """A view with the columns it declares (drizzle-kit creates no `.existing()` view; both Prisma
    and Drizzle describe one the database has)."""
    schema = source.schema or default_schema
    view = View(truncate_identifier(source.name), schema, materialized=source.materialized, origin=source.span)
    view.columns = [_column(c, source, schema, default_schema, False) for c in source.columns if c.kind != "unresolved"]
    return view


def _column(source: DrizzleColumn, table: DrizzleTable | DrizzleView, schema: str, default_schema: str,
            in_key: bool) -> Column:
    pg_type, type_schema = column_type(source, default_schema)
    row = builder_type(source.builder, source.options) if source.kind == "builtin" else None
    serial = bool(row and row.serial) and not source.array_dimensions
    column = Column(truncate_identifier(source.name), pg_type, array=source.array_dimensions > 0,
                    type_schema=type_schema, origin=source.span)
    column.nullable = not (source.not_null or source.primary_key or in_key or serial or source.identity)
    if source.identity is not None:
        column.identity = source.identity.kind
    if source.generated is not None:
        column.generated = source.generated
    if serial:  # serial is integer + a sequence PostgreSQL names {table}_{column}_seq
        sequence = pg_object_name(truncate_identifier(table.name), column.name, "seq")
        column.default = f"nextval('{pg_qualified(schema, sequence)}'::regclass)"
    elif source.default is not None and source.identity is None:
        column.default = stored_default(source.default, column)
    return column


def column_type(source: DrizzleColumn, default_schema: str = DEFAULT_SCHEMA) -> tuple[str, str | None]:
    """(format_type() spelling, schema of a user-defined type) of a Drizzle column."""
    if source.kind == "enum":
        return truncate_identifier(source.enum or source.builder), source.enum_schema or default_schema
    if source.kind == "custom":
        return custom_pg_type(source.data_type or "unknown", default_schema)
    found = column_pg_type(source.builder, source.options)
    if found is None:
        return source.builder, None
    pg_type, extension = found
    return pg_type, default_schema if extension else None


def stored_default(default: DrizzleDefault, column: Column) -> str | None:
    """A default as PostgreSQL stores it (pg_get_expr), from what drizzle-kit writes into the DDL."""
    if default.kind in ("now", "random", "sql"):
        return normalize_default(default.sql, column)
    if default.kind != "value":
        return None
    text = ddl_default(default.value, column)
    if text is None:
        return None
    if isinstance(default.value, list) and column.array:  # PostgreSQL keeps the array in array_out's form
        return normalize_default(sql_string(array_text(default.value, column.type)), column)
    if isinstance(default.value, (str, JsDate)) and not column.array and _is_datetime(column.type):
        stored = timestamp_text(default.value.text if isinstance(default.value, JsDate) else default.value, column.type)
        if stored is not None:  # PostgreSQL stores the value in its own output format
            return f"{sql_string(stored)}::{type_label(column.type)}"
    return normalize_default(text, column)


def ddl_default(value: Any, column: Column) -> str | None:
    """What drizzle-kit 0.31 writes after DEFAULT for a JavaScript value (its serializer's rules)."""
    if value is None:
        return None
    if isinstance(value, str):
        return sql_string(value)
    base = column.type.split("(")[0]
    if base in ("json", "jsonb") and not column.array:
        return f"{sql_string(json.dumps(_json(value), separators=(',', ':'), ensure_ascii=False))}::{base}"
    if isinstance(value, JsDate):
        return sql_string(value.text)
    if isinstance(value, list):
        return sql_string(_array_literal(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, JsNumber):
        return value.js_string()
    return None


def _json(value: Any) -> Any:
    if isinstance(value, JsNumber):
        return value.value
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value.text if isinstance(value, JsDate) else value


def _array_literal(values: list) -> str:
    """drizzle-kit's `{a,b}` array text: numbers and booleans bare, strings double-quoted."""
    items = []
    for value in values:
        if isinstance(value, JsNumber):
            items.append(value.js_string())
        elif isinstance(value, bool):
            items.append("true" if value else "false")
        elif isinstance(value, list):
            items.append(_array_literal(value))
        elif isinstance(value, dict):
            items.append('"' + json.dumps(_json(value), separators=(",", ":")).replace('"', '\\"') + '"')
        else:
            items.append(f'"{value.text if isinstance(value, JsDate) else value}"')
    return "{" + ",".join(items) + "}"


_NEEDS_QUOTES = re.compile(r'[{},"\\\s]')


def array_text(values: list, pg_type: str) -> str:
    """An array as PostgreSQL's array_out prints it: `{a,"b c",""}`, booleans as t/f."""
    items = []
    for value in values:
        if isinstance(value, list):
            items.append(array_text(value, pg_type))
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, JsNumber):
            items.append(value.js_string())
        elif value is None:
            items.append("NULL")
        else:
            text = value.text if isinstance(value, JsDate) else str(value)
            if text == "" or text.upper() == "NULL" or _NEEDS_QUOTES.search(text):
                text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            items.append(text)
    return "{" + ",".join(items) + "}"


def _is_datetime(pg_type: str) -> bool:
    return pg_type == "date" or pg_type.startswith(("timestamp", "time "))


# -- keys and indexes --------------------------------------------------------------------------------

def _declared_name(column: DrizzleColumn) -> str:
    """The name drizzle-orm knew the column by when it named a unique constraint (before casing)."""
    return column.name if column.name_explicit else column.key


def _primary_key(source: DrizzleTable, name: str) -> PrimaryKey | None:
    if source.primary_key is not None:
        key = source.primary_key
        default = f"{source.name}_{'_'.join(key.columns)}_pk"
        return PrimaryKey(truncate_identifier(key.name or default), [truncate_identifier(c) for c in key.columns], key.span)
    columns = [c for c in source.columns if c.primary_key]
    if not columns:
        return None
    # a column's PRIMARY KEY is named by PostgreSQL: {table}_pkey
    return PrimaryKey(pg_object_name(name, None, "pkey"), [truncate_identifier(c.name) for c in columns], columns[0].span)


def _unique_constraints(source: DrizzleTable, table: Table) -> list[Index]:
    out = []
    for column in source.columns:
        if column.unique and column.kind != "unresolved":
            name = column.unique_name or f"{source.name}_{_declared_name(column)}_unique"
            out.append(Index(truncate_identifier(name), [IndexColumn(truncate_identifier(column.name))], unique=True,
                             constraint=True, nulls_not_distinct=column.unique_nulls_not_distinct, origin=column.span))
    for unique in source.uniques:
        declared = [_declared_name(c) if (c := source.column(n)) else n for n in unique.columns]
        name = unique.name or f"{source.name}_{'_'.join(declared)}_unique"
        out.append(Index(truncate_identifier(name), [IndexColumn(truncate_identifier(c)) for c in unique.columns],
                         unique=True, constraint=True, nulls_not_distinct=unique.nulls_not_distinct, origin=unique.span))
    return out


def _all_columns(index: DrizzleIndex) -> bool:
    return all(k.column is not None for k in index.keys)


def _index(source: DrizzleIndex, table: DrizzleTable, catalog_table: Table, kit_quirks: bool,
           enums: set[tuple[str, str]]) -> Index:
    method = source.method.lower()
    name = source.name or f"{table.name}_{'_'.join(k.column or '' for k in source.keys)}_index"
    columns = []
    for key in source.keys:
        if key.expression is not None:
            columns.append(IndexColumn(key.expression, expression=True))
            continue
        column = catalog_table.column(truncate_identifier(key.column or ""))
        opclass = key.opclass
        if opclass and column is not None and _default_class(method, column, opclass, enums):
            opclass = None
        if key.opclass and kit_quirks:  # drizzle-kit writes `"col" opclass` and nothing else: no DESC, no NULLS
            columns.append(IndexColumn(truncate_identifier(key.column or ""), opclass=opclass, ddl_opclass=key.opclass))
            continue
        descending = key.order == "desc"
        # drizzle-orm's index keys default to NULLS LAST even after .desc(), and drizzle-kit writes
        # `DESC NULLS LAST`: not PostgreSQL's default for a descending key (NULLS FIRST)
        nulls_first = (key.nulls or "last") == "first"
        if nulls_first == descending:
            nulls_first = None  # PostgreSQL's default for the order
        columns.append(IndexColumn(truncate_identifier(key.column or ""), descending=descending, nulls_first=nulls_first,
                                   opclass=opclass, ddl_opclass=key.opclass))
    return Index(truncate_identifier(name), columns, unique=source.unique, method=method, predicate=source.where,
                 origin=source.span)


# Default operator classes of types whose classes are not named after the type: every enum shares
# btree/hash `enum_ops`; citext's are `citext_ops` (drizzle-kit pull writes both out).
_SHARED_DEFAULTS = {("btree", "enum"): "enum_ops", ("hash", "enum"): "enum_ops",
                    ("btree", "citext"): "citext_ops", ("hash", "citext"): "citext_ops"}


def _default_class(method: str, column: Column, opclass: str, enums: set[tuple[str, str]]) -> bool:
    if is_default_opclass(method, column, opclass):
        return True
    if column.array:
        return False
    kind = "enum" if (column.type_schema, column.type) in enums else column.type
    return _SHARED_DEFAULTS.get((method, kind)) == opclass


def _foreign_keys(source: DrizzleTable, name: str, default_schema: str) -> list[ForeignKey]:
    out = []
    for column in source.columns:
        reference = column.references
        if reference is None or reference.table is None or column.kind == "unresolved":
            continue
        default = f"{source.name}_{column.name}_{reference.table}_{reference.column}_fk"
        out.append(ForeignKey(truncate_identifier(default), [truncate_identifier(column.name)],
                              truncate_identifier(reference.table), [truncate_identifier(reference.column or "")],
                              reference.schema or default_schema, _action(reference.on_delete),
                              _action(reference.on_update), origin=reference.span or column.span))
    for fk in source.foreign_keys:
        if fk.target_table is None or not fk.columns or len(fk.columns) != len(fk.target_columns):
            continue  # a key the reader could not read entirely (reported there)
        default = "_".join([source.name, *fk.columns, fk.target_table, *fk.target_columns]) + "_fk"
        out.append(ForeignKey(truncate_identifier(fk.name or default), [truncate_identifier(c) for c in fk.columns],
                              truncate_identifier(fk.target_table), [truncate_identifier(c) for c in fk.target_columns],
                              fk.target_schema or default_schema, _action(fk.on_delete), _action(fk.on_update),
                              origin=fk.span))
    return out


def _action(action: str | None) -> str:
    return (action or "no action").upper()


# -- client-side behaviour ---------------------------------------------------------------------------

@dataclass(slots=True)
class DrizzleClientSide:
    """What drizzle-orm does for a column in the application, beyond the database's own behaviour."""

    table: str  # catalog key of the table (`schema.name`)
    column: str  # SQL name
    key: str  # property name in TypeScript
    builder: str
    mode: str | None = None  # the builder's `mode` (date/string, number/bigint, …): the TypeScript type
    ts_type: str | None = None  # $type<T>()
    default_fn: str | None = None  # $defaultFn(...): filled by drizzle on insert when left out
    on_update: str | None = None  # $onUpdate(...): set by drizzle on every update
    database_default: bool = False  # the database fills it (a default, serial, identity)
    not_null: bool = False
    enum_values: list[str] | None = None
    array: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # other builder options

    def to_dict(self) -> dict:
        return {"table": self.table, "column": self.column, "key": self.key, "builder": self.builder,
                "mode": self.mode, "ts_type": self.ts_type, "default_fn": self.default_fn,
                "on_update": self.on_update, "database_default": self.database_default, "not_null": self.not_null,
                "enum_values": self.enum_values, "array": self.array, "options": self.extra}


def drizzle_client_side(file: DrizzleFile, *, default_schema: str = DEFAULT_SCHEMA) -> dict[str, dict[str, DrizzleClientSide]]:
    """Per table key and column SQL name: the client-side behaviour of every readable column."""
    out: dict[str, dict[str, DrizzleClientSide]] = {}
    for table in file.tables:
        key = f"{table.schema or default_schema}.{table.name}"
        row = out.setdefault(key, {})
        for column in table.columns:
            if column.kind == "unresolved":
                continue
            serial = column.builder in ("serial", "smallserial", "bigserial") and not column.array_dimensions
            row[column.name] = DrizzleClientSide(
                key, column.name, column.key, column.builder, column.options.get("mode"), column.ts_type,
                column.default_fn, column.on_update,
                database_default=column.default is not None or serial or column.identity is not None
                or column.generated is not None,
                not_null=column.not_null or column.primary_key, enum_values=column.enum_values,
                array=column.array_dimensions > 0,
                extra={k: v for k, v in column.options.items() if k != "mode"})
    return out
