"""Reading and checking `@default(…)`: literals, lists, enum values and Prisma's default functions.

Prisma accepts a default only when it fits the field's type (a string for String, a number for
Int, `now()` for DateTime, an enum value for an enum…); a mismatch is a located error here, as it
is for `prisma validate`.
"""

from __future__ import annotations

import base64
import json
import re
from decimal import Decimal

from tools.catalog.defaults import parse_rfc3339
from tools.prisma.ast import ArrayValue, Attribute, ConstantValue, FunctionValue, NumberValue, StringValue, Value
from tools.prisma.diagnostics import AttributeArgs, Diagnostics, suggest, value_kind
from tools.prisma.schema import DefaultValue, PrismaEnum

FUNCTIONS = ("autoincrement", "now", "uuid", "cuid", "nanoid", "ulid", "dbgenerated", "sequence", "auto")

# Which default functions each scalar accepts (dbgenerated() is accepted everywhere).
FUNCTIONS_FOR = {
    "String": ("uuid", "cuid", "nanoid", "ulid"),
    "Int": ("autoincrement", "sequence"),
    "BigInt": ("autoincrement", "sequence"),
    "DateTime": ("now",),
}


def parse_default(attribute: Attribute, kind: str, type_name: str, is_list: bool,
                  enums: dict[str, PrismaEnum], diagnostics: Diagnostics) -> DefaultValue | None:
    """The default of a field of `kind` (scalar|enum|unsupported) and `type_name`, or None on error."""
    args = AttributeArgs(attribute, diagnostics, ("value", "map"), positional="value")
    value = args.get("value")
    map_name = args.string("map")
    if value is None:
        diagnostics.error(attribute, "@default needs a value", "for example @default(0), @default(now()) or @default(\"text\")")
        return None
    if isinstance(value, FunctionValue):
        return _function(attribute, value, kind, type_name, is_list, diagnostics, map_name)
    if kind == "unsupported":
        diagnostics.error(value, f'a field of type Unsupported("{type_name}") accepts only @default(dbgenerated("…"))')
        return None
    if is_list:
        if not isinstance(value, ArrayValue):
            diagnostics.error(value, f"the default of the list field must be a list, like [] or [{_example(kind, type_name, enums)}]")
            return None
        items = [_literal(item, kind, type_name, enums, diagnostics) for item in value.items]
        if any(item is None for item in items):
            return None
        return DefaultValue("list", attribute, value=[i[0] for i in items], literal=items[0][1] if items else None, map=map_name)
    parsed = _literal(value, kind, type_name, enums, diagnostics)
    if parsed is None:
        return None
    return DefaultValue("literal", attribute, value=parsed[0], literal=parsed[1], map=map_name)


def _example(kind: str, type_name: str, enums: dict[str, PrismaEnum]) -> str:
    if kind == "enum" and type_name in enums and enums[type_name].values:
        return enums[type_name].values[0].name
    return {"String": '"a"', "Boolean": "true", "DateTime": '"2024-01-01T00:00:00Z"'}.get(type_name, "1")


def _literal(value: Value, kind: str, type_name: str, enums: dict[str, PrismaEnum], diagnostics: Diagnostics):
    """(python value, literal kind) of one literal default, or None after reporting an error."""
    if kind == "enum":
        enum = enums.get(type_name)
        if isinstance(value, ConstantValue) and enum is not None:
            if enum.value(value.name) is None:
                diagnostics.error(value, f"`{value.name}` is not a value of the enum `{type_name}`",
                                  suggest(value.name, [v.name for v in enum.values]) or f"its values are {', '.join(v.name for v in enum.values)}")
                return None
            return value.name, "enum"
        diagnostics.error(value, f"the default of an enum field must be one of its values, not {value_kind(value)}",
                          f"for example @default({_example(kind, type_name, enums)})")
        return None
    if type_name in ("String", "DateTime", "Json", "Bytes"):
        if isinstance(value, StringValue):
            if type_name == "DateTime" and parse_rfc3339(value.value) is None:
                diagnostics.error(value, f'"{value.value}" is not a valid rfc3339 datetime string',
                                  'write the date, the time and the offset, for example "2024-01-31T12:00:00Z"')
                return None
            if type_name == "Bytes" and not _is_base64(value.value):
                diagnostics.error(value, f'"{value.value}" is not a valid base64 string',
                                  "a Bytes default is written in base64 with its padding, for example \"AAE=\"")
                return None
            if type_name == "Json" and not _is_json(value.value):
                diagnostics.error(value, "the default of a Json field must be a string holding valid JSON",
                                  'for example @default("{}") or @default("[]")')
                return None
            return value.value, "string"
    elif type_name == "Boolean":
        if isinstance(value, ConstantValue) and value.name in ("true", "false"):
            return value.name == "true", "boolean"
    elif type_name in ("Int", "BigInt"):
        if isinstance(value, NumberValue) and value.is_integer:
            number = int(value.text)
            if not -(2**63) <= number < 2**63:  # Prisma reads integer defaults as 64-bit (an Int's too)
                diagnostics.error(value, f'"{value.text}" is not a valid integer. (number too large to fit in target type)')
                return None
            return number, "number"
    elif type_name in ("Float", "Decimal"):
        if isinstance(value, NumberValue):
            return plain_number(value.text), "number"
        if type_name == "Decimal" and isinstance(value, StringValue):
            # Prisma takes a Decimal default as a string too (`@default("2.00")`, exact digits)
            if not _DECIMAL.fullmatch(value.value):
                diagnostics.error(value, f'"{value.value}" is not a valid decimal', 'for example @default("2.50") or @default(2.50)')
                return None
            return plain_number(value.value), "number"
    expected = {"String": "a string", "DateTime": "now() or a date string", "Json": "a JSON string",
                "Bytes": "a base64 string", "Boolean": "true or false", "Int": "an integer", "BigInt": "an integer",
                "Float": "a number", "Decimal": "a number"}.get(type_name, "a value of the field's type")
    diagnostics.error(value, f"the default {value_kind(value)} does not fit a field of type {type_name}",
                      f"a {type_name} default must be {expected}")
    return None


_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def plain_number(text: str) -> str:
    """A Float or Decimal default as Prisma prints it: its exact digits in plain notation, without
    leading zeros or a negative zero (`007.50` -> `7.50`, `"1e3"` -> `1000`, `"-0"` -> `0`)."""
    number = Decimal(text)
    if number.is_zero():
        number = abs(number)
    return format(number, "f")


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except ValueError:
        return False
    return True


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _function(attribute: Attribute, call: FunctionValue, kind: str, type_name: str, is_list: bool,
              diagnostics: Diagnostics, map_name: str | None) -> DefaultValue | None:
    name = call.name
    if name not in FUNCTIONS:
        diagnostics.error(call, f"`{name}()` is not a default function",
                          suggest(name, FUNCTIONS) or f"Prisma's default functions are {', '.join(f + '()' for f in FUNCTIONS[:-1])}")
        return None
    if name == "dbgenerated":
        return _dbgenerated(attribute, call, diagnostics, map_name)
    # Prisma checks the scalar type only: `Int[] @default(autoincrement())` passes (and prints SERIAL[])
    allowed = () if kind != "scalar" else FUNCTIONS_FOR.get(type_name, ())
    if name not in allowed:
        fits = {"autoincrement": "Int and BigInt", "sequence": "Int and BigInt (CockroachDB only)", "now": "DateTime",
                "auto": "MongoDB ids"}.get(name, "String")
        diagnostics.error(call, f"`{name}()` cannot be the default of a field of type {type_name}{'[]' if is_list else ''}",
                          f"{name}() is a default for {fits} fields")
        return None
    if name == "sequence":
        diagnostics.error(call, "`sequence()` is a CockroachDB default; PostgreSQL uses `autoincrement()`")
        return None
    values = []
    for argument in call.args:
        if isinstance(argument.value, NumberValue) and argument.value.is_integer:
            values.append(int(argument.value.text))
        else:
            diagnostics.error(argument, f"`{name}()` takes a number as its argument, not {value_kind(argument.value)}")
            return None
    if not _version_ok(name, values):
        diagnostics.error(call, f"`{name}({', '.join(map(str, values))})` is not a valid default",
                          {"uuid": "uuid() takes 4 or 7", "cuid": "cuid() takes 1 or 2",
                           "nanoid": "nanoid() takes a length from 2 to 255"}.get(name, f"{name}() takes no arguments"))
        return None
    return DefaultValue("function", attribute, function=name, args=tuple(values), map=map_name)


def _version_ok(name: str, values: list[int]) -> bool:
    if not values:
        return True
    if len(values) > 1:
        return False
    version = values[0]
    return {"uuid": version in (4, 7), "cuid": version in (1, 2), "nanoid": 2 <= version <= 255}.get(name, False)


def _dbgenerated(attribute: Attribute, call: FunctionValue, diagnostics: Diagnostics, map_name: str | None) -> DefaultValue | None:
    if not call.args:
        return DefaultValue("function", attribute, function="dbgenerated", args=(), map=map_name)
    first = call.args[0].value
    if len(call.args) > 1 or not isinstance(first, StringValue):
        diagnostics.error(call, "`dbgenerated()` takes one string: the SQL expression of the default",
                          'for example @default(dbgenerated("gen_random_uuid()"))')
        return None
    if not first.value.strip():
        diagnostics.error(first, "`dbgenerated(\"\")` is empty", "write the SQL expression, or dbgenerated() for a default set outside Prisma")
        return None
    return DefaultValue("function", attribute, function="dbgenerated", args=(first.value,), map=map_name)
