"""Index types against field types and operator classes, as Prisma checks them on PostgreSQL.

GiST, GIN, SP-GiST and BRIN index only some column types, and Prisma's named operator classes
(`tools.prisma.opclasses`) fit only some index types and columns; `ops: raw("…")` is not checked.
The messages are Prisma's own.
"""

from __future__ import annotations

from tools.prisma.diagnostics import Diagnostics
from tools.prisma.opclasses import BRIN_BY_NATIVE, BRIN_BY_SCALAR, INDEX_TYPES_OF, SCALARS_OF
from tools.prisma.schema import IndexField, IndexSpec

# The scalar Prisma names when an operator class points at a field of another type.
_OPS_SCALAR = {**{op: scalar for scalar, ops in BRIN_BY_SCALAR.items() for op in ops},
               "JsonbOps": "Json", "JsonbPathOps": "Json", "TextOps": "String"}


def check_index_types(index: IndexSpec, diagnostics: Diagnostics) -> None:
    method = index.method or "BTree"
    for key in index.fields:
        if key.field.native is not None and key.field.native.name == "Xml":
            verb = "a unique constraint" if index.kind == "unique" else "an index"
            diagnostics.error(key.field.node, f"You cannot define {verb} on fields with native type `Xml` of Postgres.")
            return
    if method == "SpGist" and len(index.fields) > 1:
        diagnostics.error(index.node, "SpGist does not support multi-column indices.")
    for key in index.fields:
        if key.ops is not None and key.ops_name is None:
            continue  # ops: raw("…") is taken as written
        message = _problem(method, key)
        if message:
            diagnostics.error(index.node, message)


def _problem(method: str, key: IndexField) -> str | None:
    op = key.ops_name
    if op is not None and method not in INDEX_TYPES_OF[op]:
        return f"The given operator class `{op}` is not supported with the `{method}` index type."
    if method in ("BTree", "Hash"):
        return None
    field = key.field
    native = field.native.name if field.native else None
    if _fits(method, native, op, field):
        return None
    if native is None and op is not None and op in _OPS_SCALAR and field.type != _OPS_SCALAR[op]:
        return f"The given operator class `{op}` points to the field `{field.name}` that is not of {_OPS_SCALAR[op]} type."
    if op == "ArrayOps" and method == "Gin":
        return f"The given operator class `ArrayOps` expects the type of field `{field.name}` to be an array."
    if native is not None and op is not None:
        return f"The given operator class `{op}` does not support native type `{native}` of field `{field.name}`."
    if native is not None:
        return f"The {method} index field type `{native}` has no default operator class."
    if op is not None:
        return f"The given operator class `{op}` expects the field `{field.name}` to define a valid native type."
    if field.kind == "unsupported" or (method == "Gin" and field.list) or field.type in SCALARS_OF[method]:
        return None
    return f"The {method} index type does not support the type of the field `{field.name}`."


def _fits(method: str, native: str | None, op: str | None, field) -> bool:
    """The combinations Prisma accepts without complaint."""
    if method == "Gist":
        return native == "Inet" and op == "InetOps"
    if method == "Gin":
        if op is None and (field.list or (native is None and field.type == "Json") or native == "JsonB"):
            return True
        if op in ("JsonbOps", "JsonbPathOps"):
            return native == "JsonB" or (native is None and field.type == "Json")
        return op == "ArrayOps" and field.list
    if method == "SpGist":
        if native == "Inet":
            return op in (None, "InetOps")
        if native in ("Text", "VarChar", "Char") or (native is None and field.type == "String"):
            return op in (None, "TextOps")
        return False
    if method == "Brin":
        if native is not None:
            return native in BRIN_BY_NATIVE and (op is None or op in BRIN_BY_NATIVE[native])
        family = BRIN_BY_SCALAR.get(field.type)
        return family is not None and (op is None or op in family)
    return True
