"""Which index types and field types each of Prisma's named operator classes fits (PostgreSQL).

Prisma names operator classes in PascalCase (`JsonbPathOps`, `Int4MinMaxOps`) and checks them
against the index type and the field's native type before it writes any SQL; any other class is
written `ops: raw("…")` and not checked. The tables below are that check's data: GiST, GIN and
SP-GiST know a handful of classes, BRIN one family per column type (bloom, minmax, minmax-multi).
"""

from __future__ import annotations


def _family(prefix: str, *kinds: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{kind}Ops" for kind in kinds)


_ALL_BRIN = ("Bloom", "MinMax", "MinMaxMulti")

# BRIN: the native type (Prisma's name) -> the classes that fit it; every one of these types also has
# a default BRIN class, so an index without `ops` is fine on it.
BRIN_BY_NATIVE: dict[str, tuple[str, ...]] = {
    "Bit": ("BitMinMaxOps",),
    "VarBit": ("VarBitMinMaxOps",),
    "Char": _family("Bpchar", "Bloom", "MinMax"),
    "Date": _family("Date", *_ALL_BRIN),
    "Real": _family("Float4", *_ALL_BRIN),
    "DoublePrecision": _family("Float8", *_ALL_BRIN),
    "Inet": ("InetInclusionOps", *_family("Inet", *_ALL_BRIN)),
    "SmallInt": _family("Int2", *_ALL_BRIN),
    "Integer": _family("Int4", *_ALL_BRIN),
    "BigInt": _family("Int8", *_ALL_BRIN),
    "Decimal": _family("Numeric", *_ALL_BRIN),
    "Oid": _family("Oid", *_ALL_BRIN),
    "ByteA": _family("Bytea", "Bloom", "MinMax"),
    "Text": _family("Text", "Bloom", "MinMax"),
    "VarChar": _family("Text", "Bloom", "MinMax"),
    "Timestamp": _family("Timestamp", *_ALL_BRIN),
    "Timestamptz": _family("TimestampTz", *_ALL_BRIN),
    "Time": _family("Time", *_ALL_BRIN),
    "Timetz": _family("TimeTz", *_ALL_BRIN),
    "Uuid": _family("Uuid", *_ALL_BRIN),
}

# BRIN on a field without a native type: the scalar -> the classes of its default column type.
BRIN_BY_SCALAR: dict[str, tuple[str, ...]] = {
    "Float": BRIN_BY_NATIVE["DoublePrecision"],
    "Int": BRIN_BY_NATIVE["Integer"],
    "BigInt": BRIN_BY_NATIVE["BigInt"],
    "Decimal": BRIN_BY_NATIVE["Decimal"],
    "Bytes": BRIN_BY_NATIVE["ByteA"],
    "String": BRIN_BY_NATIVE["Text"],
    "DateTime": BRIN_BY_NATIVE["Timestamp"],
}

# Every named class and the index types it is defined for.
INDEX_TYPES_OF: dict[str, tuple[str, ...]] = {
    "InetOps": ("Gist", "SpGist"),
    "JsonbOps": ("Gin",),
    "JsonbPathOps": ("Gin",),
    "ArrayOps": ("Gin",),
    "TextOps": ("SpGist",),
    **{name: ("Brin",) for names in BRIN_BY_NATIVE.values() for name in names},
}

# Without a native type and without `ops`, which scalars each index type accepts (Unsupported
# fields are always accepted: Prisma cannot know their type).
SCALARS_OF: dict[str, tuple[str, ...]] = {
    "Gist": ("String",),
    "Gin": ("Json",),  # and any list field
    "SpGist": ("String",),
    "Brin": tuple(BRIN_BY_SCALAR),
}


def is_known(name: str) -> bool:
    return name in INDEX_TYPES_OF
