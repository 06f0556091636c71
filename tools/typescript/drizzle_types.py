"""The PostgreSQL type a Drizzle column declares, in `format_type()`'s spelling.

The type table (`tools.typemap.DRIZZLE_BUILDERS`: PostgreSQL type -> drizzle-orm builder) is read
in reverse: a builder and its options give the type (`varchar({ length: 255 })` is `character
varying(255)`, `timestamp({ precision: 3, withTimezone: true })` is `timestamp(3) with time zone`).
A few builders have no row there, because no Prisma type leads to them; they are listed here with
why. Types follow drizzle-orm 0.45's `getSQLType()`, then PostgreSQL's own spelling of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.catalog.from_prisma import unsupported_type
from tools.typemap import DRIZZLE_BUILDERS


@dataclass(frozen=True, slots=True)
class BuilderType:
    """What one drizzle-orm builder declares."""

    pg: str  # format_type() without modifiers
    typmod: tuple[str, ...] = ()  # options holding the type modifiers, in order
    serial: bool = False  # a serial pseudo-type: the base type with a sequence default, NOT NULL
    extension: bool = False  # an extension's type (vector): format_type gives its bare name
    why: str = ""


def _reverse_table() -> dict[str, list[tuple[BuilderType, dict]]]:
    """builder -> [(type, options that select it)] from the type table's builtin rows."""
    out: dict[str, list[tuple[BuilderType, dict]]] = {}
    for pg, row in DRIZZLE_BUILDERS.items():
        if row.custom is not None:  # declared with a customType in generated files: read from dataType()
            continue
        extension = pg in ("vector", "halfvec", "sparsevec")
        out.setdefault(row.builder, []).append((BuilderType(pg, row.typmod, extension=extension), dict(row.fixed)))
        if row.serial:
            out.setdefault(row.serial, []).append((BuilderType(pg, (), serial=True), {}))
    return out


# Builders with no row in the type table (no Prisma type produces them).
EXTRA_BUILDERS: dict[str, BuilderType] = {
    "decimal": BuilderType("numeric", ("precision", "scale"), why="drizzle's alias of numeric()"),
    "bit": BuilderType("bit", ("dimensions",), why="pg-core's bit() is pgvector's binary vector: bit(n)"),
    "geometry": BuilderType("geometry(Point)", extension=True,
                            why="drizzle-orm 0.45 always writes geometry(point), whatever the options; PostGIS "
                                "prints the subtype capitalised"),
    "uuid": BuilderType("uuid"),
}

BUILDERS: dict[str, list[tuple[BuilderType, dict]]] = _reverse_table()
for _name, _type in EXTRA_BUILDERS.items():
    BUILDERS.setdefault(_name, [(_type, {})])


def builder_type(builder: str, options: dict) -> BuilderType | None:
    """The row for a builder called with `options` (the row whose fixed options match)."""
    rows = BUILDERS.get(builder)
    if not rows:
        return None
    for row, fixed in sorted(rows, key=lambda r: -len(r[1])):
        if all(options.get(k) == v for k, v in fixed.items()):
            return row
    return rows[0][0]


def column_pg_type(builder: str, options: dict) -> tuple[str, bool] | None:
    """(format_type() spelling, is an extension's type) of a builtin builder with its options."""
    row = builder_type(builder, options)
    if row is None:
        return None
    args = [options.get(name) for name in row.typmod]
    return _with_modifiers(row.pg, builder, args, options), row.extension


def _with_modifiers(pg: str, builder: str, args: list, options: dict) -> str:
    if builder == "interval":  # interval day to second(3): fields, then precision
        fields = f" {options['fields']}" if options.get("fields") else ""
        precision = f"({options['precision']})" if options.get("precision") else ""
        return f"interval{fields}{precision}"
    if builder in ("numeric", "decimal"):
        precision, scale = args[0], args[1]
        if precision is None:
            return "numeric"
        return f"numeric({precision},{scale if scale is not None else 0})"  # numeric(p) is numeric(p,0)
    if builder in ("char", "bit") and args and args[0] is None:
        return f"{pg}(1)"  # char and bit without a length mean a length of 1
    if not args or args[0] is None:
        return pg
    modifier = f"({args[0]})"
    word, space, rest = pg.partition(" ")
    if word in ("timestamp", "time") and space:  # timestamp(3) with time zone
        return f"{word}{modifier} {rest}"
    return pg + modifier


def custom_pg_type(data_type: str, default_schema: str) -> tuple[str, str | None]:
    """(format_type() spelling, type schema) of a customType's dataType() text ("citext", "varchar(20)")."""
    canonical, _, schema = unsupported_type(data_type.strip(), default_schema)
    return canonical, schema
