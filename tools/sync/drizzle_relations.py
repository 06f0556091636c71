"""Drizzle's relations for every Prisma relation, so `db.query.user.findMany({ with: { posts: true } })`
works as `prisma.user.findMany({ include: { posts: true } })` does.

drizzle-orm 0.45 (`relations()`, RQB v1): the side holding the foreign key is
`one(target, { fields, references })`, the other side `many(holder)` (one-to-many) or
`one(holder)` (one-to-one). Pairs carry `relationName`, Prisma's relation name, so that
self-relations and several relations between the same two models pair up without guessing; the
one exception is the other side of a one-to-one, which 0.45 cannot name (see `_one_to_one_back`).
An implicit many-to-many relation goes through its join table, as drizzle requires: each model
has `many(joinTable)` and the join table has a `one()` back to each model over column A or B (named
`<relation>_A` / `<relation>_B`, since a self-relation's two sides meet in the same join table).
Relations to or from a Prisma view are left out: drizzle relates tables only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tools.prisma.schema import ManyToManyTable, PrismaField, PrismaModel, PrismaRelation
from tools.sync.drizzle_context import DrizzleContext
from tools.sync.drizzle_names import camel_case
from tools.sync.tsnodes import Arr, Arrow, Call, Ident, Member, Node, Obj, ObjPattern, Prop, Str, const_statement


@dataclass(frozen=True, slots=True)
class RelationEntry:
    """One property of a table's relations: `name: one(target, …)` or `name: many(target, …)`."""

    name: str
    kind: str  # "one" | "many"
    target: str  # the TS name of the related table
    relation_name: str | None
    fields: tuple[Member, ...] = ()
    references: tuple[Member, ...] = ()
    back: "RelationEntry | None" = None  # the holder's side, for the other side of a one-to-one
    comment: tuple[str, ...] = ()


class RelationsBuilder:
    """relations() statements, one per table that has relations (join tables included)."""

    def __init__(self, ctx: DrizzleContext):
        self.ctx = ctx
        self.name_uses = Counter(r.name for r in ctx.schema.relations if r.kind != "many-to-many")

    def relation_name(self, relation: PrismaRelation) -> str:
        """Prisma's relation name, made unique: Prisma only needs it unique per pair of models
        (civitai names two relations `childThread`), drizzle looks it up among a table's relations."""
        if self.name_uses[relation.name] < 2:
            return relation.name
        models = sorted({relation.holder.model.name, relation.other.model.name})  # type: ignore[union-attr]
        return f"{relation.name}_{'To'.join(models) if len(models) > 1 else models[0]}"

    def statements(self) -> list[str]:
        entries = self.entries()
        if not entries:
            return []
        self.ctx.imports.orm.add("relations")
        return [self._statement(var, items) for var, items in entries.items()]

    def entries(self) -> dict[str, list[RelationEntry]]:
        """TS table name -> its relation entries, in the file's order of tables and fields."""
        out: dict[str, list[RelationEntry]] = {}
        for model in self.ctx.schema.tables:
            items = [e for field in model.relation_fields if (e := self._entry(model, field)) is not None]
            if items:
                out[self.ctx.model_var(model)] = items
        for join in self.ctx.schema.many_to_many:
            if self._joined(join):
                out[self._join_var(join)] = self._join_entries(join)
        return {var: [self._one_to_one_back(var, e, out) if e.back else e for e in items] for var, items in out.items()}

    def _one_to_one_back(self, var: str, entry: RelationEntry, entries: dict[str, list[RelationEntry]]) -> RelationEntry:
        """The side of a one-to-one without the foreign key.

        drizzle 0.45's `one()` takes a relationName only together with fields and references. Bare
        `one(holder)` pairs with the holder's only relation to this table; when the holder has
        several (or it is this table), the side is written with the columns swapped, which joins
        the same rows but types the result as never null.
        """
        holder = entry.back
        assert holder is not None
        towards_us = [e for e in entries.get(entry.target, []) if e.target == var]
        if entry.target != var and len(towards_us) == 1:
            return RelationEntry(entry.name, "one", entry.target, None)
        return RelationEntry(entry.name, "one", entry.target, entry.relation_name, holder.references, holder.fields,
                             comment=("/** Null when there is no row, but typed as never null: drizzle-orm 0.45 "
                                      "cannot name this side of a one-to-one otherwise. */",))

    def _entry(self, model: PrismaModel, field: PrismaField) -> RelationEntry | None:
        relation = field.relation
        if relation is None:
            return None
        if relation.kind == "many-to-many":
            join = relation.join_table
            if join is None or not self._joined(join):
                return None
            side = "A" if field is join.field_a else "B"
            return RelationEntry(field.name, "many", self._join_var(join), f"{relation.name}_{side}")
        holder, other = relation.holder, relation.other
        if holder is None or other is None or holder.model.kind == "view" or other.model.kind == "view":
            return None
        if field is holder:
            target = relation.references[0].model if relation.references else other.model
            return RelationEntry(field.name, "one", self.ctx.model_var(target), self.relation_name(relation),
                                 self._members(holder.model, relation.fields), self._members(target, relation.references))
        if relation.kind == "one-to-one":
            holder_entry = self._entry(holder.model, holder)
            return RelationEntry(field.name, "one", self.ctx.model_var(holder.model), self.relation_name(relation),
                                 back=holder_entry)
        return RelationEntry(field.name, "many", self.ctx.model_var(holder.model), self.relation_name(relation))

    def _members(self, model: PrismaModel, fields: list[PrismaField]) -> tuple[Member, ...]:
        var = Ident(self.ctx.model_var(model))
        return tuple(Member(var, f.name) for f in fields)

    # -- implicit many-to-many ---------------------------------------------------------------------
    def _joined(self, join: ManyToManyTable) -> bool:
        return join.table in self.ctx.join_keys

    def _join_var(self, join: ManyToManyTable) -> str:
        return self.ctx.table_names[self.ctx.join_keys[join.table]]

    def _join_entries(self, join: ManyToManyTable) -> list[RelationEntry]:
        var = Ident(self._join_var(join))
        same = join.model_a is join.model_b
        entries = []
        for side, model in (("A", join.model_a), ("B", join.model_b)):
            name = camel_case(model.name) + (side if same else "")
            id_field = model.primary_key.fields[0].field  # type: ignore[union-attr]
            target = self.ctx.model_var(model)
            entries.append(RelationEntry(name, "one", target, f"{join.relation_name}_{side}",
                                         (Member(var, side),), (Member(Ident(target), id_field.name),)))
        return entries

    # -- printing ----------------------------------------------------------------------------------
    def _statement(self, var: str, entries: list[RelationEntry]) -> str:
        helpers = [k for k in ("one", "many") if any(e.kind == k for e in entries)]
        props = [Prop(e.name, self._call(e), list(e.comment)) for e in entries]
        body = Arrow([ObjPattern(helpers)], Obj(props, expanded=True))
        return const_statement(self.ctx.names.take(f"{var}Relations", ""), Call(Ident("relations"), [Ident(var), body]))

    @staticmethod
    def _call(entry: RelationEntry) -> Call:
        options = []
        if entry.fields:
            options += [Prop("fields", Arr(list(entry.fields))), Prop("references", Arr(list(entry.references)))]
        if entry.relation_name is not None:
            options.append(Prop("relationName", Str(entry.relation_name)))
        return Call(Ident(entry.kind), [Ident(entry.target), Obj(options)] if options else [Ident(entry.target)])
