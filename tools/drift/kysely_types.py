"""Does a Kysely column's TypeScript type fit the PostgreSQL column it describes?

What Kysely hands the application is what the `pg` driver returns, with its default type parsers:
numbers for int2/int4/float4/float8, strings for int8 and numeric (so that no digit is lost), a
Date for timestamp, timestamptz and date, a Buffer for bytea, parsed JSON for json and jsonb,
strings for the rest. A Kysely type file may name helper types for them (`Timestamp`, `Int8`,
`Numeric`, kysely-codegen's and prisma-kysely's alike); the reader has already reduced each column
to its selected type. A type of a family that a registered parser may change (int8 as number or
bigint, numeric as number) is accepted in any of its forms; a family we do not know (extension
types such as `vector`) is never reported: no finding without a reason.
"""

from __future__ import annotations

from typing import Any

from tools.catalog.model import Catalog, Column

_FAMILIES: dict[str, frozenset[str]] = {
    "boolean": frozenset({"boolean"}),
    "number": frozenset({"number"}),
    "int8": frozenset({"string", "number", "bigint"}),
    "numeric": frozenset({"string", "number", "Decimal"}),
    "datetime": frozenset({"Date", "string"}),
    "text": frozenset({"string"}),
    "bytes": frozenset({"Buffer", "Uint8Array"}),
}
_NUMBER = {"smallint", "integer", "real", "double precision", "oid"}
_TEXT = {"text", "uuid", "citext", "inet", "cidr", "macaddr", "macaddr8", "xml", "tsvector", "tsquery", "money"}


def family(column: Column, catalog: Catalog) -> str | None:
    """The family of the column's (element) type, "enum", or None when we do not know it."""
    if column.type_schema is not None:
        return "enum" if f"{column.type_schema}.{column.type}" in catalog.enums else None
    base = column.type.split("(")[0].strip()
    if base == "boolean":
        return "boolean"
    if base in _NUMBER:
        return "number"
    if base == "bigint":
        return "int8"
    if base == "numeric":
        return "numeric"
    if base == "date" or base.startswith("timestamp"):
        return "datetime"
    if base == "bytea":
        return "bytes"
    if base in ("json", "jsonb"):
        return "json"
    if base in _TEXT or base.startswith(("character", "bit", "time")):
        return "text"
    return None


def _names(t: Any) -> set[str]:
    """Keyword and type names a TS type stands for (a resolved alias looked through)."""
    out = set()
    for member in t.members_or_self:
        if member.kind == "ref" and member.target is not None:
            out |= _names(member.target) | {member.name}
        elif member.kind in ("keyword", "ref"):
            out.add(member.name)
        elif member.kind == "literal":
            out.add("string" if isinstance(member.value, str) else type(member.value).__name__)
        else:
            out.add(member.kind)
    return out


def type_mismatch(column: Column, shape: Any, catalog: Catalog) -> str | None:
    """Why the Kysely type of `shape` does not fit `column` (None: it fits, or we cannot tell)."""
    kind = family(column, catalog)
    if kind is None or kind == "json":
        return None  # JSON holds anything; unknown types are not judged
    selected = shape.base
    if column.array:
        element = _element(selected)
        if element is None:
            # a driver without an array parser returns the PostgreSQL array literal as text
            return None if "string" in _names(selected) else f"{_show(selected)} is not an array"
        selected = element
    if kind == "enum":
        return _enum_mismatch(column, selected, catalog)
    names = _names(selected)
    if names & _FAMILIES[kind] or "any" in names or "unknown" in names:
        return None
    return f"{_show(selected)} does not hold a {column.display_type()} value (pg returns {' or '.join(sorted(_FAMILIES[kind]))})"


def _element(t: Any) -> Any:
    resolved = t.target if t.kind == "ref" and t.target is not None else t
    if resolved.kind == "array":
        return resolved.args[0].without("null")
    if resolved.kind == "ref" and resolved.name in ("ArrayType", "ArrayTypeImpl", "Array", "ReadonlyArray") and resolved.args:
        return resolved.args[0]
    return None


def _enum_mismatch(column: Column, selected: Any, catalog: Catalog) -> str | None:
    values = catalog.enums[f"{column.type_schema}.{column.type}"].values
    literals = selected.string_literals()
    if literals is None:
        return None if _names(selected) & {"string"} else f"{_show(selected)} is not enum {column.type}'s values"
    if set(literals) != set(values):
        missing = [v for v in values if v not in literals]
        extra = [v for v in literals if v not in values]
        parts = ([f"lacks {', '.join(missing)}"] if missing else []) + ([f"has {', '.join(extra)} too"] if extra else [])
        return f"the union of enum {column.type} {' and '.join(parts)}"
    return None


def _show(t: Any) -> str:
    return t.render() or t.kind
