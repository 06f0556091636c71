"""Entity-relationship diagrams of a Prisma schema in Mermaid (GitHub and most editors render it).

`schema_to_mermaid(schema)` draws every model; `around="User", depth=1` draws User and the models
one relation away. Entities carry the database column types with PK/FK/UK markers; relationship
lines carry the relation field's name and the cardinality Prisma gives it.

`schema_changes(base, head)` compares two versions of a schema (a pull request's base and head)
and `changes_to_mermaid(base, head, changes)` draws only the models that changed, with what was
added, removed or changed marked in ways every Mermaid version since 9 renders: a mark in the
attribute's comment (`+ added`, `- removed`, `~ int4 → int8`), the relationship's label, and a
`%%` comment line before each entity naming its status (invisible, for tools that read the text).
Entity styling (`classDef`) only arrived in Mermaid 11.5, and a renderer that does not know it
rejects the whole diagram, so the marks stay in text.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field as dataclass_field
from typing import Any

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


def _pg_type(field: PrismaField) -> str:
    """The column's PostgreSQL type as the diagram shows it (`int4`, `varchar(255)`, `Role[]`)."""
    from tools.catalog.from_prisma import unsupported_type
    from tools.typemap import NATIVE_TYPES, SCALAR_DEFAULTS

    if field.kind == "enum":
        pg = field.type
    elif field.kind == "unsupported":
        pg = unsupported_type(field.type, "public")[0]
    else:
        spec = NATIVE_TYPES[field.native.name] if field.native else SCALAR_DEFAULTS[field.type]
        pg = spec.canonical(field.native.args if field.native else ())
    return _token(pg) + ("[]" if field.list else "")


def _keys(model: PrismaModel, field: PrismaField, fk_fields: set[str]) -> list[str]:
    pk = {f.field.name for f in model.primary_key.fields} if model.primary_key else set()
    unique = {i.fields[0].field.name for i in model.indexes if i.kind == "unique" and len(i.fields) == 1}
    return [k for k, present in (("PK", field.name in pk), ("FK", field.name in fk_fields), ("UK", field.name in unique)) if present]


def _attribute(model: PrismaModel, field: PrismaField, fk_fields: set[str], mark: str = "") -> str:
    keys = _keys(model, field, fk_fields)
    notes = ([mark] if mark else []) + ([field.db_name] if field.db_name != field.name else [])
    comment = ' "' + " · ".join(notes).replace('"', "'") + '"' if notes else ""
    return f"        {_pg_type(field)} {field.name}{' ' + ','.join(keys) if keys else ''}{comment}"


def _entity(model: PrismaModel, fk_fields: set[str]) -> list[str]:
    return [f"    {model.name} {{", *[_attribute(model, f, fk_fields) for f in model.columns], "    }"]


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


# -- what changed between two versions of the schema -----------------------------------------------
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
MARKS = {ADDED: "+ added", REMOVED: "- removed", CHANGED: "~"}


@dataclass
class FieldChange:
    """A column added, removed or changed (`details`: what changed, `before → after`)."""

    name: str
    status: str  # added | removed | changed
    details: list[str] = dataclass_field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "details": list(self.details)}


@dataclass
class ModelChange:
    """A model added, removed or changed: its columns, its indexes, its relations."""

    name: str
    table: str
    status: str
    fields: list[FieldChange] = dataclass_field(default_factory=list)
    details: list[str] = dataclass_field(default_factory=list)  # indexes, relations

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.name, "table": self.table, "status": self.status,
                "fields": [f.to_dict() for f in self.fields], "details": list(self.details)}


@dataclass
class SchemaChanges:
    models: list[ModelChange] = dataclass_field(default_factory=list)
    relations: dict[tuple[str, str, str], str] = dataclass_field(default_factory=dict)  # (model, field, target) -> status

    def __bool__(self) -> bool:
        return bool(self.models or self.relations)

    def model(self, name: str) -> ModelChange | None:
        return next((m for m in self.models if m.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"models": [m.to_dict() for m in self.models],
                "relations": [{"model": m, "field": f, "target": t, "status": s} for (m, f, t), s in self.relations.items()]}


def _column_facts(model: PrismaModel, field: PrismaField) -> dict[str, str]:
    """What a reviewer cares about in a column, each fact as text so that a change reads `before → after`."""
    fks = {f.name for r in model_relations(model) for f in r.fields}
    return {"type": _pg_type(field), "null": "nullable" if field.optional else "required",
            "default": _default_text(field.default),
            "keys": ",".join(_keys(model, field, fks)) or "no key", "column": field.db_name}


def _default_text(default) -> str:
    if default is None:
        return "no default"
    if default.kind == "function":
        return f"default {default.function}({', '.join(map(repr, default.args))})"
    return f"default {default.value!r}"


def model_relations(model: PrismaModel) -> list[PrismaRelation]:
    """The relations whose foreign key this model holds."""
    return [f.relation for f in model.relation_fields if f.relation is not None and f.relation.holder is f
            and f.relation.kind != "many-to-many"]


def _index_facts(model: PrismaModel) -> set[str]:
    return {f"{i.kind} ({', '.join(x.field.name for x in i.fields)})" + (f" WHERE {i.where}" if i.where else "")
            for i in model.indexes}


def _relation_keys(schema: PrismaSchema) -> set[tuple[str, str, str]]:
    return {(r.holder.model.name, r.holder.name, r.other.model.name if r.other else r.target.name)
            for r in schema.relations if r.holder is not None}


def _model_change(before: PrismaModel, after: PrismaModel) -> ModelChange | None:
    change = ModelChange(after.name, after.db_name, CHANGED)
    old = {f.name: f for f in before.columns}
    new = {f.name: f for f in after.columns}
    for name, field in new.items():
        if name not in old:
            change.fields.append(FieldChange(name, ADDED))
            continue
        was, now = _column_facts(before, old[name]), _column_facts(after, field)
        details = [f"{was[k]} → {now[k]}" for k in now if was[k] != now[k]]
        if details:
            change.fields.append(FieldChange(name, CHANGED, details))
    change.fields += [FieldChange(name, REMOVED) for name in old if name not in new]
    was_indexes, now_indexes = _index_facts(before), _index_facts(after)
    change.details += [f"{i} added" for i in sorted(now_indexes - was_indexes)]
    change.details += [f"{i} removed" for i in sorted(was_indexes - now_indexes)]
    if before.db_name != after.db_name:
        change.details.append(f"table {before.db_name} → {after.db_name}")
    return change if change.fields or change.details else None


def schema_changes(base: PrismaSchema | None, head: PrismaSchema) -> SchemaChanges:
    """The models (tables) and relations that differ from `base` (None: the pull request adds the schema)."""
    before = base.models if base is not None else {}
    changes = SchemaChanges()
    for name, model in head.models.items():
        if name not in before:
            changes.models.append(ModelChange(name, model.db_name, ADDED, [FieldChange(f.name, ADDED) for f in model.columns]))
        elif (change := _model_change(before[name], model)) is not None:
            changes.models.append(change)
    for name, model in before.items():
        if name not in head.models:
            changes.models.append(ModelChange(name, model.db_name, REMOVED, [FieldChange(f.name, REMOVED) for f in model.columns]))
    was, now = _relation_keys(base) if base is not None else set(), _relation_keys(head)
    changes.relations = {**{key: ADDED for key in sorted(now - was)}, **{key: REMOVED for key in sorted(was - now)}}
    for (model, field, target), status in changes.relations.items():
        touched = changes.model(model)
        if touched is not None and touched.status == CHANGED:
            touched.details.append(f"relation {field} → {target} {status}")
        elif touched is None and model in head.models and model in before:
            changes.models.append(ModelChange(model, head.models[model].db_name, CHANGED, [], [f"relation {field} → {target} {status}"]))
    return changes


def _changed_entity(model: PrismaModel, change: ModelChange | None, removed_from: PrismaModel | None) -> list[str]:
    """The entity with each column's mark; columns the pull request removes are drawn from the base.
    A model drawn only for context (no change) shows just its primary key, what a foreign key points at."""
    status = change.status if change else "unchanged (related)"
    fks = {f.name for r in model_relations(model) for f in r.fields}
    pk = {f.field.name for f in model.primary_key.fields} if model.primary_key else set()
    lines = [f"    %% {status}: {model.name}", f"    {model.name} {{"]
    for field in model.columns:
        if change is None and field.name not in pk:
            continue
        marked = change.field(field.name) if change else None
        mark = "" if marked is None else MARKS[ADDED] if marked.status == ADDED else "~ " + "; ".join(marked.details)
        lines.append(_attribute(model, field, fks, MARKS[REMOVED] if change and change.status == REMOVED else mark))
    if removed_from is not None and change is not None and change.status == CHANGED:
        old_fks = {f.name for r in model_relations(removed_from) for f in r.fields}
        lines += [_attribute(removed_from, f, old_fks, MARKS[REMOVED]) for f in removed_from.columns
                  if (c := change.field(f.name)) is not None and c.status == REMOVED]
    return lines + ["    }"]


def _relationship_lines(schemas: list[PrismaSchema], chosen: set[str], changes: SchemaChanges) -> list[str]:
    lines, seen = [], set()
    for schema in schemas:  # head first, then base for the relations the pull request removes
        for relation in schema.relations:
            if relation.holder is None or relation.other is None:
                continue
            holder, other = relation.holder, relation.other
            key = (holder.model.name, holder.name, other.model.name)
            if key in seen or not {holder.model.name, other.model.name} <= chosen:
                continue
            seen.add(key)
            left, right = (holder.model.name, other.model.name) if relation.kind == "many-to-many" else (other.model.name, holder.model.name)
            status = changes.relations.get(key)
            label = f"{holder.name} ({status})" if status else holder.name
            lines.append(f'    {left} {_cardinality(relation)} {right} : "{label}"')
    return lines


def changes_to_mermaid(base: PrismaSchema | None, head: PrismaSchema, changes: SchemaChanges) -> str:
    """An ER diagram of the models `changes` names, and the models at the other end of a relation the
    pull request adds or removes (drawn unmarked, for context)."""
    names = [m.name for m in changes.models]
    for (model, _, target), _status in changes.relations.items():
        names += [n for n in (model, target) if n not in names]
    lines = ["erDiagram", "    %% marks: + added, - removed, ~ changed (before → after)"]
    for name in names:
        change = changes.model(name)
        model = head.models.get(name) if change is None or change.status != REMOVED else None
        old = base.models.get(name) if base is not None else None
        if model is None and old is None:
            continue
        lines += _changed_entity(model or old, change, old)
    schemas = [head] + ([base] if base is not None else [])
    return "\n".join(lines + _relationship_lines(schemas, set(names), changes)) + "\n"
