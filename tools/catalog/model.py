"""The catalog model: one description of a PostgreSQL database, whatever it was read from.

The same classes hold the database a Prisma schema implies (`prisma_to_catalog`), a live database
read from `pg_catalog` (`read_catalog`), and what a Drizzle or Kysely file declares, so that any two
can be compared object by object (`compare_catalogs`).

Values are PostgreSQL's own canonical spellings, the ones the catalog hands back:
- a column's `type` is `format_type()` of its element type in the long form
  (`timestamp(3) without time zone`, `character varying(255)`, `numeric(65,30)`, `integer`);
  user-defined types (enums, extension types such as `vector(1536)` or `citext`) are their bare
  name with `type_schema` set to the schema they live in;
- a default is `pg_get_expr()` of it (`CURRENT_TIMESTAMP`, `'PENDING'::"Status"`, `0`,
  `nextval('"User_id_seq"'::regclass)`);
- referential actions, index methods and sort orders are upper/lower case as in SQL text.
`origin` fields point back at the schema line an object came from; comparisons ignore them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.errors import SourceSpan

DEFAULT_SCHEMA = "public"

REFERENTIAL_ACTIONS = ("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT")
INDEX_METHODS = ("btree", "hash", "gin", "gist", "spgist", "brin")


def qualified(schema: str, name: str) -> str:
    """The dictionary key of a table or type: `schema.name` (names may contain dots; keys are opaque)."""
    return f"{schema}.{name}"


def quote_ident(name: str) -> str:
    """Always-quoted identifier, as Prisma writes them."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(slots=True)
class Column:
    name: str
    type: str
    nullable: bool = True
    default: str | None = None
    array: bool = False
    type_schema: str | None = None  # set for user-defined types (enums, extension types)
    identity: str | None = None  # "ALWAYS" or "BY DEFAULT" for identity columns
    generated: str | None = None  # expression of a GENERATED ALWAYS AS (...) STORED column
    origin: SourceSpan | None = None
    # How Prisma spells the type and the default in its DDL (`SERIAL`, `TIMESTAMP(3)`, `DEFAULT 'A'`),
    # set on catalogs derived from a schema; printing only, never compared.
    ddl_type: str | None = None
    default_ddl: str | None = None
    ddl_name: str | None = None  # the name as the schema wrote it when PostgreSQL cuts it to 63 bytes

    def sql_type(self) -> str:
        """The type as it would be written in DDL (user-defined types quoted, arrays with [])."""
        base = quote_ident(self.type) if self.type_schema is not None and not _is_parametrised(self.type) else self.type
        if self.type_schema not in (None, DEFAULT_SCHEMA, "pg_catalog") and not _is_parametrised(self.type):
            base = f"{quote_ident(self.type_schema)}.{base}"
        return base + ("[]" if self.array else "")

    def display_type(self) -> str:
        """The type for people: unquoted, schema-qualified only outside the default schemas."""
        base = self.type
        if self.type_schema not in (None, DEFAULT_SCHEMA, "pg_catalog"):
            base = f"{self.type_schema}.{base}"
        return base + ("[]" if self.array else "")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "nullable": self.nullable, "default": self.default}
        if self.array:
            out["array"] = True
        if self.type_schema is not None:
            out["type_schema"] = self.type_schema
        if self.identity:
            out["identity"] = self.identity
        if self.generated:
            out["generated"] = self.generated
        if self.origin:
            out["origin"] = self.origin.to_dict()
        return out


def _is_parametrised(type_name: str) -> bool:
    # extension types such as vector(1536) are written bare: "vector(1536)" would be a different name
    return "(" in type_name


@dataclass(slots=True)
class IndexColumn:
    """One key of an index: a column name, or an expression when `expression` is true."""

    name: str
    expression: bool = False
    descending: bool = False
    nulls_first: bool | None = None  # None: PostgreSQL's default for the order (LAST for ASC, FIRST for DESC)
    opclass: str | None = None  # only a non-default operator class
    collation: str | None = None
    ddl_opclass: str | None = None  # the class as the schema wrote it, default or not (printing only)
    ddl_sort: str | None = None  # "ASC" or "DESC" when the schema wrote the order out (printing only)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.expression:
            out["expression"] = True
        if self.descending:
            out["descending"] = True
        if self.nulls_first is not None:
            out["nulls_first"] = self.nulls_first
        if self.opclass:
            out["opclass"] = self.opclass
        if self.collation:
            out["collation"] = self.collation
        return out


@dataclass(slots=True)
class PrimaryKey:
    name: str
    columns: list[str]
    origin: SourceSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "columns": list(self.columns)}


@dataclass(slots=True)
class Index:
    name: str
    columns: list[IndexColumn]
    unique: bool = False
    method: str = "btree"
    predicate: str | None = None  # WHERE clause of a partial index, as pg_get_expr prints it
    include: list[str] = field(default_factory=list)
    nulls_not_distinct: bool = False
    constraint: bool = False  # backs a UNIQUE constraint (rather than being a plain unique index)
    valid: bool = True  # false for an index left behind by a failed CREATE INDEX CONCURRENTLY
    origin: SourceSpan | None = None
    ddl_predicate: str | None = None  # the predicate as Prisma prints it, when that differs (printing only)

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "columns": [c.to_dict() for c in self.columns],
            "unique": self.unique,
            "method": self.method,
        }
        if self.predicate:
            out["predicate"] = self.predicate
        if self.include:
            out["include"] = list(self.include)
        if self.nulls_not_distinct:
            out["nulls_not_distinct"] = True
        if self.constraint:
            out["constraint"] = True
        if not self.valid:
            out["valid"] = False
        return out


@dataclass(slots=True)
class ForeignKey:
    name: str
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    ref_schema: str = DEFAULT_SCHEMA
    on_delete: str = "NO ACTION"
    on_update: str = "NO ACTION"
    deferrable: bool = False
    validated: bool = True
    origin: SourceSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "columns": list(self.columns),
            "ref_schema": self.ref_schema,
            "ref_table": self.ref_table,
            "ref_columns": list(self.ref_columns),
            "on_delete": self.on_delete,
            "on_update": self.on_update,
        }
        if self.deferrable:
            out["deferrable"] = True
        if not self.validated:
            out["validated"] = False
        return out


@dataclass(slots=True)
class Table:
    name: str
    schema: str = DEFAULT_SCHEMA
    columns: list[Column] = field(default_factory=list)
    primary_key: PrimaryKey | None = None
    indexes: list[Index] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    origin: SourceSpan | None = None
    model: str | None = None  # the Prisma model (or implicit relation) this table comes from
    ddl_name: str | None = None  # the name as the schema wrote it when PostgreSQL cuts it (printing only)

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": self.schema,
            "name": self.name,
            "columns": [c.to_dict() for c in self.columns],
            "primary_key": self.primary_key.to_dict() if self.primary_key else None,
            "indexes": [i.to_dict() for i in self.indexes],
            "foreign_keys": [f.to_dict() for f in self.foreign_keys],
        }
        if self.model:
            out["model"] = self.model
        if self.origin:
            out["origin"] = self.origin.to_dict()
        return out


@dataclass(slots=True)
class EnumType:
    name: str
    values: list[str]
    schema: str = DEFAULT_SCHEMA
    origin: SourceSpan | None = None
    ddl_name: str | None = None  # the name as the schema wrote it when PostgreSQL cuts it (printing only)

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": self.schema, "name": self.name, "values": list(self.values)}
        if self.origin:
            out["origin"] = self.origin.to_dict()
        return out


@dataclass(slots=True)
class Extension:
    name: str
    schema: str | None = None
    version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "schema": self.schema, "version": self.version}


@dataclass(slots=True)
class View:
    """A view: Prisma knows its shape but its migrations never create it."""

    name: str
    schema: str = DEFAULT_SCHEMA
    columns: list[Column] = field(default_factory=list)
    definition: str | None = None
    materialized: bool = False
    origin: SourceSpan | None = None

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": self.schema, "name": self.name, "columns": [c.to_dict() for c in self.columns]}
        if self.definition is not None:
            out["definition"] = self.definition
        if self.materialized:
            out["materialized"] = True
        return out


@dataclass(slots=True)
class Catalog:
    """A whole database (or the part of it a schema describes)."""

    tables: dict[str, Table] = field(default_factory=dict)
    enums: dict[str, EnumType] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    schemas: list[str] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    # objects outside Prisma's model (triggers, functions, ...) found in a live database
    other_objects: list[dict[str, Any]] = field(default_factory=list)
    default_schema: str = DEFAULT_SCHEMA  # where unqualified names live (Prisma: the URL's ?schema=)

    def add_table(self, table: Table) -> Table:
        self.tables[table.key] = table
        return table

    def add_enum(self, enum: EnumType) -> EnumType:
        self.enums[enum.key] = enum
        return enum

    def table(self, name: str, schema: str = DEFAULT_SCHEMA) -> Table | None:
        return self.tables.get(qualified(schema, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schemas": list(self.schemas),
            "extensions": [e.to_dict() for e in self.extensions],
            "enums": [e.to_dict() for e in self.enums.values()],
            "tables": [t.to_dict() for t in self.tables.values()],
            "views": [v.to_dict() for v in self.views.values()],
            **({"other_objects": self.other_objects} if self.other_objects else {}),
        }
