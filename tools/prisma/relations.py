"""Pairing relation fields into relations, as Prisma does.

Two relation fields belong to one relation when they point at each other's models with the same
relation name (the default name of an unnamed relation between A and B is `AToB`, the model names
in alphabetical order). The side with `fields`/`references` holds the foreign key; two list sides
make an implicit many-to-many relation with a `_Name` join table.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.prisma.ast import Attribute
from tools.prisma.diagnostics import AttributeArgs, Diagnostics, suggest
from tools.prisma.schema import Datasource, ManyToManyTable, PrismaField, PrismaModel, PrismaRelation

ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")


@dataclass
class _Side:
    field: PrismaField
    attribute: Attribute | None
    name: str | None
    fields: list[tuple[str, object]] | None
    references: list[tuple[str, object]] | None
    on_delete: str | None
    on_update: str | None
    map: str | None


def _side(field: PrismaField, diagnostics: Diagnostics) -> _Side:
    attribute = field.node.attribute("relation")
    if attribute is None:
        return _Side(field, None, None, None, None, None, None, None)
    args = AttributeArgs(attribute, diagnostics, ("name", "fields", "references", "onDelete", "onUpdate", "map"), positional="name")
    return _Side(field, attribute, args.string("name"), args.names("fields"), args.names("references"),
                 args.constant("onDelete", ACTIONS), args.constant("onUpdate", ACTIONS), args.string("map"))


def resolve_relations(models: list[PrismaModel], datasource: Datasource, diagnostics: Diagnostics):
    """All relations of the schema and the join tables of the implicit many-to-many ones."""
    groups: dict[tuple, list[_Side]] = {}
    for model in models:
        for field in model.relation_fields:
            side = _side(field, diagnostics)
            pair = tuple(sorted((model.name, field.type)))
            name = side.name or f"{pair[0]}To{pair[1]}"
            groups.setdefault((pair, name), []).append(side)
    relations: list[PrismaRelation] = []
    for (pair, name), sides in groups.items():
        relation = _pair(pair, name, sides, diagnostics)
        if relation is not None:
            relations.append(relation)
    join_tables = [_join_table(r, diagnostics) for r in relations if r.kind == "many-to-many"]
    return relations, [t for t in join_tables if t is not None]


def _pair(pair: tuple[str, str], name: str, sides: list[_Side], diagnostics: Diagnostics) -> PrismaRelation | None:
    first = sides[0]
    explicit = first.name is not None
    if pair[0] == pair[1]:
        if len(sides) == 1:
            return _missing_opposite(first, diagnostics)
        if len(sides) > 2 or not explicit:  # two unnamed self-relation fields are ambiguous too
            return _ambiguous(sides, explicit, True, diagnostics)
        a, b = sides
    else:
        left = [s for s in sides if s.field.model.name == pair[0]]
        right = [s for s in sides if s.field.model.name == pair[1]]
        for group in (left, right):
            if len(group) > 1:
                _ambiguous(group, explicit, False, diagnostics)
        if len(left) > 1 or len(right) > 1:
            return None
        if not left or not right:
            return _missing_opposite(first, diagnostics)
        a, b = left[0], right[0]
    if a.field.list and b.field.list:
        return _many_to_many(name, a, b, explicit, diagnostics)
    return _one_to_x(name, a, b, explicit, diagnostics)


def _missing_opposite(side: _Side, diagnostics: Diagnostics) -> None:
    field = side.field
    diagnostics.error(field.node, f"the relation field `{field.name}` on `{field.model.name}` is missing an opposite relation field on `{field.type}`",
                      f"add a field of type {field.model.name} (or {field.model.name}[]) to `{field.type}`"
                      + (f' with @relation("{side.name}")' if side.name else "") + ", or run `prisma format`",
                      field.node.start, field.node.name_end)


def _listing(sides: list[_Side]) -> str:
    """`a`, `b` and `c`, as Prisma lists fields."""
    names = [f"`{s.field.name}`" for s in sides]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ambiguous(sides: list[_Side], explicit: bool, self_relation: bool, diagnostics: Diagnostics) -> None:
    """Relation fields Prisma cannot pair, in its words, reported on each of them."""
    model, target, fields = sides[0].field.model.name, sides[0].field.type, _listing(sides)
    if self_relation and not explicit and len(sides) == 2:
        message = (f"Ambiguous self relation detected. The fields {fields} in model `{model}` both refer to `{target}`. If they are "
                   "part of the same relation add the same relation name for them with `@relation(<name>)`.")
    elif self_relation and not explicit:
        message = (f"Unnamed self relation detected. The fields {fields} in model `{model}` have no relation name. Please provide "
                   "a relation name for one of them by adding `@relation(<name>).")
    elif self_relation:
        message = (f"Wrongly named self relation detected. The fields {fields} in model `{model}` have the same relation name. At "
                   "most two relation fields can belong to the same relation and therefore have the same name. Please assign a "
                   "different relation name to one of them.")
    elif not explicit:
        message = (f"Ambiguous relation detected. The fields {fields} in model `{model}` both refer to `{target}`. Please provide "
                   "different relation names for them by adding `@relation(<name>).")
    else:
        message = (f"Wrongly named relation detected. The fields {fields} in model `{model}` both use the same relation name. "
                   "Please provide different relation names for them through `@relation(<name>).")
    for side in sides:
        node = side.field.node
        diagnostics.error(node, message, 'name each relation on both sides: @relation("…")', node.start, node.end)


def _many_to_many(name: str, a: _Side, b: _Side, explicit: bool, diagnostics: Diagnostics) -> PrismaRelation | None:
    for side in (a, b):
        if side.fields is not None or side.references is not None:
            diagnostics.error(side.attribute, "an implicit many-to-many relation takes no `fields` or `references`",
                              "remove them, or model the join table explicitly")
            return None
    relation = PrismaRelation(name, "many-to-many", None, None, explicit_name=explicit)
    relation.holder, relation.other = a.field, b.field
    a.field.relation = b.field.relation = relation
    return relation


def _one_to_x(name: str, a: _Side, b: _Side, explicit: bool, diagnostics: Diagnostics) -> PrismaRelation | None:
    holders = [s for s in (a, b) if s.fields is not None or s.references is not None]
    if len(holders) == 2 and not (a.field.list or b.field.list):
        diagnostics.error(b.attribute, f"both sides of the relation `{name}` give `fields` and `references`",
                          "keep them on the side whose table holds the foreign key")
        return None
    if not holders or (len(holders) == 1 and holders[0].field.list):
        other = a if b.field.list else b
        diagnostics.error(other.field.node, f"the relation field `{other.field.name}` on `{other.field.model.name}` must say which fields hold the foreign key",
                          f"add @relation(fields: [{other.field.name}Id], references: [id]) on this side",
                          other.field.node.start, other.field.node.name_end)
        return None
    holder = holders[0] if not holders[0].field.list else holders[1]
    back = b if holder is a else a
    if not _check_fields(holder, back.field.model, diagnostics):
        return None
    kind = "one-to-many" if back.field.list else "one-to-one"
    if kind == "one-to-one" and back.field.required and not _one_to_one_arity(holder, back, diagnostics):
        return None
    if not _check_keys(holder, back.field.model, kind, diagnostics):
        return None
    relation = PrismaRelation(name, kind, holder.field, back.field, on_delete=holder.on_delete,
                              on_update=holder.on_update, map=holder.map, explicit_name=explicit)
    model, target = holder.field.model, back.field.model
    relation.fields = [model.field(n) for n, _ in holder.fields]  # type: ignore[misc]
    relation.references = [target.field(n) for n, _ in holder.references]  # type: ignore[misc]
    holder.field.relation = back.field.relation = relation
    return relation


def _one_to_one_arity(holder: _Side, back: _Side, diagnostics: Diagnostics) -> bool:
    """The side without `fields` of a one-to-one relation must be optional: no foreign key can make a
    row exist on the other table. Prisma's two messages, at the side with `fields`."""
    field, other = holder.field, back.field
    if field.required:
        diagnostics.error(field.node, f"The relation field `{field.name}` on Model `{field.model.name}` is required. This is not valid "
                          "because it's not possible to enforce this constraint on the database level. Please change the field "
                          f"type from `{field.type}` to `{field.type}?` to fix this.", f"make `{other.model.name}.{other.name}` optional")
    else:
        diagnostics.error(field.node, f"The relation field `{field.model.name}.{field.name}` defines the `fields` and/or `references` "
                          f"argument. You must set them on the required side of the relation (`{other.model.name}.{other.name}`) "
                          "in order for the constraints to be enforced. Alternatively, you can change this field to be required "
                          "and the opposite optional, or make both sides of the relation optional.")
    return False


def _unique_sets(model: PrismaModel) -> list[frozenset[str]]:
    sets = [frozenset(f.field.name for f in model.primary_key.fields)] if model.primary_key else []
    return sets + [frozenset(f.field.name for f in i.fields) for i in model.indexes if i.kind == "unique"]


def _type_of(field: PrismaField) -> str:
    # Prisma compares the scalar types only: String vs String @db.Uuid passes its validation (and
    # then fails in PostgreSQL when the foreign key is created, which the migration linter reports).
    return field.type


def _check_keys(holder: _Side, target: PrismaModel, kind: str, diagnostics: Diagnostics) -> bool:
    """Types of `fields` match `references`; references are unique; a 1:1's fields are unique too."""
    model = holder.field.model
    ok = True
    for (name, node), (ref_name, _) in zip(holder.fields, holder.references):
        local, remote = model.field(name), target.field(ref_name)
        if _type_of(local) != _type_of(remote):
            diagnostics.error(node, f"the type of `{model.name}.{name}` ({local.type}) does not match "
                              f"the referenced `{target.name}.{ref_name}` ({remote.type})", "give both fields the same type")
            ok = False
    references = frozenset(n for n, _ in holder.references)
    if ok and references not in _unique_sets(target):
        diagnostics.error(holder.attribute, f"`references: [{', '.join(n for n, _ in holder.references)}]` must be a unique criterion of `{target.name}`",
                          f"reference its @id, or add @unique / @@unique([…]) on those fields in `{target.name}`")
        ok = False
    fields = frozenset(n for n, _ in holder.fields)
    if ok and kind == "one-to-one" and fields not in _unique_sets(model):
        names = ", ".join(n for n, _ in holder.fields)
        diagnostics.error(holder.attribute, "a one-to-one relation must use unique fields on the side that holds the foreign key",
                          f"add @unique to `{names}` (or @@unique([{names}])), or make the other side a list for one-to-many")
        ok = False
    return ok


def _check_fields(side: _Side, target: PrismaModel, diagnostics: Diagnostics) -> bool:
    field = side.field
    if side.fields is None or side.references is None:
        missing = "references" if side.references is None else "fields"
        diagnostics.error(side.attribute, f"the @relation of `{field.name}` gives `{'fields' if missing == 'references' else 'references'}` but not `{missing}`",
                          "a relation needs both: @relation(fields: [authorId], references: [id])")
        return False
    if len(side.fields) != len(side.references) or not side.fields:
        diagnostics.error(side.attribute, "`fields` and `references` must list the same number of fields")
        return False
    ok = True
    for name, node in side.fields:
        scalar = field.model.field(name)
        if scalar is None or scalar.kind == "relation":
            diagnostics.error(node, f"`{name}` in `fields` is not a scalar field of `{field.model.name}`",
                              suggest(name, [f.name for f in field.model.columns]))
            ok = False
    for name, node in side.references:
        referenced = target.field(name)
        if referenced is None or referenced.kind == "relation":
            diagnostics.error(node, f"`{name}` in `references` is not a scalar field of `{field.type}`",
                              suggest(name, [f.name for f in target.columns]))
            ok = False
    return ok


def _join_table(relation: PrismaRelation, diagnostics: Diagnostics) -> ManyToManyTable | None:
    fa, fb = relation.holder, relation.other
    assert fa is not None and fb is not None
    # Column A references the model whose name sorts first; for a self-relation, the field whose
    # name sorts first is side A.
    if fa.model.name == fb.model.name:
        fa, fb = sorted((fa, fb), key=lambda f: f.name)
    elif fa.model.name > fb.model.name:
        fa, fb = fb, fa
    model_a, model_b = fa.model, fb.model
    for model, side in ((model_a, fa), (model_b, fb)):
        key = model.primary_key
        if key is None or len(key.fields) != 1:
            diagnostics.error(side.node, f"the implicit many-to-many relation `{relation.name}` needs `{model.name}` to have a single-field @id",
                              "give the model an @id, or model the join table explicitly", side.node.start, side.node.name_end)
            return None
    table = ManyToManyTable(relation.name, f"_{relation.name}", model_a.schema, model_a, model_b, fa, fb)
    relation.join_table = table
    return table
