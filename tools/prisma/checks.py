"""The checks Prisma runs on a resolved schema before it writes any SQL (its validation pipeline).

Each check reports in Prisma's own words, at the attribute or field Prisma points at:
- constraint names: a primary key or index name may appear once per database schema (PostgreSQL
  keeps indexes and tables in one namespace), and a primary key, index or foreign key name once per
  table; `name:` (the client name) once per model; a compound key's generated client name must not
  be a field's name; database names are at most 63 bytes;
- options PostgreSQL does not have: primary key sort orders, clustering, sort on hash indexes,
  named defaults, operator classes outside `@@index`;
- index types against field types and operator classes (GiST, GIN, SP-GiST, BRIN);
- two models or enums on one database name;
- relations: a required relation field over optional columns, a relation to an ignored model, and
  under `relationMode = "prisma"` the referential actions Prisma can emulate and the cycles it refuses.
"""

from __future__ import annotations

from collections import Counter

from tools.catalog.pgnames import MAX_IDENTIFIER_BYTES, prisma_constraint_name
from tools.prisma.ast import Attribute, Node
from tools.prisma.diagnostics import Diagnostics
from tools.prisma.index_checks import check_index_types
from tools.prisma.schema import IndexSpec, PrismaEnum, PrismaModel, PrismaRelation
from tools.typemap import NATIVE_TYPES

GLOBAL_SCOPE = "global for primary key, indexes and unique constraints"
EMULATED_ACTIONS = ("Cascade", "Restrict", "SetNull")  # relationMode = "prisma" on PostgreSQL


def check_schema(models: list[PrismaModel], enums: list[PrismaEnum], relations: list[PrismaRelation],
                 relation_mode: str, diagnostics: Diagnostics, preview_features: frozenset[str] = frozenset()) -> None:
    _constraint_names(models, relations, diagnostics)
    for model in models:
        _shard_keys(model, preview_features, diagnostics)
        _client_names(model, diagnostics)
        _primary_key_options(model, diagnostics)
        for index in model.indexes:
            _index_options(index, diagnostics)
            check_index_types(index, diagnostics)
        _field_options(model, diagnostics)
    _database_names(models, enums, diagnostics)
    for relation in relations:
        _relation(relation, relation_mode, diagnostics)
    if relation_mode == "prisma":
        _cycles(relations, diagnostics)


# -- names -----------------------------------------------------------------------------------------
def index_name(model: PrismaModel, index: IndexSpec) -> str:
    if index.map:
        return index.map
    columns = [f.field.db_name for f in index.fields]
    return prisma_constraint_name(model.db_name, columns, "_key" if index.kind == "unique" else "_idx")


def primary_key_name(model: PrismaModel) -> str | None:
    key = model.primary_key
    if key is None:
        return None
    return key.map or prisma_constraint_name(model.db_name, [], "_pkey")


def foreign_key_name(relation: PrismaRelation) -> str:
    assert relation.holder is not None
    return relation.map or prisma_constraint_name(relation.holder.model.db_name, [f.db_name for f in relation.fields], "_fkey")


def _scope_message(name: str, scope: str) -> str:
    return (f"The given constraint name `{name}` has to be unique in the following namespace: {scope}. "
            "Please provide a different name using the `map` argument.")


def _argument_or(attribute: Node, *names: str) -> Node:
    """The argument Prisma points at (`map:`, then `name:`), else the whole attribute."""
    if isinstance(attribute, Attribute):
        for name in names:
            argument = attribute.arg(name)
            if argument is not None:
                return argument
    return attribute


def _constraint_names(models: list[PrismaModel], relations: list[PrismaRelation], diagnostics: Diagnostics) -> None:
    index_names = {id(index): index_name(model, index) for model in models for index in model.indexes}
    in_schema: Counter = Counter()
    for model in models:
        in_schema.update((model.schema, index_names[id(index)]) for index in model.indexes)
        if model.primary_key is not None:
            in_schema[(model.schema, primary_key_name(model))] += 1
    by_model: dict[int, list[tuple[PrismaRelation, str]]] = {}
    for relation in relations:
        if relation.holder is not None and relation.kind != "many-to-many":
            by_model.setdefault(id(relation.holder.model), []).append((relation, foreign_key_name(relation)))
    for model in models:
        own = by_model.get(id(model), [])
        for index in model.indexes:
            name = index_names[id(index)]
            if in_schema[(model.schema, name)] > 1:
                diagnostics.error(_argument_or(index.node, "map", "name"), _scope_message(name, GLOBAL_SCOPE))
        pk = primary_key_name(model)
        if pk is None and not own:
            continue
        local = Counter(index_names[id(index)] for index in model.indexes)
        local.update(name for _, name in own)
        local_scope = f"on model `{model.name}` for primary key, indexes, unique constraints and foreign keys"
        if pk is not None:
            local[pk] += 1
            for clash, scope in ((in_schema[(model.schema, pk)] > 1, GLOBAL_SCOPE), (local[pk] > 1, local_scope)):
                if clash:
                    diagnostics.error(_argument_or(model.primary_key.node, "map"), _scope_message(pk, scope))  # type: ignore[union-attr]
        for relation, name in own:
            if local[name] > 1:
                node = relation.holder.node  # type: ignore[union-attr]
                attribute = node.attribute("relation")
                target = _argument_or(attribute, "map") if attribute is not None and attribute.arg("map") else node
                diagnostics.error(target, _scope_message(name, local_scope))
        _map_lengths(model, [r for r, _ in own], diagnostics)


def _map_lengths(model: PrismaModel, own: list[PrismaRelation], diagnostics: Diagnostics) -> None:
    """A `map:` longer than PostgreSQL's 63 bytes would be cut silently: Prisma refuses it."""
    named = [(index.node, index.map) for index in model.indexes if index.map]
    if model.primary_key is not None and model.primary_key.map:
        named.append((model.primary_key.node, model.primary_key.map))
    for relation in own:
        if relation.map:
            named.append((relation.holder.node.attribute("relation"), relation.map))  # type: ignore[union-attr]
    for node, name in named:
        if len(name.encode()) > MAX_IDENTIFIER_BYTES and isinstance(node, Attribute):
            diagnostics.error(node, f"The constraint name '{name}' specified in the `map` argument for the `{node.display}` constraint "
                              f"is too long for your chosen provider. The maximum allowed length is {MAX_IDENTIFIER_BYTES} bytes.")


def _client_names(model: PrismaModel, diagnostics: Diagnostics) -> None:
    """`name:` reaches Prisma Client's API: once per model, and never a field's name; a compound key
    without one is called after its fields (`a_b`), which must not be a field's name either."""
    keyed = [(index.node, index.name, index.fields, "@@unique") for index in model.indexes
             if index.kind == "unique" and (index.name or len(index.fields) > 1)]
    key = model.primary_key
    if key is not None and (key.name or len(key.fields) > 1):
        keyed.append((key.node, key.name, key.fields, "@@id"))
    if not keyed:
        return
    fields = {f.name for f in model.fields}
    counts = Counter(name for _, name, _, _ in keyed if name)
    for node, name, items, display in keyed:
        if name and counts[name] > 1:
            diagnostics.error(_argument_or(node, "name"), f"The given custom name `{name}` has to be unique on the model. "
                              "Please provide a different name for the `name` argument.")
        if name and name in fields:
            diagnostics.error(model.node, f"The custom name `{name}` specified for the `{display}` attribute is already used as a name "
                              "for a field. Please choose a different name.", None, model.node.start, model.node.name_end)
        generated = "_".join(f.field.name for f in items)
        if not name and len(items) > 1 and generated in fields:
            what = "`@@id` attribute's name" if display == "@@id" else "`@@unique` name"
            diagnostics.error(node, f"The field `{generated}` clashes with the {what}. Please resolve the conflict by providing a "
                              f'custom id name: `{display}([...], name: "custom_name")`')


# -- options PostgreSQL does not have ----------------------------------------------------------------
def _shard_keys(model: PrismaModel, preview_features: frozenset[str], diagnostics: Diagnostics) -> None:
    """`@shardKey`/`@@shardKey` (PlanetScale): a preview feature, and never for PostgreSQL."""
    attributes = [a for f in model.node.fields for a in f.attributes if a.name == "shardKey"]
    attributes += model.node.attributes_named("shardKey")
    for attribute in attributes:
        if "shardKeys" not in preview_features:
            diagnostics.error(attribute, "Defining shard keys requires enabling the `shardKeys` preview feature")
        diagnostics.error(attribute, "Shard keys are not currently supported for provider postgresql")



def _primary_key_options(model: PrismaModel, diagnostics: Diagnostics) -> None:
    key = model.primary_key
    if key is None:
        return
    if any(f.sort for f in key.fields):
        diagnostics.error(key.node, "The sort argument is not supported in the primary key with the current connector")
    if isinstance(key.node, Attribute) and key.node.arg("clustered") is not None:
        diagnostics.error(key.node, "Defining clustering is not supported in the current connector.")


def _index_options(index: IndexSpec, diagnostics: Diagnostics) -> None:
    node = index.node
    if index.kind == "index" and index.fields and index.fields[0].field.model.kind == "view":
        diagnostics.error(node, "Views cannot have indexes.", "views are never created by migrations; index the underlying tables")
    if isinstance(node, Attribute) and node.arg("clustered") is not None:
        diagnostics.error(node, "Defining clustering is not supported in the current connector.")
    if index.method == "Hash" and any(f.sort for f in index.fields):
        diagnostics.error(node, "Hash type does not support sort option.")
    if index.kind == "unique" and any(f.ops for f in index.fields):
        diagnostics.error(node, "Operator classes can only be defined to fields in an @@index attribute.")


def _field_options(model: PrismaModel, diagnostics: Diagnostics) -> None:
    for field in model.fields:
        if field.default is not None and field.default.map is not None:
            diagnostics.error(field.default.node, "You defined a database name for the default value of a field on the model. "
                              "This is not supported by the provider.")
        if field.kind == "unsupported":
            _unsupported_is_native(field, diagnostics)


def _unsupported_is_native(field, diagnostics: Diagnostics) -> None:
    """`Unsupported("Uuid")` names a type Prisma supports: it asks for the native type instead."""
    name, _, rest = field.type.partition("(")
    spec = NATIVE_TYPES.get(name.strip())
    if spec is None:
        return
    args = [a.strip() for a in rest.rstrip(")").split(",")] if rest else []
    if len(args) > spec.max_args or not all(a.isdigit() for a in args):
        return
    notation = f"{spec.scalars[0]} @db.{name.strip()}" + (f"({','.join(args)})" if args else "")
    diagnostics.error(field.node, f'The type `Unsupported("{field.type}")` you specified in the type definition for the field '
                      f"`{field.name}` is supported as a native type by Prisma. Please use the native type notation "
                      f"`{notation}` for full support.")


def _database_names(models: list[PrismaModel], enums: list[PrismaEnum], diagnostics: Diagnostics) -> None:
    seen: dict[tuple, PrismaModel] = {}
    for model in models:
        key = (model.schema, model.db_name)
        if key not in seen:
            seen[key] = model
            continue
        mapped = model if model.node.attribute("map") is not None else seen[key]
        other = seen[key] if mapped is model else model
        diagnostics.error(mapped.node.attribute("map") or mapped.node,
                          f'The model with database name "{model.db_name}" could not be defined because another model or view '
                          f'with this name exists: "{other.name}"')
    enum_names: set[tuple] = set()
    for enum in enums:
        key = (enum.schema, enum.db_name)
        if key in enum_names:
            diagnostics.error(enum.node.attribute("map") or enum.node, "An enum with the same database name is already defined.")
        enum_names.add(key)


# -- relations -------------------------------------------------------------------------------------
def _relation(relation: PrismaRelation, relation_mode: str, diagnostics: Diagnostics) -> None:
    holder = relation.holder
    if holder is None or relation.kind == "many-to-many":
        return
    if holder.required and any(f.optional for f in relation.fields):
        diagnostics.error(holder.node, f"The relation field `{holder.name}` uses the scalar fields "
                          f"{', '.join(f.name for f in relation.fields)}. At least one of those fields is optional. "
                          "Hence the relation field must be optional as well.")
    for field in (holder, relation.other):
        if field is None or field.ignored or field.model.ignored:
            continue
        target = relation.other.model if field is holder else holder.model  # type: ignore[union-attr]
        if target.ignored:
            diagnostics.error(field.node, f"The relation field `{field.name}` on Model `{field.model.name}` must specify the `@ignore` "
                              f"attribute, because the model {target.name} it is pointing to is marked ignored.")
    if relation_mode == "prisma":
        _emulated_actions(relation, diagnostics)


def _emulated_actions(relation: PrismaRelation, diagnostics: Diagnostics) -> None:
    attribute = relation.holder.node.attribute("relation")  # type: ignore[union-attr]
    for key, action in (("onDelete", relation.on_delete), ("onUpdate", relation.on_update)):
        if action is None or action in EMULATED_ACTIONS:
            continue
        message = f"Invalid referential action: `{action}`. Allowed values: (`Cascade`, `Restrict`, `SetNull`)"
        if action == "NoAction":
            message += ('. `NoAction` is not implemented for Postgres when using `relationMode = "prisma"`, you could try '
                        "using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode")
        diagnostics.error(_argument_or(attribute, key), message)


def _actions(relation: PrismaRelation) -> tuple[str, str]:
    """(onDelete, onUpdate) of an emulated relation, defaults included."""
    # as with foreign keys: SetNull when every referencing column is optional, else Restrict
    on_delete = relation.on_delete or ("SetNull" if all(f.optional for f in relation.fields) else "Restrict")
    return on_delete, relation.on_update or "Cascade"


def _triggers(relation: PrismaRelation) -> bool:
    """Whether deleting or updating a referenced row changes the referencing ones."""
    return any(action not in ("NoAction", "Restrict") for action in _actions(relation))


def _cycles(relations: list[PrismaRelation], diagnostics: Diagnostics) -> None:
    """Emulated referential actions must not run in a circle (Prisma's `cycles` validation)."""
    inline = [r for r in relations if r.holder is not None and r.kind != "many-to-many" and r.other is not None]
    outgoing: dict[str, list[PrismaRelation]] = {}
    for relation in inline:
        outgoing.setdefault(relation.holder.model.name, []).append(relation)  # type: ignore[union-attr]
    for root in inline:
        message = _cycle_from(root, outgoing)
        if message:
            diagnostics.error(root.holder.node, message + _implicit_defaults(root)  # type: ignore[union-attr]
                              + " Read more at https://pris.ly/d/cyclic-referential-actions")


def _cycle_from(root: PrismaRelation, outgoing: dict[str, list[PrismaRelation]]) -> str | None:
    parent = root.holder.model.name  # type: ignore[union-attr]
    stack: list[tuple[PrismaRelation, list[PrismaRelation]]] = [(root, [root])]
    visited: set[int] = set()
    while stack:
        relation, path = stack.pop()
        visited.add(id(relation.holder))
        if not _triggers(relation):
            continue
        source, target = relation.holder.model.name, relation.other.model.name  # type: ignore[union-attr]
        if source == target:
            return ("A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` in one of the "
                    "@relation attributes.")
        if target == parent:
            steps = " → ".join(f"{r.holder.model.name}.{r.holder.name}" for r in path)  # type: ignore[union-attr]
            return ("Reference causes a cycle. One of the @relation attributes in this cycle must have `onDelete` and `onUpdate` "
                    f"referential actions set to `NoAction`. Cycle path: {steps}.")
        for following in outgoing.get(target, []):
            if id(following.holder) not in visited:
                stack.append((following, [*path, following]))
    return None


def _implicit_defaults(relation: PrismaRelation) -> str:
    on_delete, on_update = _actions(relation)
    parts = []
    if relation.on_delete is None and on_delete not in ("NoAction", "Restrict"):
        parts.append(f"`onDelete`: `{on_delete}`")
    if relation.on_update is None and on_update not in ("NoAction", "Restrict"):
        parts.append(f"`onUpdate`: `{on_update}`")
    return f" (Implicit default {', and '.join(parts)})" if parts else ""
