"""Drizzle's relations for every Prisma relation, so `db.query.user.findMany({ with: { posts: true } })`
works as `prisma.user.findMany({ include: { posts: true } })` does.

Each Prisma relation field becomes a `Link` (which columns join which tables, through which join
table, under which alias), then one of two renderers writes it:

- drizzle-orm 0.45 `relations()` (RQB v1, the default): the side holding the foreign key is
  `one(target, { fields, references })`, the other side `many(holder)` or, for a one-to-one,
  `one(holder)`. Pairs carry `relationName`, Prisma's relation name, so self-relations and several
  relations between the same two models pair up without guessing; the exception is the other side
  of a one-to-one, which 0.45 cannot name (see `_v1_one_to_one_back`). An implicit many-to-many
  goes through its join table, as 0.45 requires: each model has `many(joinTable)`, the join table a
  `one()` back to each model over column A or B (`<relation>_A` / `<relation>_B`).
- drizzle-orm 1.0 `defineRelations()` (RQB v2, option `relations: "v2"`): every relation states its
  columns (`from`/`to`, `.through()` the join table for a many-to-many), so nothing is paired by
  guessing; `optional: false` where the foreign key columns are required.

Relations to or from a Prisma view are left out: drizzle relates tables only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tools.catalog.ddl import created_by_prisma
from tools.prisma.schema import ManyToManyTable, PrismaField, PrismaModel, PrismaRelation
from tools.sync.drizzle_context import DrizzleContext
from tools.sync.drizzle_names import camel_case
from tools.sync.tsnodes import Arr, Arrow, Bool, Call, Ident, Member, Node, Obj, ObjPattern, Prop, Str, const_statement

V1_BACK_SIDE_NOTE = ("/** Null when there is no row, but typed as never null: drizzle-orm 0.45 cannot name "
                     "this side of a one-to-one otherwise. */")


@dataclass(frozen=True, slots=True)
class Link:
    """One relation property of a table, whatever the API that writes it."""

    name: str  # the property: the Prisma relation field's name
    many: bool
    source: str  # TS name of the table holding the property
    target: str  # TS name of the related table
    from_: tuple[str, ...]  # properties of `source` joined on
    to: tuple[str, ...]  # properties of `target` they equal
    alias: str  # Prisma's relation name (made unique)
    holder: bool = False  # this side holds the foreign key
    optional: bool = True  # a one() that may find nothing
    through: tuple[str, str, str] | None = None  # many-to-many: (join table, its column for source, for target)


class RelationsBuilder:
    """The relations statement(s) of the file, in the API the options ask for."""

    v2_name = "relations"  # drizzle's own name for defineRelations' result

    def __init__(self, ctx: DrizzleContext):
        self.ctx = ctx
        self.name_uses = Counter(r.name for r in ctx.schema.relations if r.kind != "many-to-many")

    def statements(self) -> list[str]:
        links = self.links()
        if self.ctx.options.relations == "v2":
            # drizzle 1.0 queries (db.query.x) only the tables defineRelations names, relations or not
            return self.v2(links) if self.ctx.table_names else []
        return self.v1(links) if links else []

    # -- what relates to what --------------------------------------------------------------------------
    def links(self) -> dict[str, list[Link]]:
        """TS table name -> its relation properties, in the file's order of tables and fields.

        Tables the file does not export (see drizzle_tables) take no part: drizzle resolves
        relations among the schema module's exports."""
        exported = self.exported()
        out: dict[str, list[Link]] = {}
        for model in self.ctx.schema.tables:
            links = [link for field in model.relation_fields if (link := self._link(field)) is not None
                     and {link.source, link.target, *(link.through or ())[:1]} <= exported]
            if links:
                out[self.ctx.model_var(model)] = links
        return out

    def exported(self) -> set[str]:
        return {var for key, var in self.ctx.table_names.items() if created_by_prisma(self.ctx.catalog.tables[key])}

    def alias(self, relation: PrismaRelation) -> str:
        """Prisma's relation name, made unique: Prisma needs it unique per pair of models only
        (civitai names two relations `childThread`), drizzle looks it up among a table's relations."""
        if self.name_uses[relation.name] < 2:
            return relation.name
        models = sorted({relation.holder.model.name, relation.other.model.name})  # type: ignore[union-attr]
        return f"{relation.name}_{'To'.join(models)}"

    def _link(self, field: PrismaField) -> Link | None:
        relation = field.relation
        if relation is None:
            return None
        if relation.kind == "many-to-many":
            return self._many_to_many(field, relation)
        holder, other = relation.holder, relation.other
        if holder is None or other is None or holder.model.kind == "view" or other.model.kind == "view":
            return None
        target_model = relation.references[0].model if relation.references else other.model
        holder_var, target_var = self.ctx.model_var(holder.model), self.ctx.model_var(target_model)
        fields = tuple(f.name for f in relation.fields)
        references = tuple(f.name for f in relation.references)
        if field is holder:  # optional as Prisma Client types it: by the relation field
            return Link(field.name, False, holder_var, target_var, fields, references, self.alias(relation),
                        holder=True, optional=field.optional)
        many = relation.kind != "one-to-one"
        return Link(field.name, many, target_var, holder_var, references, fields, self.alias(relation))

    def _many_to_many(self, field: PrismaField, relation: PrismaRelation) -> Link | None:
        join = relation.join_table
        if join is None or join.table not in self.ctx.join_keys:
            return None
        side, other_side = ("A", "B") if field is join.field_a else ("B", "A")
        here, there = (join.model_a, join.model_b) if side == "A" else (join.model_b, join.model_a)
        return Link(field.name, True, self.ctx.model_var(here), self.ctx.model_var(there), (_id(here),), (_id(there),),
                    relation.name, through=(self._join_var(join), side, other_side))

    def _join_var(self, join: ManyToManyTable) -> str:
        return self.ctx.table_names[self.ctx.join_keys[join.table]]

    # -- drizzle-orm 0.45: relations() ----------------------------------------------------------------
    def v1(self, links: dict[str, list[Link]]) -> list[str]:
        self.ctx.imports.orm.add("relations")
        entries: dict[str, list[Prop]] = {}
        for var, items in links.items():
            entries[var] = [self._v1_property(link, links) for link in items]
        for join in self.ctx.schema.many_to_many:
            if join.table in self.ctx.join_keys and self._join_var(join) in self.exported():
                entries[self._join_var(join)] = self._v1_join_table(join)
        return [self._v1_statement(var, props) for var, props in entries.items()]

    def _v1_property(self, link: Link, links: dict[str, list[Link]]) -> Prop:
        if link.through is not None:  # to the join table, over this side's column
            return Prop(link.name, _call("many", link.through[0], relationName=f"{link.alias}_{link.through[1]}"))
        if link.holder:
            return Prop(link.name, _call("one", link.target, fields=_members(link.source, link.from_),
                                         references=_members(link.target, link.to), relationName=link.alias))
        if link.many:
            return Prop(link.name, _call("many", link.target, relationName=link.alias))
        return self._v1_one_to_one_back(link, links)

    def _v1_one_to_one_back(self, link: Link, links: dict[str, list[Link]]) -> Prop:
        """The side of a one-to-one without the foreign key.

        drizzle 0.45's `one()` takes a relationName only together with fields and references. Bare
        `one(holder)` pairs with the holder's only relation to this table; when the holder has
        several (or it is this table), the side is written with the columns swapped, which joins
        the same rows but types the result as never null.
        """
        towards_us = [other for other in links.get(link.target, []) if other.target == link.source and not other.through]
        if link.target != link.source and len(towards_us) == 1:
            return Prop(link.name, _call("one", link.target))
        call = _call("one", link.target, fields=_members(link.source, link.from_),
                     references=_members(link.target, link.to), relationName=link.alias)
        return Prop(link.name, call, [V1_BACK_SIDE_NOTE])

    def _v1_join_table(self, join: ManyToManyTable) -> list[Prop]:
        var = self._join_var(join)
        same = join.model_a is join.model_b
        props = []
        for side, model in (("A", join.model_a), ("B", join.model_b)):
            target = self.ctx.model_var(model)
            props.append(Prop(camel_case(model.name) + (side if same else ""), _call(
                "one", target, fields=_members(var, (side,)), references=_members(target, (_id(model),)),
                relationName=f"{join.relation_name}_{side}")))
        return props

    def _v1_statement(self, var: str, props: list[Prop]) -> str:
        helpers = [h for h in ("one", "many") if any(_calls(p, h) for p in props)]
        body = Arrow([ObjPattern(helpers)], Obj(props, expanded=True))
        return const_statement(self.ctx.names.take(f"{var}Relations", ""), Call(Ident("relations"), [Ident(var), body]))

    # -- drizzle-orm 1.0: defineRelations() -----------------------------------------------------------
    def v2(self, links: dict[str, list[Link]]) -> list[str]:
        self.ctx.imports.orm.add("defineRelations")
        exported = self.exported()
        tables = Obj([Prop(var, Ident(var), shorthand=True) for var in self.ctx.table_names.values() if var in exported],
                     expanded=True)
        config = Obj([Prop(var, Obj([Prop(link.name, self._v2_call(link)) for link in items], expanded=True))
                      for var, items in links.items()], expanded=True)
        call = Call(Ident("defineRelations"), [tables, Arrow([Ident("r")], config)] if links else [tables])
        return [const_statement(self.v2_name, call)]

    @staticmethod
    def _v2_call(link: Link) -> Call:
        def columns(table: str, names: tuple[str, ...], through: str | None = None) -> Node:
            refs: list[Node] = [Member(Member(Ident("r"), table), name) for name in names]
            if through is not None:
                refs = [Call(Member(ref, "through"), [Member(Member(Ident("r"), link.through[0]), through)])  # type: ignore[index]
                        for ref in refs]
            return refs[0] if len(refs) == 1 else Arr(refs)

        through = link.through
        options = [Prop("from", columns(link.source, link.from_, through[1] if through else None)),
                   Prop("to", columns(link.target, link.to, through[2] if through else None))]
        if link.holder and not link.optional:
            options.append(Prop("optional", Bool(False)))
        options.append(Prop("alias", Str(link.alias)))
        kind = "many" if link.many else "one"
        return Call(Member(Member(Ident("r"), kind), link.target), [Obj(options)])


def _id(model: PrismaModel) -> str:
    return model.primary_key.fields[0].field.name  # type: ignore[union-attr]


def _members(table: str, names: tuple[str, ...]) -> Arr:
    return Arr([Member(Ident(table), name) for name in names])


def _call(kind: str, target: str, **options: Node | str) -> Call:
    props = [Prop(key, Str(value) if isinstance(value, str) else value) for key, value in options.items()]
    return Call(Ident(kind), [Ident(target), Obj(props)] if props else [Ident(target)])


def _calls(prop: Prop, helper: str) -> bool:
    return isinstance(prop.value, Call) and isinstance(prop.value.callee, Ident) and prop.value.callee.name == helper
