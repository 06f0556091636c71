"""`pgTable` declarations: columns, then the primary key, indexes and foreign keys Prisma creates.

Everything a constraint or an index is called comes from the catalog (`prisma_to_catalog`), which
already holds Prisma's names with Prisma's truncation, so no naming rule is repeated here. How each
becomes Drizzle, and why:

- a one-column primary key is `.primaryKey()` only when PostgreSQL would give it Prisma's name by
  itself (`<table>_pkey`, free in the schema); otherwise `primaryKey({ name, columns })`;
- `@unique`/`@@unique` are unique *indexes* in Prisma's database, so `uniqueIndex(name)`, never
  drizzle's `.unique()` (a constraint, another catalog object);
- a descending key is `.desc().nullsFirst()`: drizzle's bare `.desc()` writes `DESC NULLS LAST`,
  while Prisma's `sort: Desc` is PostgreSQL's plain `DESC` (nulls first). drizzle-kit 0.31 drops
  DESC from a key that also has an operator class, so that key is written as SQL;
- foreign keys are `foreignKey({ name, columns, foreignColumns })` with both referential actions
  the catalog holds (Prisma's defaults are not drizzle's `no action`).

Implicit many-to-many join tables (`_CourseToTag` with A and B) are tables like any other here.
A model of a table Prisma's migrations never create (PostGIS's `spatial_ref_sys`, `_prisma_migrations`:
`tools.catalog.ddl.created_by_prisma`) is declared but not exported, since drizzle-kit creates the
tables a schema module exports.
Prisma views become `pgView(…).existing()`: Prisma's migrations never create a view, and
`.existing()` tells drizzle-kit not to either.
"""

from __future__ import annotations

from collections import Counter

from tools.catalog.ddl import created_by_prisma
from tools.catalog.model import ForeignKey, Index, IndexColumn, Table, quote_ident
from tools.catalog.pgnames import pg_object_name, truncate_identifier
from tools.prisma.schema import ManyToManyTable, PrismaModel
from tools.sync.drizzle_columns import ColumnBuilder, sql_template
from tools.sync.drizzle_context import DrizzleContext
from tools.sync.jsontypes import field_documentation
from tools.sync.tsnodes import Arr, Arrow, Call, Ident, Member, Node, Obj, Prop, Str, const_statement
from tools.sync.tsprint import jsdoc_lines

EXTRA_CONFIG_TYPE = "PgTableExtraConfigValue"
ACTIONS = {"CASCADE": "cascade", "RESTRICT": "restrict", "NO ACTION": "no action", "SET NULL": "set null",
           "SET DEFAULT": "set default"}


class TableBuilder:
    """Builds the `export const … = pgTable(…)` statements of one schema."""

    table_param = "t"
    not_created_note = ("// Not exported: Prisma's migrations never create this table (an extension or Prisma does), "
                        "so drizzle-kit must not.")

    def __init__(self, ctx: DrizzleContext, columns: ColumnBuilder):
        self.ctx = ctx
        self.columns = columns
        self.relation_names = self._relation_names()
        self.keys: dict[str, dict[str, str]] = {}  # table key -> column name -> property

    def _relation_names(self) -> Counter:
        """How often each (schema, name) is used by a table, index, key or sequence (pg_class names)."""
        names: Counter = Counter()
        for table in self.ctx.catalog.tables.values():
            names[(table.schema, table.name)] += 1
            names.update((table.schema, index.name) for index in table.indexes)
            if table.primary_key is not None:
                names[(table.schema, table.primary_key.name)] += 1
            names.update((table.schema, pg_object_name(table.name, c.name, "seq"))
                         for c in table.columns if c.default and c.default.startswith("nextval("))
        return names

    # -- statements --------------------------------------------------------------------------------
    def model_table(self, model: PrismaModel) -> str:
        table = self.ctx.table_of(model)
        inline_key = self._inline_primary_key(table)
        props = []
        for field, column in zip(model.columns, table.columns):
            node = self.columns.column(field, column, key=field.name,
                                       primary_key=inline_key and table.primary_key.columns == [column.name])
            props.append(Prop(field.name, node, jsdoc_lines(field_documentation(field))))
        return self._statement(table, props, comment=jsdoc_lines(model.documentation), inline_key=inline_key)

    def join_table(self, table: Table, join: ManyToManyTable) -> str:
        """`_AToB`: columns A and B typed like the ids they reference."""
        props = []
        for column, model in zip(table.columns, (join.model_a, join.model_b)):
            id_field = model.primary_key.fields[0].field  # type: ignore[union-attr]
            node, _ = self.columns.type_call(id_field, column, column.name, serial=False)
            props.append(Prop(column.name, Call(Member(node, "notNull"))))
        return self._statement(table, props, comment=[], inline_key=False)

    def view(self, model: PrismaModel) -> str:
        view = self.ctx.catalog.views[f"{model.schema or self.ctx.catalog.default_schema}.{truncate_identifier(model.db_name)}"]
        props = [Prop(field.name, self.columns.column(field, column, key=field.name, for_view=True),
                      jsdoc_lines(field_documentation(field)))
                 for field, column in zip(model.columns, view.columns)]
        callee = self._schema_member(view.schema, "view") or self._core("pgView")
        call = Call(Member(Call(callee, [Str(view.name), Obj(props, expanded=True)]), "existing"))
        return const_statement(self.ctx.view_names[model.name], call, comment=jsdoc_lines(model.documentation))

    def _statement(self, table: Table, props: list[Prop], *, comment: list[str], inline_key: bool) -> str:
        self.keys[table.key] = {c.name: p.key for c, p in zip(table.columns, props)}
        args: list[Node] = [Str(table.name), Obj(props, expanded=True)]
        extra = self._extra_config(table, inline_key)
        if extra:
            foreign = any(not self._same_table(table, fk) for fk in table.foreign_keys)
            if foreign:  # annotated, or TypeScript cannot infer two tables that reference each other
                self.ctx.imports.core_types.add(EXTRA_CONFIG_TYPE)
            args.append(Arrow([Ident(self.table_param)], Arr(extra), f"{EXTRA_CONFIG_TYPE}[]" if foreign else None))
        callee = self._schema_member(table.schema, "table") or self._core("pgTable")
        if not created_by_prisma(table):  # drizzle-kit creates exported tables only
            comment = [self.not_created_note, *comment]
        return const_statement(self.ctx.table_names[table.key], Call(callee, args), comment=comment,
                               export=created_by_prisma(table))

    def _core(self, name: str) -> Ident:
        self.ctx.imports.core.add(name)
        return Ident(name)

    def _schema_member(self, schema: str, method: str) -> Member | None:
        if schema == self.ctx.catalog.default_schema:
            return None
        return Member(Ident(self.ctx.schema_names[schema]), method)

    def _inline_primary_key(self, table: Table) -> bool:
        """`.primaryKey()` names the key `<table>_pkey` (PostgreSQL's choice): use it when that is Prisma's name."""
        key = table.primary_key
        if key is None or len(key.columns) != 1:
            return False
        return key.name == pg_object_name(table.name, None, "pkey") and self.relation_names[(table.schema, key.name)] == 1

    # -- the third argument: keys, indexes, foreign keys -----------------------------------------------
    def _extra_config(self, table: Table, inline_key: bool) -> list[Node]:
        items: list[Node] = []
        if table.primary_key is not None and not inline_key:
            columns = Arr([self._ref(table, c) for c in table.primary_key.columns])
            items.append(Call(self._core("primaryKey"), [Obj([Prop("name", Str(table.primary_key.name)),
                                                               Prop("columns", columns)])]))
        items += [self._index(table, index) for index in table.indexes]
        items += [self._foreign_key(table, fk) for fk in table.foreign_keys]
        return items

    def _ref(self, table: Table, column: str) -> Member:
        return Member(Ident(self.table_param), self.keys[table.key][column])

    def _index(self, table: Table, index: Index) -> Node:
        head = Call(self._core("uniqueIndex" if index.unique else "index"), [Str(index.name)])
        keys = [self._index_key(table, key) for key in index.columns]
        if index.method == "btree":
            node: Node = Call(Member(head, "on"), keys)
        else:
            node = Call(Member(head, "using"), [Str(index.method), *keys])
        if index.predicate:
            node = Call(Member(node, "where"), [sql_template(self.ctx, index.predicate)])
        return node

    def _index_key(self, table: Table, key: IndexColumn) -> Node:
        opclass = key.ddl_opclass or key.opclass
        if opclass and key.descending:
            # drizzle-kit 0.31 writes no DESC after an operator class: spell the key in SQL
            return sql_template(self.ctx, f"{quote_ident(key.name)} {opclass} DESC")
        node: Node = self._ref(table, key.name)
        if opclass:
            node = Call(Member(node, "op"), [Str(opclass)])
        if key.descending:
            node = Call(Member(Call(Member(node, "desc")), "nullsFirst"))
        return node

    def _foreign_key(self, table: Table, fk: ForeignKey) -> Node:
        target = self.ctx.catalog.table(fk.ref_table, fk.ref_schema)
        assert target is not None, fk.ref_table
        if self._same_table(table, fk):
            foreign = [self._ref(table, c) for c in fk.ref_columns]
        else:
            target_var = Ident(self.ctx.table_names[target.key])
            foreign = [Member(target_var, self._property(target, c)) for c in fk.ref_columns]
        spec = Obj([Prop("name", Str(fk.name)), Prop("columns", Arr([self._ref(table, c) for c in fk.columns])),
                    Prop("foreignColumns", Arr(foreign))])
        node = Call(Member(Call(self._core("foreignKey"), [spec]), "onDelete"), [Str(ACTIONS[fk.on_delete])])
        return Call(Member(node, "onUpdate"), [Str(ACTIONS[fk.on_update])])

    def _property(self, table: Table, column: str) -> str:
        """The property of a column of another table (declared later in the file, perhaps)."""
        model = self.ctx.models_by_table.get(table.key)
        if model is None:
            return column  # a join table: A and B
        for field, candidate in zip(model.columns, table.columns):
            if candidate.name == column:
                return field.name
        raise KeyError(column)

    @staticmethod
    def _same_table(table: Table, fk: ForeignKey) -> bool:
        return fk.ref_table == table.name and fk.ref_schema == table.schema
