"""The one type table: Prisma scalar + native type -> PostgreSQL type (and, read from the same rows,
the Drizzle builder and the Kysely type that the generators and the type comparator use).

Each row is keyed by the Prisma native type name (`VarChar`, `Timestamptz`, …) or, for a field with
no `@db.*` attribute, by the scalar itself (`String` means `text`). `pg` is PostgreSQL's canonical
`format_type()` spelling, `ddl` is how Prisma writes the type in its migrations; both take the
native type's arguments through `{0}`/`{1}`. An unknown native type is an error that names it.
"""

from __future__ import annotations

from dataclasses import dataclass

SCALARS = ("String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes")


@dataclass(frozen=True, slots=True)
class PgType:
    """One PostgreSQL type as Prisma uses it."""

    name: str  # Prisma's name for it (native type name, or the scalar for its default)
    scalars: tuple[str, ...]  # Prisma scalars that may carry this native type
    pg: str  # canonical format_type() without arguments
    pg_args: str | None  # canonical format_type() with arguments ({0}, {1}); None: takes no arguments
    ddl: str  # Prisma's DDL spelling without arguments
    ddl_args: str | None
    max_args: int = 0
    user_defined: bool = False  # lives in an extension's schema (citext), not pg_catalog
    why: str = ""

    def canonical(self, args: tuple[str, ...]) -> str:
        return self.pg_args.format(*args) if args and self.pg_args else self.pg

    def ddl_spelling(self, args: tuple[str, ...]) -> str:
        return self.ddl_args.format(*args) if args and self.ddl_args else self.ddl


def _t(name, scalars, pg, pg_args, ddl, ddl_args, max_args=0, user_defined=False, why=""):
    return PgType(name, tuple(scalars.split()), pg, pg_args, ddl, ddl_args, max_args, user_defined, why)


# The type a scalar gets when the field has no @db.* attribute (Prisma's PostgreSQL defaults).
SCALAR_DEFAULTS: dict[str, PgType] = {t.name: t for t in (
    _t("String", "String", "text", None, "TEXT", None),
    _t("Boolean", "Boolean", "boolean", None, "BOOLEAN", None),
    _t("Int", "Int", "integer", None, "INTEGER", None),
    _t("BigInt", "BigInt", "bigint", None, "BIGINT", None),
    _t("Float", "Float", "double precision", None, "DOUBLE PRECISION", None),
    _t("Decimal", "Decimal", "numeric(65,30)", None, "DECIMAL(65,30)", None,
       why="Prisma's widest exact decimal: 65 digits, 30 after the point"),
    _t("DateTime", "DateTime", "timestamp(3) without time zone", None, "TIMESTAMP(3)", None,
       why="millisecond precision (JavaScript's Date) and no time zone"),
    _t("Json", "Json", "jsonb", None, "JSONB", None),
    _t("Bytes", "Bytes", "bytea", None, "BYTEA", None),
)}

# Every @db.* native type of Prisma's PostgreSQL connector.
NATIVE_TYPES: dict[str, PgType] = {t.name: t for t in (
    _t("Text", "String", "text", None, "TEXT", None),
    _t("Char", "String", "character(1)", "character({0})", "CHAR", "CHAR({0})", 1,
       why="CHAR without a length is CHAR(1) in PostgreSQL"),
    _t("VarChar", "String", "character varying", "character varying({0})", "VARCHAR", "VARCHAR({0})", 1),
    _t("Bit", "String", "bit(1)", "bit({0})", "BIT", "BIT({0})", 1, why="BIT without a length is BIT(1)"),
    _t("VarBit", "String", "bit varying", "bit varying({0})", "VARBIT", "VARBIT({0})", 1),
    _t("Uuid", "String", "uuid", None, "UUID", None),
    _t("Xml", "String", "xml", None, "XML", None),
    _t("Inet", "String", "inet", None, "INET", None),
    _t("Citext", "String", "citext", None, "CITEXT", None, user_defined=True,
       why="a type of the citext extension, created in the extension's schema"),
    _t("Boolean", "Boolean", "boolean", None, "BOOLEAN", None),
    _t("SmallInt", "Int", "smallint", None, "SMALLINT", None),
    _t("Integer", "Int", "integer", None, "INTEGER", None),
    _t("Oid", "Int", "oid", None, "OID", None),
    _t("BigInt", "BigInt", "bigint", None, "BIGINT", None),
    _t("Real", "Float", "real", None, "REAL", None),
    _t("DoublePrecision", "Float", "double precision", None, "DOUBLE PRECISION", None),
    _t("Decimal", "Decimal", "numeric", "numeric({0},{1})", "DECIMAL", "DECIMAL({0},{1})", 2,
       why="@db.Decimal without arguments is an unconstrained numeric"),
    _t("Money", "Decimal", "money", None, "MONEY", None),
    _t("Timestamp", "DateTime", "timestamp without time zone", "timestamp({0}) without time zone",
       "TIMESTAMP", "TIMESTAMP({0})", 1, why="no precision means PostgreSQL's default of 6"),
    _t("Timestamptz", "DateTime", "timestamp with time zone", "timestamp({0}) with time zone",
       "TIMESTAMPTZ", "TIMESTAMPTZ({0})", 1),
    _t("Date", "DateTime", "date", None, "DATE", None),
    _t("Time", "DateTime", "time without time zone", "time({0}) without time zone", "TIME", "TIME({0})", 1),
    _t("Timetz", "DateTime", "time with time zone", "time({0}) with time zone", "TIMETZ", "TIMETZ({0})", 1),
    _t("Json", "Json", "json", None, "JSON", None, why="text JSON, kept verbatim; JsonB is Prisma's default"),
    _t("JsonB", "Json", "jsonb", None, "JSONB", None),
    _t("ByteA", "Bytes", "bytea", None, "BYTEA", None),
)}

# autoincrement() turns the integer types into PostgreSQL's serial pseudo-types.
SERIAL_DDL = {"smallint": "SMALLSERIAL", "integer": "SERIAL", "bigint": "BIGSERIAL"}

# Built-in PostgreSQL types (pg_catalog) that schemas name through Unsupported("…"), with the
# aliases people write mapped to format_type()'s spelling. Anything else is an extension's type.
BUILTIN_ALIASES = {
    "int2": "smallint", "int4": "integer", "int": "integer", "int8": "bigint", "float4": "real",
    "float8": "double precision", "bool": "boolean", "varchar": "character varying", "char": "character",
    "bpchar": "character", "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
    "timetz": "time with time zone", "time": "time without time zone", "varbit": "bit varying",
    "decimal": "numeric",
}
BUILTIN_TYPES = frozenset((
    "smallint", "integer", "bigint", "real", "double precision", "numeric", "boolean", "text", "character",
    "character varying", "bit", "bit varying", "bytea", "uuid", "xml", "json", "jsonb", "inet", "cidr",
    "macaddr", "macaddr8", "money", "oid", "date", "interval", "tsvector", "tsquery", "point", "line",
    "lseg", "box", "path", "polygon", "circle", "int4range", "int8range", "numrange", "tsrange",
    "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange", "tsmultirange",
    "tstzmultirange", "datemultirange", "pg_lsn", "pg_snapshot", "txid_snapshot", "regclass", "regtype",
    "regproc", "name", "xid", "xid8", "cid", "tid", "jsonpath", "timestamp without time zone",
    "timestamp with time zone", "time without time zone", "time with time zone",
))


# -- Kysely ------------------------------------------------------------------------------------------
# What a value of each type is in TypeScript when Kysely reads it through the `pg` driver with its
# default type parsers (pg-types 2.x), which decide the runtime type: a type pg has no parser for
# arrives as text. Read by tools/sync/kysely.py; the names on the right (Timestamp, Int8, Numeric,
# Json, ...) are helper types that the generated file declares.


@dataclass(frozen=True, slots=True)
class KyselyType:
    """The TypeScript type of one PostgreSQL type as Kysely over `pg` returns it."""

    type: str  # a TypeScript type, or a helper type of the generated file
    # how pg returns an array of it: "parsed" (T[], or ArrayType<T> for a ColumnType helper),
    # "text" (no array parser: the PostgreSQL array literal, "{a,b}"), or a helper type name
    arrays: str = "parsed"
    why: str = ""


def _k(type_, arrays="parsed", why=""):
    return KyselyType(type_, arrays, why)


# Keyed like SCALAR_DEFAULTS and NATIVE_TYPES (a key in both means the same TypeScript type).
KYSELY_TYPES: dict[str, KyselyType] = {
    "String": _k("string"),
    "Boolean": _k("boolean"),
    "Int": _k("number"),
    "BigInt": _k("Int8", why="pg returns int8 as a string (a value may exceed 2^53); writes take string, number or bigint"),
    "Float": _k("number"),
    "Decimal": _k("Numeric", arrays="NumericArray",
                  why="pg returns numeric as an exact string, but parses numeric[] with parseFloat (number[])"),
    "DateTime": _k("Timestamp", why="pg parses timestamps into a Date; writes take a Date or an ISO string"),
    "Json": _k("Json", why="pg parses json/jsonb with JSON.parse, but sends a JS array as a PostgreSQL array literal"),
    "Bytes": _k("Buffer", why="pg returns bytea as a Node.js Buffer"),
    "Text": _k("string"),
    "Char": _k("string"),
    "VarChar": _k("string"),
    "Bit": _k("string", arrays="text", why="bit is returned as text ('101'); pg has no parser for bit[]"),
    "VarBit": _k("string", arrays="text", why="as bit: text, and no parser for varbit[]"),
    "Uuid": _k("string"),
    "Xml": _k("string", arrays="text", why="pg has no parser for xml[]"),
    "Inet": _k("string"),
    "Citext": _k("string", arrays="text",
                 why="citext's type OID is assigned when the extension is created, so pg has no parser for citext[]"),
    "SmallInt": _k("number"),
    "Integer": _k("number"),
    "Oid": _k("number", why="pg parses oid as an integer"),
    "Real": _k("number"),
    "DoublePrecision": _k("number"),
    "Money": _k("Numeric", why="pg returns money as text formatted by lc_monetary ('$1,234.50'); money[] as strings"),
    "Timestamp": _k("Timestamp"),
    "Timestamptz": _k("Timestamp"),
    "Date": _k("Timestamp", why="pg parses date into a Date at local midnight, not into a 'YYYY-MM-DD' string"),
    "Time": _k("string", why="pg has no parser for time: it stays text ('14:30:00'), not a Date"),
    "Timetz": _k("string", why="as time: text ('14:30:00+07')"),
    "JsonB": _k("Json"),
    "ByteA": _k("Buffer"),
}

# Unsupported("…") types by their format_type() name (arguments removed). A type missing here is
# one pg has no parser for: it arrives as text, and so do arrays of it (UNSUPPORTED_KYSELY_TYPE).
KYSELY_UNSUPPORTED: dict[str, KyselyType] = {
    "interval": _k("Interval", why="pg parses interval into a postgres-interval object"),
    "point": _k("Point", why="pg parses point into { x, y }"),
    "circle": _k("Circle", arrays="text", why="pg parses circle into { x, y, radius }, but not circle[]"),
    "cidr": _k("string"),
    "macaddr": _k("string"),
    "numrange": _k("string"),
}
UNSUPPORTED_KYSELY_TYPE = _k("string", arrays="text")


# -- Drizzle -----------------------------------------------------------------------------------------
# The drizzle-orm 0.45 column builder that declares each PostgreSQL type, read by tools/sync/drizzle*.
# Keyed by the PostgreSQL type (format_type() without its modifiers), not by the Prisma name as
# SCALAR_DEFAULTS and NATIVE_TYPES are: a Drizzle builder describes the database type, and the
# Prisma names do not determine it (`Json` is jsonb as a scalar but json as `@db.Json`; `Decimal`
# is numeric(65,30) as a scalar but unconstrained numeric as a bare `@db.Decimal`). Every row of
# both Prisma tables resolves here through its `canonical()` type (a test checks each one), and the
# type modifiers of that canonical spelling (`character varying(255)`, `timestamp(3) …`) become the
# builder's options, so the declared type is exactly the one Prisma creates.


@dataclass(frozen=True, slots=True)
class DrizzleColumn:
    """How a Drizzle schema declares one PostgreSQL type."""

    builder: str  # a drizzle-orm/pg-core builder, or the customType the generated file declares
    typmod: tuple[str, ...] = ()  # the options that receive the type modifiers, in order
    fixed: tuple[tuple[str, object], ...] = ()  # options every column of the type gets
    serial: str | None = None  # the builder that autoincrement() (a sequence default) uses
    mode: str | None = None  # which generator option picks the TypeScript type: date | bigint | decimal
    literal: str | None = None  # the JS literal `.default()` takes and drizzle-kit writes as Prisma does
    custom: str | None = None  # customType: the TypeScript type of a value (drizzle-orm has no builder)
    custom_sql: str | None = None  # customType: the SQL spelling drizzle-kit needs (see its `why`)
    why: str = ""


def _dz(builder, typmod=(), fixed=(), serial=None, mode=None, literal=None, custom=None, custom_sql=None, why=""):
    return DrizzleColumn(builder, tuple(typmod), tuple(fixed), serial, mode, literal, custom, custom_sql, why)


DRIZZLE_BUILDERS: dict[str, DrizzleColumn] = {
    "text": _dz("text", literal="string"),
    "character varying": _dz("varchar", ("length",), literal="string"),
    "character": _dz("char", ("length",), literal="string"),
    "bit": _dz("bit", ("length",), literal="string", custom="string", custom_sql="bit",
               why="pg-core's bit() is pgvector's binary vector and needs a length; a customType takes bit and bit(n)"),
    "bit varying": _dz("varbit", ("length",), literal="string", custom="string", custom_sql="bit varying",
                       why="spelled `bit varying(n)`: drizzle-kit quotes a type name it does not know, and \"varbit(16)\" "
                           "is no type"),
    "uuid": _dz("uuid", literal="string"),
    "xml": _dz("xml", literal="string", custom="string"),
    "inet": _dz("inet", literal="string"),
    "citext": _dz("citext", literal="string", custom="string", why="the citext extension's type; pg returns text"),
    "boolean": _dz("boolean", literal="boolean"),
    "smallint": _dz("smallint", serial="smallserial", literal="number"),
    "integer": _dz("integer", serial="serial", literal="number"),
    "oid": _dz("oid", literal="number", custom="number", why="pg parses oid into a number"),
    "bigint": _dz("bigint", serial="bigserial", mode="bigint",
                  why="no literal default: drizzle-kit cannot serialise a JS bigint, so defaults are sql`…`"),
    "real": _dz("real", literal="number"),
    "double precision": _dz("doublePrecision", literal="number"),
    "numeric": _dz("numeric", ("precision", "scale"), mode="decimal",
                   why="no literal default: `.default(\"0\")` stores '0'::numeric where Prisma's 0 stores 0"),
    "money": _dz("money", literal="string", custom="string", why="pg returns money as formatted text ('$1.50')"),
    "timestamp without time zone": _dz("timestamp", ("precision",), mode="date"),
    "timestamp with time zone": _dz("timestamp", ("precision",), (("withTimezone", True),), mode="date"),
    "date": _dz("date", mode="date"),
    "time without time zone": _dz("time", ("precision",), why="drizzle's time() is a string (pg has no parser for it)"),
    "time with time zone": _dz("time", ("precision",), (("withTimezone", True),)),
    "json": _dz("json", why="defaults are sql`…`: drizzle-kit writes a JS value's JSON without escaping quotes"),
    "jsonb": _dz("jsonb", why="as json"),
    "bytea": _dz("bytea", custom="Buffer", why="pg returns bytea as a Node.js Buffer"),
    # Types Prisma knows only through Unsupported("…") for which drizzle-orm has a builder; any other
    # Unsupported type is declared with a customType spelling the type as the schema does.
    "vector": _dz("vector", ("dimensions",), why="pgvector; drizzle-orm's builder writes vector(n) as Prisma does"),
    "halfvec": _dz("halfvec", ("dimensions",)),
    "sparsevec": _dz("sparsevec", ("dimensions",)),
    "interval": _dz("interval"),
    "cidr": _dz("cidr"),
    "macaddr": _dz("macaddr"),
    "macaddr8": _dz("macaddr8"),
    "point": _dz("point"),
    "line": _dz("line"),
}
