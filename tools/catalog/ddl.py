"""Print a catalog as the DDL that creates it from an empty database, the way Prisma writes it.

`triple-orm sql` prints what `prisma migrate diff --from-empty --to-schema … --script` prints:
schemas, extensions, enums, tables (columns, then the primary key), indexes, then foreign keys, each
under its `-- Kind` comment, identifiers always quoted, and names in the default schema left
unqualified. Types, defaults, names and predicates use Prisma's spellings when the catalog carries
them (`SERIAL`, `TIMESTAMP(3)`, `DEFAULT 'A'`, a name longer than 63 bytes as written), PostgreSQL's
canonical ones otherwise. Only the schemas of tables and enums are created, never PostGIS's own
tables, and a schema with nothing to create is Prisma's empty migration.
"""

from __future__ import annotations

from tools.catalog.model import Catalog, Column, EnumType, ForeignKey, Index, Table, quote_ident


# Tables Prisma's migrations never create even when a model describes them (matched without regard to
# case): PostGIS's own tables, which `prisma db pull` writes into schemas, and Prisma's bookkeeping.
# Their indexes go with them; foreign keys that reference them stay.
TABLES_PRISMA_NEVER_CREATES = frozenset((
    "spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns", "raster_overviews", "_prisma_migrations",
))


def created_by_prisma(table: Table) -> bool:
    """Whether Prisma's migrations create `table` (see TABLES_PRISMA_NEVER_CREATES)."""
    return table.name.lower() not in TABLES_PRISMA_NEVER_CREATES


def _name(schema: str, name: str, default_schema: str) -> str:
    return quote_ident(name) if schema == default_schema else f"{quote_ident(schema)}.{quote_ident(name)}"


def _written(obj: Table | Column | EnumType) -> str:
    """The name Prisma prints: as the schema wrote it (PostgreSQL cuts a longer one to 63 bytes)."""
    return obj.ddl_name or obj.name


def _columns(table: Table | None, names: list[str]) -> list[str]:
    """Column names as written, looked up in `table` (names it does not know are printed as they are).
    Only a name PostgreSQL cut (60 to 63 bytes) can differ from what was written."""
    out = []
    for name in names:
        if table is not None and len(name.encode()) >= 60:
            column = table.column(name)
            name = _written(column) if column is not None else name
        out.append(quote_ident(name))
    return out


def _column(column: Column) -> str:
    text = f"    {quote_ident(_written(column))} {column.ddl_type or column.sql_type()}"
    if not column.nullable:
        text += " NOT NULL"
    default = column.default_ddl if column.default_ddl is not None else column.default
    serial = (column.ddl_type or "").removesuffix("[]").endswith("SERIAL")
    if default is not None and not serial:
        text += f" DEFAULT {default}"
    return text


def _create_table(table: Table, default_schema: str) -> str:
    lines = [_column(c) for c in table.columns]
    body = ",\n".join(lines)
    if table.primary_key is not None:
        columns = ",".join(_columns(table, table.primary_key.columns))
        constraint = f"    CONSTRAINT {quote_ident(table.primary_key.name)} PRIMARY KEY ({columns})"
        body = f"{body},\n\n{constraint}" if lines else constraint
    return f"CREATE TABLE {_name(table.schema, _written(table), default_schema)} (\n{body}\n);"


def _create_index(table: Table, index: Index, default_schema: str) -> str:
    keys = []
    for column in index.columns:
        key = column.name if column.expression else _columns(table, [column.name])[0]
        opclass = column.ddl_opclass or column.opclass
        if opclass:
            key += f" {opclass}"
        if column.ddl_sort or column.descending:
            key += " " + (column.ddl_sort or "DESC")  # Prisma prints an explicit `sort: Asc` as ASC
        if column.nulls_first is not None:
            key += " NULLS FIRST" if column.nulls_first else " NULLS LAST"
        keys.append(key)
    target = _name(table.schema, _written(table), default_schema)
    using = f" USING {index.method.upper()} (" if index.method != "btree" else "("
    text = f"CREATE {'UNIQUE ' if index.unique else ''}INDEX {quote_ident(index.name)} ON {target}{using}{', '.join(keys)})"
    if index.include:
        text += f" INCLUDE ({', '.join(quote_ident(c) for c in index.include)})"
    if index.ddl_predicate or index.predicate:
        text += f" WHERE {index.ddl_predicate or index.predicate}"
    return text + ";"


def _add_foreign_key(table: Table, fk: ForeignKey, default_schema: str, target: Table | None = None) -> str:
    columns = ", ".join(_columns(table, fk.columns))
    refs = ", ".join(_columns(target, fk.ref_columns))
    ref_table = _written(target) if target is not None else fk.ref_table
    return (f"ALTER TABLE {_name(table.schema, _written(table), default_schema)} ADD CONSTRAINT {quote_ident(fk.name)} "
            f"FOREIGN KEY ({columns}) REFERENCES {_name(fk.ref_schema, ref_table, default_schema)}({refs}) "
            f"ON DELETE {fk.on_delete} ON UPDATE {fk.on_update};")


def catalog_to_sql(catalog: Catalog) -> str:
    """The DDL creating `catalog` from an empty database, in Prisma's order and spelling."""
    statements = catalog_statements(catalog)
    if not statements:
        return "-- This is an empty migration.\n"  # what Prisma writes for a schema with nothing to create
    return "\n".join(f"-- {kind}\n{sql}\n" for kind, sql in statements)


def catalog_statements(catalog: Catalog) -> list[tuple[str, str]]:
    """(kind, SQL) of each statement: CreateSchema, CreateExtension, CreateEnum, CreateTable, …"""
    default = catalog.default_schema
    statements: list[tuple[str, str]] = []
    tables = [t for t in catalog.tables.values() if created_by_prisma(t)]
    # Prisma's migrations create the schemas of tables and enums; a schema holding only views is not theirs
    created = {t.schema for t in tables} | {e.schema for e in catalog.enums.values()}
    statements += [("CreateSchema", f"CREATE SCHEMA IF NOT EXISTS {quote_ident(s)};") for s in catalog.schemas if s in created]
    for extension in catalog.extensions:
        text = f"CREATE EXTENSION IF NOT EXISTS {quote_ident(extension.name)}"
        if extension.schema:
            text += f" WITH SCHEMA {quote_ident(extension.schema)}"
        if extension.version:  # `WITH` comes once, before whichever option is first
            text += f"{'' if extension.schema else ' WITH'} VERSION {quote_ident(extension.version)}"
        statements.append(("CreateExtension", text + ";"))
    for enum in catalog.enums.values():
        values = ", ".join("'" + v.replace("'", "''") + "'" for v in enum.values)
        statements.append(("CreateEnum", f"CREATE TYPE {_name(enum.schema, _written(enum), default)} AS ENUM ({values});"))
    statements += [("CreateTable", _create_table(t, default)) for t in tables]
    statements += [("CreateIndex", _create_index(t, i, default)) for t in tables for i in t.indexes]
    statements += [("AddForeignKey", _add_foreign_key(t, f, default, catalog.table(f.ref_table, f.ref_schema)))
                   for t in tables for f in t.foreign_keys]
    return statements


# -- single objects, for callers that print one statement (drift's "SQL that closes the gap") ------

def column_definition(column: Column) -> str:
    """One column as CREATE TABLE and ADD COLUMN spell it: `"name" TYPE NOT NULL DEFAULT …`."""
    return _column(column).strip()


def create_table_sql(table: Table, default_schema: str = "public") -> str:
    return _create_table(table, default_schema)


def create_index_sql(table: Table, index: Index, default_schema: str = "public") -> str:
    return _create_index(table, index, default_schema)


def add_foreign_key_sql(table: Table, fk: ForeignKey, default_schema: str = "public") -> str:
    return _add_foreign_key(table, fk, default_schema)
