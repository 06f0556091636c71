"""The SQL that would close one gap between the database and the schema, in Prisma's own words.

For each catalog difference, the statement(s) `prisma migrate diff --from-url … --to-schema …
--script` would write to bring the database to the schema: CREATE/DROP and ALTER statements with
identifiers always quoted, names in the default schema unqualified, and the object definitions
printed by the same DDL printer as `triple-orm sql` (`tools.catalog.ddl`). Where Prisma would
drop and recreate something that still holds data (a renamed table or column), the statement is
the RENAME that keeps it. Nothing is run: the text is shown with the finding, to be put in a
migration.
"""

from __future__ import annotations

from typing import Callable

from tools.catalog.compare import Difference
from tools.catalog.ddl import add_foreign_key_sql, column_definition, create_index_sql, create_table_sql
from tools.catalog.model import Catalog, Column, Index, Table, quote_ident


# SERIAL is CREATE TABLE shorthand, not a type: a type change names the integer type underneath
_SERIAL_TYPES = {"SERIAL": "INTEGER", "BIGSERIAL": "BIGINT", "SMALLSERIAL": "SMALLINT"}


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _Printer:
    """Statements for one comparison: knows both catalogs and the default schema."""

    def __init__(self, expected: Catalog, actual: Catalog):
        self.expected, self.actual = expected, actual
        self.default = expected.default_schema

    def name(self, schema: str | None, name: str) -> str:
        if schema is None or schema == self.default:
            return quote_ident(name)
        return f"{quote_ident(schema)}.{quote_ident(name)}"

    def table(self, catalog: Catalog, d: Difference) -> Table | None:
        return catalog.table(d.table or "", d.schema or self.default)

    def alter(self, d: Difference) -> str:
        return f"ALTER TABLE {self.name(d.schema, d.table or '')}"

    def column(self, d: Difference) -> Column | None:
        table = self.table(self.expected, d)
        return table.column(d.name or "") if table else None

    # -- schemas, extensions, enums --------------------------------------------------------------
    def schema_missing(self, d: Difference) -> str:
        return f"CREATE SCHEMA IF NOT EXISTS {quote_ident(str(d.expected))};"

    def extension_missing(self, d: Difference) -> str:
        return f"CREATE EXTENSION IF NOT EXISTS {quote_ident(d.name or '')};"

    def enum_missing(self, d: Difference) -> str:
        values = ", ".join(_literal(v) for v in d.expected or [])
        return f"CREATE TYPE {self.name(d.schema, d.table or '')} AS ENUM ({values});"

    def enum_unexpected(self, d: Difference) -> str:
        return f"DROP TYPE {self.name(d.schema, d.table or '')};"

    def enum_values(self, d: Difference) -> str:
        """Missing values are added in place; a value to remove, or a new order, needs Prisma's
        rewrite: a new type, every column cast to it through text, the old type dropped."""
        want, have = list(d.expected or []), list(d.actual or [])
        if set(have) <= set(want) and [v for v in want if v in have] == have:
            return "\n".join(self._add_value(d, want, value) for value in want if value not in have)
        return self._rewrite_enum(d, want)

    def _add_value(self, d: Difference, want: list[str], value: str) -> str:
        position = want.index(value)
        # ADD VALUE cannot run inside a transaction block before PostgreSQL 12, and the new value
        # cannot be used in the transaction that adds it
        where = f" BEFORE {_literal(want[position + 1])}" if position + 1 < len(want) else ""
        return f"ALTER TYPE {self.name(d.schema, d.table or '')} ADD VALUE {_literal(value)}{where};"

    def _rewrite_enum(self, d: Difference, values: list[str]) -> str:
        enum = self.name(d.schema, d.table or "")
        new = self.name(d.schema, f"{d.table}_new")
        old = self.name(d.schema, f"{d.table}_old")
        lines = ["BEGIN;", f"CREATE TYPE {new} AS ENUM ({', '.join(_literal(v) for v in values)});"]
        users = list(self._enum_columns(d))
        for table, column in users:
            if column.default is not None:
                lines.append(f"ALTER TABLE {self.name(table.schema, table.name)} ALTER COLUMN {quote_ident(column.name)} DROP DEFAULT;")
        for table, column in users:
            cast = f"{quote_ident(column.name)}::text{'[]' if column.array else ''}::{new}{'[]' if column.array else ''}"
            lines.append(f"ALTER TABLE {self.name(table.schema, table.name)} ALTER COLUMN {quote_ident(column.name)} "
                         f"TYPE {new}{'[]' if column.array else ''} USING ({cast});")
        lines += [f"ALTER TYPE {enum} RENAME TO {quote_ident(str(d.table) + '_old')};",
                  f"ALTER TYPE {new} RENAME TO {quote_ident(str(d.table))};", f"DROP TYPE {old};"]
        for table, column in users:
            if column.default is not None:
                default = column.default_ddl if column.default_ddl is not None else column.default
                lines.append(f"ALTER TABLE {self.name(table.schema, table.name)} ALTER COLUMN {quote_ident(column.name)} SET DEFAULT {default};")
        return "\n".join(lines + ["COMMIT;"])

    def _enum_columns(self, d: Difference):
        for table in self.expected.tables.values():
            for column in table.columns:
                if column.type == d.table and column.type_schema == (d.schema or self.default):
                    yield table, column

    # -- tables and columns ----------------------------------------------------------------------
    def table_missing(self, d: Difference) -> str:
        table = self.table(self.expected, d)
        if table is None:
            return ""
        statements = [create_table_sql(table, self.default)]
        statements += [create_index_sql(table, index, self.default) for index in table.indexes]
        statements += [add_foreign_key_sql(table, fk, self.default) for fk in table.foreign_keys]
        return "\n".join(statements)

    def table_unexpected(self, d: Difference) -> str:
        return f"DROP TABLE {self.name(d.schema, d.table or '')};"

    def table_renamed(self, d: Difference) -> str:
        return f"ALTER TABLE {self.name(d.schema, str(d.actual))} RENAME TO {quote_ident(str(d.expected))};"

    def column_missing(self, d: Difference) -> str:
        column = self.column(d)
        return f"{self.alter(d)} ADD COLUMN {column_definition(column)};" if column else ""

    def column_unexpected(self, d: Difference) -> str:
        return f"{self.alter(d)} DROP COLUMN {quote_ident(d.name or '')};"

    def column_renamed(self, d: Difference) -> str:
        return f"{self.alter(d)} RENAME COLUMN {quote_ident(str(d.actual))} TO {quote_ident(str(d.expected))};"

    def column_type(self, d: Difference) -> str:
        column = self.column(d)
        if column is None:
            return ""
        spelled = column.ddl_type or column.sql_type()
        spelled = _SERIAL_TYPES.get(spelled, spelled)
        # Prisma writes SET DATA TYPE alone; USING makes the explicit casts (text to enum, text to
        # integer) that an implicit assignment cast would refuse
        return (f"{self.alter(d)} ALTER COLUMN {quote_ident(column.name)} SET DATA TYPE {spelled} "
                f"USING {quote_ident(column.name)}::{spelled};")

    def column_nullability(self, d: Difference) -> str:
        verb = "DROP NOT NULL" if d.expected == "NULL" else "SET NOT NULL"
        return f"{self.alter(d)} ALTER COLUMN {quote_ident(d.name or '')} {verb};"

    def column_default(self, d: Difference) -> str:
        column = self.column(d)
        if column is None:
            return ""
        target = f"{self.alter(d)} ALTER COLUMN {quote_ident(column.name)}"
        if column.default is None:
            return f"{target} DROP DEFAULT;"
        if column.default.startswith("nextval(") and (column.ddl_type or "").endswith("SERIAL"):
            return self._serial_default(d, column)
        default = column.default_ddl if column.default_ddl is not None else column.default
        return f"{target} SET DEFAULT {default};"

    def _serial_default(self, d: Difference, column: Column) -> str:
        """autoincrement() on an existing column: the sequence SERIAL would have created, owned by it."""
        sequence = column.default[len("nextval('"):].split("'::regclass")[0]
        return (f"CREATE SEQUENCE IF NOT EXISTS {sequence};\n"
                f"{self.alter(d)} ALTER COLUMN {quote_ident(column.name)} SET DEFAULT nextval('{sequence}');\n"
                f"ALTER SEQUENCE {sequence} OWNED BY {self.name(d.schema, d.table or '')}.{quote_ident(column.name)};")

    def column_identity(self, d: Difference) -> str:
        if d.expected is None:
            return f"{self.alter(d)} ALTER COLUMN {quote_ident(d.name or '')} DROP IDENTITY;"
        return f"{self.alter(d)} ALTER COLUMN {quote_ident(d.name or '')} ADD GENERATED {d.expected} AS IDENTITY;"

    def column_generated(self, d: Difference) -> str:
        return f"{self.alter(d)} ALTER COLUMN {quote_ident(d.name or '')} SET EXPRESSION AS ({d.expected});"

    # -- keys, indexes, foreign keys -------------------------------------------------------------
    def primary_key_missing(self, d: Difference) -> str:
        table = self.table(self.expected, d)
        if table is None or table.primary_key is None:
            return ""
        columns = ", ".join(quote_ident(c) for c in table.primary_key.columns)
        return f"{self.alter(d)} ADD CONSTRAINT {quote_ident(table.primary_key.name)} PRIMARY KEY ({columns});"

    def primary_key_unexpected(self, d: Difference) -> str:
        return f"{self.alter(d)} DROP CONSTRAINT {quote_ident(d.name or '')};"

    def primary_key(self, d: Difference) -> str:
        actual = self.table(self.actual, d)
        drop = f"{self.alter(d)} DROP CONSTRAINT {quote_ident(actual.primary_key.name)};\n" if actual and actual.primary_key else ""
        return drop + self.primary_key_missing(d)

    def primary_key_name(self, d: Difference) -> str:
        return f"{self.alter(d)} RENAME CONSTRAINT {quote_ident(str(d.actual))} TO {quote_ident(str(d.expected))};"

    def _index(self, catalog: Catalog, d: Difference) -> tuple[Table | None, Index | None]:
        table = self.table(catalog, d)
        index = next((i for i in table.indexes if i.name == d.name), None) if table else None
        return table, index

    def index_missing(self, d: Difference) -> str:
        table, index = self._index(self.expected, d)
        return create_index_sql(table, index, self.default) if table and index else ""

    def index_unexpected(self, d: Difference) -> str:
        index = d.actual if isinstance(d.actual, Index) else None
        if index is not None and index.constraint:  # a UNIQUE constraint owns its index
            return f"{self.alter(d)} DROP CONSTRAINT {quote_ident(index.name)};"
        return f"DROP INDEX {self.name(d.schema, d.name or '')};"

    def index_renamed(self, d: Difference) -> str:
        return f"ALTER INDEX {self.name(d.schema, str(d.actual))} RENAME TO {quote_ident(str(d.expected))};"

    def index_definition(self, d: Difference) -> str:
        actual = d.actual if isinstance(d.actual, Index) else None
        drop = self.index_unexpected(Difference(d.kind, d.schema, d.table, d.name, actual=actual))
        return f"{drop}\n{self.index_missing(d)}"

    def index_invalid(self, d: Difference) -> str:
        # REINDEX rebuilds it in place; CONCURRENTLY keeps writes flowing while it does
        return f"REINDEX INDEX CONCURRENTLY {self.name(d.schema, d.name or '')};"

    def foreign_key_missing(self, d: Difference) -> str:
        table = self.table(self.expected, d)
        fk = next((f for f in table.foreign_keys if f.name == d.name), None) if table else None
        return add_foreign_key_sql(table, fk, self.default) if table and fk else ""

    def foreign_key_unexpected(self, d: Difference) -> str:
        return f"{self.alter(d)} DROP CONSTRAINT {quote_ident(d.name or '')};"

    def foreign_key_renamed(self, d: Difference) -> str:
        return f"{self.alter(d)} RENAME CONSTRAINT {quote_ident(str(d.actual))} TO {quote_ident(str(d.expected))};"

    def foreign_key_changed(self, d: Difference) -> str:
        # Prisma drops and re-adds a foreign key whose definition or actions changed
        return f"{self.foreign_key_unexpected(d)}\n{self.foreign_key_missing(d)}"

    def foreign_key_not_valid(self, d: Difference) -> str:
        return f"{self.alter(d)} VALIDATE CONSTRAINT {quote_ident(d.name or '')};"


_BY_KIND: dict[str, Callable[[_Printer, Difference], str]] = {
    "schema-missing": _Printer.schema_missing,
    "extension-missing": _Printer.extension_missing,
    "enum-missing": _Printer.enum_missing,
    "enum-unexpected": _Printer.enum_unexpected,
    "enum-values": _Printer.enum_values,
    "enum-order": _Printer.enum_values,
    "table-missing": _Printer.table_missing,
    "table-unexpected": _Printer.table_unexpected,
    "table-renamed": _Printer.table_renamed,
    "column-missing": _Printer.column_missing,
    "column-unexpected": _Printer.column_unexpected,
    "column-renamed": _Printer.column_renamed,
    "column-type": _Printer.column_type,
    "column-nullability": _Printer.column_nullability,
    "column-default": _Printer.column_default,
    "column-identity": _Printer.column_identity,
    "column-generated": _Printer.column_generated,
    "primary-key-missing": _Printer.primary_key_missing,
    "primary-key-unexpected": _Printer.primary_key_unexpected,
    "primary-key": _Printer.primary_key,
    "primary-key-name": _Printer.primary_key_name,
    "index-missing": _Printer.index_missing,
    "index-unexpected": _Printer.index_unexpected,
    "index-renamed": _Printer.index_renamed,
    "index-definition": _Printer.index_definition,
    "index-invalid": _Printer.index_invalid,
    "foreign-key-missing": _Printer.foreign_key_missing,
    "foreign-key-unexpected": _Printer.foreign_key_unexpected,
    "foreign-key-renamed": _Printer.foreign_key_renamed,
    "foreign-key-action": _Printer.foreign_key_changed,
    "foreign-key-definition": _Printer.foreign_key_changed,
    "foreign-key-not-valid": _Printer.foreign_key_not_valid,
}


class ClosingSql:
    """`closing_sql(difference)`: the SQL bringing the database to the schema, or None when there is
    no statement to give (views, triggers and functions are not Prisma's to create or drop)."""

    def __init__(self, expected: Catalog, actual: Catalog):
        self._printer = _Printer(expected, actual)

    def __call__(self, difference: Difference) -> str | None:
        method = _BY_KIND.get(difference.kind)
        if method is None:
            return None
        return method(self._printer, difference) or None
