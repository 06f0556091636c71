"""How a value of a column is written in each ORM: its TypeScript type and its literal.

The same column takes different values in the three ORMs: `fee_vnd numeric(12,2)` is a
`Prisma.Decimal` (which also accepts a number) in Prisma Client, a `string` in Drizzle's default
numeric mode, and a `string` in Kysely because the `pg` driver returns numeric as text; a
`timestamptz` is a `Date` everywhere; a `BigInt` is a `bigint` in Prisma and in Drizzle's
`mode: "bigint"`, but a `string` in Kysely. A writer that compares a column with a literal or a
parameter prints it in the form that ORM's types accept, so that the query compiles under
`tsc --strict`. The Kysely side reads `tools.typemap.KYSELY_TYPES`, the table the generator uses.
"""

from __future__ import annotations

import json
from typing import Any

from tools.prisma.schema import PrismaField
from tools.typemap import KYSELY_TYPES

# kind -> TypeScript type of a parameter of that kind
TS_TYPES = {"string": "string", "number": "number", "bigint": "bigint", "decimal": "number", "boolean": "boolean",
            "date": "Date", "json": "unknown", "bytes": "Buffer", "unknown": "unknown"}

_PRISMA = {"String": "string", "Int": "number", "Float": "number", "BigInt": "bigint", "Decimal": "decimal",
           "Boolean": "boolean", "DateTime": "date", "Json": "json", "Bytes": "bytes"}
_KYSELY_HELPERS = {"string": "string", "number": "number", "boolean": "boolean", "Int8": "string",
                   "Numeric": "string", "Timestamp": "date", "Json": "json", "Buffer": "bytes"}
# Drizzle's default modes for the builders `triple-orm sync` writes: numeric -> string, bigint in
# mode "bigint", timestamps and dates as Date, time as string.
_DRIZZLE = {"String": "string", "Int": "number", "Float": "number", "BigInt": "bigint", "Decimal": "string",
            "Boolean": "boolean", "DateTime": "date", "Json": "json", "Bytes": "bytes"}
_DRIZZLE_NATIVE = {"Time": "string", "Timetz": "string", "Money": "string"}


def value_kind(field: PrismaField, orm: str) -> str:
    """string | number | bigint | decimal | boolean | date | json | bytes | enum | unknown."""
    if field.kind == "enum":
        return "enum"
    if field.kind == "unsupported":
        return "unknown" if orm != "kysely" else "string"
    native = field.native.name if field.native else None
    if orm == "prisma":
        return _PRISMA.get(field.type, "unknown")
    if orm == "drizzle":
        return _DRIZZLE_NATIVE.get(native or "", _DRIZZLE.get(field.type, "unknown"))
    spec = KYSELY_TYPES.get(native or field.type) or KYSELY_TYPES.get(field.type)
    return _KYSELY_HELPERS.get(spec.type, "unknown") if spec else "unknown"


def ts_type(field: PrismaField, orm: str, enum_values: list[str] | None = None) -> str:
    """The TypeScript type of a parameter compared with `field` in `orm`."""
    kind = value_kind(field, orm)
    if kind == "enum":
        return " | ".join(json.dumps(v) for v in enum_values) if enum_values else "string"
    return TS_TYPES[kind]


def literal(value: Any, kind: str) -> str:
    """A SQL/Prisma literal value as TypeScript of the kind the column takes."""
    if value is None:
        return "null"
    if kind == "date":
        return f"new Date({json.dumps(str(value))})"
    if kind == "bigint" and isinstance(value, (int, str)) and str(value).lstrip("-").isdigit():
        return f"{int(value)}n"
    if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(str(value))
    if kind == "number" and isinstance(value, str):
        try:
            return str(int(value)) if value.lstrip("-").isdigit() else str(float(value))
        except ValueError:
            return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return json.dumps(value, ensure_ascii=False)


def enum_values(field: PrismaField, schema, orm: str) -> list[str]:
    """The values of an enum column as `orm` spells them (Prisma Client: names; Drizzle/Kysely: database values)."""
    enum = schema.enums.get(field.type)
    if enum is None:
        return []
    return [v.name if orm == "prisma" else v.db_name for v in enum.values]


def enum_literal(field: PrismaField, schema, orm: str, value: str) -> str:
    """An enum value written in SQL (a database value) as `orm` spells it."""
    enum = schema.enums.get(field.type)
    if enum is not None and orm == "prisma":
        for candidate in enum.values:
            if value in (candidate.db_name, candidate.name):
                return json.dumps(candidate.name)
    return json.dumps(value)
