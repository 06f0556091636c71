"""Which operator class PostgreSQL picks by default for an index method and a column type.

A live catalog records the class of every index key, but only a non-default one says anything
about the schema (`gin_trgm_ops` does, `jsonb_ops` on a GIN index of a jsonb column does not);
catalogs therefore keep only non-default classes, and a derived catalog must drop the defaults
that a schema wrote out explicitly (`@@index([data(ops: JsonbOps)], type: Gin)`).
"""

from __future__ import annotations

from tools.catalog.model import Column

# format_type() spelling -> the prefix PostgreSQL uses in its operator-class names
_TYPE_PREFIX = {
    "smallint": "int2", "integer": "int4", "bigint": "int8", "real": "float4", "double precision": "float8",
    "numeric": "numeric", "text": "text", "character varying": "text", "character": "bpchar", "bytea": "bytea",
    "uuid": "uuid", "date": "date", "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz", "time without time zone": "time", "time with time zone": "timetz",
    "boolean": "bool", "inet": "inet", "oid": "oid", "money": "money", "bit": "bit", "bit varying": "varbit",
    "interval": "interval", "macaddr": "macaddr", "tsvector": "tsvector", "jsonb": "jsonb",
}


def _base(pg_type: str) -> str:
    import re

    return re.sub(r"\(\d+(?:,\d+)?\)", "", pg_type).replace("  ", " ").strip()


def default_opclass(method: str, column: Column) -> str | None:
    """The operator class PostgreSQL uses when an index on `column` names none."""
    if method == "gin":
        if column.array:
            return "array_ops"
        return {"jsonb": "jsonb_ops", "tsvector": "tsvector_ops"}.get(_base(column.type))
    if column.array:
        return "array_ops" if method == "btree" else None
    prefix = _TYPE_PREFIX.get(_base(column.type))
    if prefix is None:
        return None
    if method == "brin":
        return "inet_inclusion_ops" if prefix == "inet" else f"{prefix}_minmax_ops"
    if method == "spgist":
        return {"inet": "inet_ops", "text": "text_ops"}.get(prefix)
    if method == "gist":
        return {"tsvector": "tsvector_ops"}.get(prefix)
    if method in ("btree", "hash"):
        return f"{prefix}_ops"
    return None


def is_default_opclass(method: str, column: Column, opclass: str) -> bool:
    return default_opclass(method, column) == opclass
