"""Entity-relationship diagrams of a Prisma schema in Mermaid (GitHub and most editors render it).

`schema_to_mermaid(schema)` draws every model; `around="User", depth=1` draws User and the models
one relation away. Entities carry the database column types with PK/FK/UK markers; relationship
lines carry the relation field's name and the cardinality Prisma gives it.
"""

from __future__ import annotations

import re
from collections import deque

from tools.errors import UsageError
from tools.prisma.diagnostics import suggest
from tools.prisma.schema import PrismaModel, PrismaRelation, PrismaSchema


def neighbourhood(schema: PrismaSchema, around: str, depth: int) -> list[str]:
    """Model names within `depth` relations of `around` (breadth first, `around` first)."""
    if around not in schema.models:
        by_table = schema.model_by_table(around)
        if by_table is None:
            raise UsageError(f"no model called `{around}` in the schema", help=suggest(around, schema.models))
        around = by_table.name
    seen = {around: 0}
    queue = deque([around])
    while queue:
        name = queue.popleft()
        if seen[name] >= depth:
            continue
        for field in schema.models[name].relation_fields:
            if field.type not in seen:
                seen[field.type] = seen[name] + 1
                queue.append(field.type)
    return list(seen)


def _token(text: str) -> str:
    """Mermaid attribute types and names are single words."""
    return re.sub(r"[^A-Za-z0-9_\-\[\]()]", "_", text.replace(" ", "_").replace(",", "_"))


def _entity(model: PrismaModel, fk_fields: set[str]) -> list[str]:
    from tools.catalog.from_prisma import unsupported_type
    from tools.typemap import NATIVE_TYPES, SCALAR_DEFAULTS

    pk = {f.field.name for f in model.primary_key.fields} if model.primary_key else set()
    unique = {i.fields[0].field.name for i in model.indexes if i.kind == "unique" and len(i.fields) == 1}
    lines = [f"    {model.name} {{"]
    for field in model.columns:
        if field.kind == "enum":
            pg = field.type
        elif field.kind == "unsupported":
            pg = unsupported_type(field.type, "public")[0]
        else:
            spec = NATIVE_TYPES[field.native.name] if field.native else SCALAR_DEFAULTS[field.type]
            pg = spec.canonical(field.native.args if field.native else ())
        keys = [k for k, present in (("PK", field.name in pk), ("FK", field.name in fk_fields), ("UK", field.name in unique)) if present]
        comment = f' "{field.db_name}"' if field.db_name != field.name else ""
        suffix = "[]" if field.list else ""
        lines.append(f"        {_token(pg)}{suffix} {field.name}{' ' + ','.join(keys) if keys else ''}{comment}")
    lines.append("    }")
    return lines


def _cardinality(relation: PrismaRelation) -> str:
    if relation.kind == "many-to-many":
        return "}o--o{"
    optional = any(f.optional for f in relation.fields)
    target_end = "|o" if optional else "||"
    source_end = "o{" if relation.kind == "one-to-many" else "o|"
    return f"{target_end}--{source_end}"


def schema_to_mermaid(schema: PrismaSchema, around: str | None = None, depth: int = 1) -> str:
    names = neighbourhood(schema, around, depth) if around else list(schema.models)
    chosen = set(names)
    fk_fields = {(r.holder.model.name, f.name) for r in schema.relations if r.holder and r.kind != "many-to-many" for f in r.fields}
    lines = ["erDiagram"]
    for name in names:
        model = schema.models[name]
        lines += _entity(model, {f for m, f in fk_fields if m == name})
    for relation in schema.relations:
        if relation.holder is None or relation.other is None:
            continue
        holder, other = relation.holder, relation.other
        if relation.kind == "many-to-many":
            left, right, label = holder.model.name, other.model.name, holder.name
        else:
            left, right, label = other.model.name, holder.model.name, holder.name
        if left in chosen and right in chosen:
            lines.append(f'    {left} {_cardinality(relation)} {right} : "{label}"')
    return "\n".join(lines) + "\n"
