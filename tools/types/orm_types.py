"""The TypeScript type each ORM gives a column: Prisma Client's rules, Drizzle's `$inferSelect` /
`$inferInsert` rules, and Kysely's Selectable / Insertable / Updateable (read from the file).

Each is an `OrmColumnType`: the selected type, the insert type and whether an insert must give it
(required), may leave it out (optional), or cannot set it (absent), and what fills it when left
out (a database default, a client-side function, nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.prisma.schema import PrismaField, PrismaSchema
from tools.sync.jsontypes import json_annotation

PRESENCES = ("required", "optional", "absent")


@dataclass(slots=True)
class OrmColumnType:
    select: str
    insert: str | None  # None: the column cannot be inserted
    presence: str  # required | optional | absent (on insert)
    nullable: bool
    filled_by: str | None = None  # "database default" | "$defaultFn" | "$onUpdate" | "Prisma Client (cuid())" …
    update: str | None = None  # Kysely's update type (the others update with the insert type)
    detail: dict[str, Any] = field(default_factory=dict)  # builder, mode, withTimezone, enum values, declared type

    def to_dict(self) -> dict[str, Any]:
        out = {"select": self.select, "insert": self.insert, "presence": self.presence, "nullable": self.nullable}
        if self.filled_by:
            out["filled_by"] = self.filled_by
        if self.update is not None:
            out["update"] = self.update
        if self.detail:
            out["detail"] = dict(self.detail)
        return out


# -- Prisma Client ----------------------------------------------------------------------------------

# Prisma Client's TypeScript for each scalar (Prisma 6+: Bytes is Uint8Array, it was Buffer before).
PRISMA_SCALARS = {"String": "string", "Boolean": "boolean", "Int": "number", "BigInt": "bigint", "Float": "number",
                  "Decimal": "Prisma.Decimal", "DateTime": "Date", "Json": "Prisma.JsonValue", "Bytes": "Uint8Array"}


def prisma_type(field_: PrismaField, schema: PrismaSchema, json_namespace: str = "PrismaJson") -> OrmColumnType:
    """What Prisma Client reads and accepts on create for a field."""
    if field_.kind == "unsupported":
        return OrmColumnType("(not in Prisma Client)", None, "absent", field_.optional,
                             detail={"why": "Prisma Client cannot read or write an Unsupported type"})
    if field_.kind == "enum":
        enum = schema.enums[field_.type]
        base = " | ".join(f'"{v.name}"' for v in enum.values)
        detail: dict[str, Any] = {"enum_values": [v.db_name for v in enum.values], "enum_names": [v.name for v in enum.values]}
    else:
        annotation = json_annotation(field_)
        base = f"{json_namespace}.{annotation.type_name}" if annotation and annotation.type_name else PRISMA_SCALARS[field_.type]
        detail = {}
    select = f"({base})[]" if field_.list and "|" in base else f"{base}[]" if field_.list else base
    nullable = field_.optional
    if nullable:
        select += " | null"
    filled = _prisma_fills(field_)
    presence = "optional" if nullable or field_.list or filled else "required"
    return OrmColumnType(select, select, presence, nullable, filled, detail=detail)


def _prisma_fills(field_: PrismaField) -> str | None:
    if field_.updated_at:
        return "Prisma Client (@updatedAt)"
    default = field_.default
    if default is None:
        return None
    if default.client_side:
        args = ", ".join(str(a) for a in default.args)
        return f"Prisma Client ({default.function}({args}))"
    return "database default"


# -- Drizzle ($inferSelect / $inferInsert) --------------------------------------------------------------

_STRING_BUILDERS = frozenset(("text", "varchar", "char", "uuid", "inet", "cidr", "macaddr", "macaddr8", "time",
                              "interval", "sparsevec", "bit"))
_NUMBER_BUILDERS = frozenset(("integer", "smallint", "serial", "smallserial", "real", "doublePrecision"))
_SERIALS = frozenset(("serial", "smallserial", "bigserial"))


def drizzle_type(column, file) -> OrmColumnType:
    """drizzle-orm 0.45's types for a column read by tools.typescript's Drizzle reader."""
    base = _drizzle_base(column, file)
    base += "[]" * column.array_dimensions
    nullable = not (column.not_null or column.primary_key)
    select = f"{base} | null" if nullable else base
    identity = column.identity.kind if column.identity is not None else None
    if identity == "ALWAYS" or column.generated is not None:
        presence, filled = "absent", "database (generated)"
    elif column.default is not None or column.builder in _SERIALS or identity == "BY DEFAULT":
        presence, filled = "optional", "database default"
    elif column.default_fn is not None:
        presence, filled = "optional", "$defaultFn"
    elif column.on_update is not None:
        presence, filled = "optional", "$onUpdate"  # drizzle runs $onUpdate on insert too when there is no default
    else:
        presence, filled = ("optional" if nullable else "required"), None
    detail = {"builder": column.builder, **{k: v for k, v in column.options.items() if k in ("mode", "withTimezone")}}
    if column.ts_type:
        detail["$type"] = column.ts_type
    values = _enum_values(column, file)
    if values is not None:
        detail["enum_values"] = values
    return OrmColumnType(select, None if presence == "absent" else select, presence, nullable, filled, detail=detail)


def _drizzle_base(column, file) -> str:
    if column.ts_type:
        return column.ts_type
    values = _enum_values(column, file)
    if values is not None:
        return " | ".join(f'"{v}"' for v in values)
    if column.kind == "custom":
        custom = next((c for c in file.custom_types if c.variable == column.builder), None)
        return custom.data if custom is not None and custom.data else "unknown"
    builder, mode = column.builder, column.options.get("mode")
    if builder in _STRING_BUILDERS:
        return "string"
    if builder in _NUMBER_BUILDERS:
        return "number"
    if builder in ("bigint", "bigserial"):
        return {"number": "number", "string": "string"}.get(mode, "bigint")
    if builder in ("numeric", "decimal"):
        return {"number": "number", "bigint": "bigint"}.get(mode, "string")
    if builder == "timestamp":
        return "string" if mode == "string" else "Date"
    if builder == "date":
        return "Date" if mode == "date" else "string"
    return {"boolean": "boolean", "json": "unknown", "jsonb": "unknown", "vector": "number[]", "halfvec": "number[]",
            "point": "{ x: number; y: number }" if mode == "xy" else "[number, number]",
            "line": "[number, number, number]"}.get(builder, "unknown")


def _enum_values(column, file) -> list[str] | None:
    if column.enum_values is not None:
        return list(column.enum_values)
    if column.kind == "enum":
        enum = file.enum(column.builder) if column.builder else None
        return list(enum.values) if enum is not None else None
    return None


# -- Kysely --------------------------------------------------------------------------------------------

def kysely_type(shape) -> OrmColumnType:
    """Kysely's view of a column, from tools.typescript's Kysely reader (`kysely_to_columns`)."""
    insert = shape.insert.render() if shape.insert is not None else None
    presence = "absent" if shape.insert is None else "required" if shape.insert_required else "optional"
    filled = {"Generated": "database default (Generated)", "GeneratedAlways": "database (GeneratedAlways)"}.get(
        shape.generated or "")
    detail: dict[str, Any] = {"declared": shape.declared}
    if shape.enum_values is not None:
        detail["enum_values"] = list(shape.enum_values)
    return OrmColumnType(shape.select.render(), insert, presence, shape.nullable, filled,
                         update=shape.update.render() if shape.update is not None else None, detail=detail)
