"""The database a Prisma schema implies: `prisma_to_catalog(schema) -> Catalog`.

This is what `prisma migrate` creates from the schema, object by object, with Prisma's names:
tables and columns (`@@map`/`@map`), Prisma's default types (`timestamp(3)`, `numeric(65,30)`,
`jsonb`) and every `@db.*` type, `SERIAL` for `autoincrement()`, keys and indexes named
`Table_pkey`, `Table_col_key`, `Table_col_idx`, foreign keys `Table_col_fkey` with Prisma's default
actions (Restrict when the relation is required, SetNull when optional, Cascade on update), enums,
implicit many-to-many join tables (`_AToB` with columns A and B), and nothing for views (Prisma's
migrations never create them) or for foreign keys under `relationMode = "prisma"`.

Each column also carries `default_ddl` (Prisma's DDL spelling of its default) and `ddl_type`
(Prisma's spelling of its type), which `tools.catalog.ddl` prints.
"""

from __future__ import annotations

from tools.catalog.defaults import array_default, scalar_default
from tools.catalog.model import quote_ident, Catalog, Column, EnumType, Extension, ForeignKey, Index, IndexColumn, PrimaryKey, Table, View
from tools.catalog.opclasses import is_default_opclass
from tools.catalog.pgnames import pg_object_name, pg_qualified, prisma_constraint_name, truncate_identifier
from tools.gcpause import cycle_collector_paused
from tools.prisma.schema import IndexSpec, ManyToManyTable, PrismaField, PrismaModel, PrismaSchema
from tools.typemap import BUILTIN_ALIASES, BUILTIN_TYPES, NATIVE_TYPES, SCALAR_DEFAULTS, SERIAL_DDL

ACTION_SQL = {"Cascade": "CASCADE", "Restrict": "RESTRICT", "NoAction": "NO ACTION", "SetNull": "SET NULL",
              "SetDefault": "SET DEFAULT"}


def prisma_to_catalog(schema: PrismaSchema) -> Catalog:
    with cycle_collector_paused():  # many small objects, no cycles
        return _Builder(schema).build()


class _Builder:
    def __init__(self, schema: PrismaSchema):
        self.schema = schema
        self.default_schema = schema.datasource.default_schema
        self.catalog = Catalog(default_schema=self.default_schema)
        self.extension_schema = {e.name: e.schema for e in schema.datasource.extensions}

    def schema_of(self, name: str | None) -> str:
        return name or self.default_schema

    def build(self) -> Catalog:
        datasource = self.schema.datasource
        # Prisma creates extensions in name order, whatever the order of `extensions = [...]`
        self.catalog.extensions = sorted((Extension(e.name, e.schema, e.version) for e in datasource.extensions), key=lambda e: e.name)
        for enum in self.schema.enums.values():
            values = [v.db_name for v in enum.values]
            self.catalog.add_enum(EnumType(truncate_identifier(enum.db_name), values, self.schema_of(enum.schema), enum.span,
                                           ddl_name=_written(enum.db_name)))
        for model in self.schema.models.values():
            if model.kind == "view":
                view = self.view(model)
                self.catalog.views[view.key] = view
            else:
                self.catalog.add_table(self.table(model))
        # Prisma creates join tables in the order of the model whose name sorts first (column A), then
        # of that model's relation field (for a self-relation, the field whose name sorts first)
        order = {name: i for i, name in enumerate(self.schema.models)}

        def position(join: ManyToManyTable) -> tuple[int, int]:
            return order[join.model_a.name], join.model_a.fields.index(join.field_a)

        for join in sorted(self.schema.many_to_many, key=position):
            self.catalog.add_table(self.join_table(join))
        if datasource.relation_mode == "foreignKeys":
            for model in self.schema.tables:
                self.foreign_keys(model)
        # Only the schemas that hold something: Prisma creates none for a name that `schemas = […]`
        # lists but no model or enum uses (views keep theirs here, though migrations never create them).
        used = {t.schema for t in self.catalog.tables.values()} | {e.schema for e in self.catalog.enums.values()}
        self.catalog.schemas = sorted(used | {v.schema for v in self.catalog.views.values()})
        return self.catalog

    # -- columns -------------------------------------------------------------------------------
    def column(self, model: PrismaModel, field: PrismaField, table: str, schema: str) -> Column:
        pg_type, ddl_type, type_schema = self.field_type(field)
        array = field.list
        if field.kind == "unsupported" and pg_type.endswith("[]"):  # Unsupported("text[]") is an array column
            pg_type, array = pg_type.removesuffix("[]"), True
        column = Column(truncate_identifier(field.db_name), pg_type, nullable=field.optional or field.list,
                        array=array, type_schema=type_schema, origin=field.span)
        column.ddl_type = ddl_type + ("[]" if field.list else "")
        column.ddl_name = _written(field.db_name)
        default = field.default
        if default is None:
            return column
        if default.kind == "function":
            self.function_default(column, field, table, schema)
            return column
        enum = self.enum_ref(field)
        value = default.value
        if enum is not None:  # enum defaults name the value; the database holds its @map
            prisma_enum = self.schema.enums[field.type]
            value = [prisma_enum.value(v).db_name for v in value] if default.kind == "list" else prisma_enum.value(value).db_name
        if default.kind == "list":
            column.default, column.default_ddl = array_default(value, default.literal, field.type, pg_type, ddl_type, enum)
        else:
            column.default, column.default_ddl = scalar_default(value, default.literal, field.type, pg_type, enum)
        return column

    def enum_ref(self, field: PrismaField) -> tuple[str | None, str] | None:
        if field.kind != "enum":
            return None
        enum = self.schema.enums[field.type]
        return self.schema_of(enum.schema), truncate_identifier(enum.db_name)

    def function_default(self, column: Column, field: PrismaField, table: str, schema: str) -> None:
        default = field.default
        assert default is not None
        if default.function == "now":
            column.default = column.default_ddl = "CURRENT_TIMESTAMP"
        elif default.function == "dbgenerated" and default.expression:
            column.default = column.default_ddl = default.expression
        elif default.function == "autoincrement":
            sequence = pg_object_name(table, column.name, "seq")
            column.default = f"nextval('{pg_qualified(schema, sequence)}'::regclass)"
            if column.type in SERIAL_DDL:
                column.ddl_type = SERIAL_DDL[column.type] + ("[]" if field.list else "")
        # uuid(), cuid(), nanoid(), ulid() run in Prisma Client: no database default

    def field_type(self, field: PrismaField) -> tuple[str, str, str | None]:
        """(canonical type, Prisma DDL spelling, schema of a user-defined type)."""
        if field.kind == "enum":
            enum = self.schema.enums[field.type]
            schema = self.schema_of(enum.schema)
            name = truncate_identifier(enum.db_name)
            # Prisma prints the name as written; PostgreSQL cuts it to 63 bytes
            ddl = quote_ident(enum.db_name) if schema == self.default_schema else f"{quote_ident(schema)}.{quote_ident(enum.db_name)}"
            return name, ddl, schema
        if field.kind == "unsupported":
            return unsupported_type(field.type, self.default_schema)
        spec = NATIVE_TYPES[field.native.name] if field.native else SCALAR_DEFAULTS[field.type]
        args = field.native.args if field.native else ()
        type_schema = None
        if spec.user_defined:
            type_schema = self.extension_schema.get(spec.pg) or self.default_schema
        return spec.canonical(args), spec.ddl_spelling(args), type_schema

    # -- tables --------------------------------------------------------------------------------
    def table(self, model: PrismaModel) -> Table:
        name = truncate_identifier(model.db_name)
        schema = self.schema_of(model.schema)
        table = Table(name, schema, origin=model.span, model=model.name, ddl_name=_written(model.db_name))
        table.columns = [self.column(model, f, name, schema) for f in model.columns]
        if model.primary_key is not None:
            key = model.primary_key
            columns = [truncate_identifier(f.field.db_name) for f in key.fields]
            table.primary_key = PrimaryKey(key.map or prisma_constraint_name(name, [], "_pkey"), columns, key.node.span)
        table.indexes = [self.index(table, spec) for spec in model.indexes]
        return table

    def index(self, table: Table, spec: IndexSpec) -> Index:
        columns = []
        method = (spec.method or "BTree").lower()
        for index_field in spec.fields:
            column = table.column(truncate_identifier(index_field.field.db_name))
            opclass = index_field.ops
            if opclass and column is not None and is_default_opclass(method, column, opclass):
                opclass = None
            columns.append(IndexColumn(truncate_identifier(index_field.field.db_name), descending=index_field.sort == "Desc",
                                       opclass=opclass, ddl_opclass=index_field.ops,
                                       ddl_sort=index_field.sort.upper() if index_field.sort else None))
        suffix = "_key" if spec.kind == "unique" else "_idx"
        name = spec.map or prisma_constraint_name(table.name, [c.name for c in columns], suffix)
        index = Index(truncate_identifier(name), columns, unique=spec.kind == "unique", method=method, origin=spec.node.span)
        if spec.where is not None:
            # Prisma writes the predicate as given when it starts with `(` and ends with `)`, else in
            # parentheses; the catalog keeps it as the schema wrote it
            index.predicate = spec.where
            if not (spec.where.startswith("(") and spec.where.endswith(")")):
                index.ddl_predicate = f"({spec.where})"
        return index

    def view(self, model: PrismaModel) -> View:
        name = truncate_identifier(model.db_name)
        schema = self.schema_of(model.schema)
        view = View(name, schema, origin=model.span)
        view.columns = [self.column(model, f, name, schema) for f in model.columns]
        return view

    def join_table(self, join: ManyToManyTable) -> Table:
        schema = self.schema_of(join.schema)
        name = truncate_identifier(join.table)
        table = Table(name, schema, model=None, origin=join.field_a.span)
        for column_name, model in (("A", join.model_a), ("B", join.model_b)):
            id_field = model.primary_key.fields[0].field  # type: ignore[union-attr]
            pg_type, ddl_type, type_schema = self.field_type(id_field)
            column = Column(column_name, pg_type, nullable=False, type_schema=type_schema, origin=join.field_a.span)
            column.ddl_type = ddl_type
            table.columns.append(column)
        # The join table's own names cut the table name before a fixed suffix (`_AB_pkey`, `_B_index`).
        table.primary_key = PrimaryKey(prisma_constraint_name(name, [], "_AB_pkey"), ["A", "B"])
        table.indexes = [Index(prisma_constraint_name(name, [], "_B_index"), [IndexColumn("B")])]
        if self.schema.datasource.relation_mode == "foreignKeys":
            for column_name, model in (("A", join.model_a), ("B", join.model_b)):
                target = self.catalog.table(truncate_identifier(model.db_name), self.schema_of(model.schema))
                assert target is not None and target.primary_key is not None
                table.foreign_keys.append(ForeignKey(
                    prisma_constraint_name(name, [], f"_{column_name}_fkey"), [column_name], target.name,
                    list(target.primary_key.columns), target.schema, "CASCADE", "CASCADE", origin=join.field_a.span))
        return table

    def foreign_keys(self, model: PrismaModel) -> None:
        table = self.catalog.table(truncate_identifier(model.db_name), self.schema_of(model.schema))
        assert table is not None
        for field in model.relation_fields:
            relation = field.relation
            if relation is None or relation.kind == "many-to-many" or relation.holder is not field:
                continue
            target_model = relation.other.model  # type: ignore[union-attr]
            if target_model.kind == "view":
                continue  # a view has no key to reference; Prisma creates no foreign key
            columns = [truncate_identifier(f.db_name) for f in relation.fields]
            # Prisma's default follows the foreign-key columns, not the relation field: SetNull when all
            # of them are optional, Restrict when any is required (a `Category?` over a required
            # `categoryId Int @default(0)` is RESTRICT, and so is a key of a required and an optional column).
            default_delete = "SetNull" if all(f.optional for f in relation.fields) else "Restrict"
            name = relation.map or prisma_constraint_name(table.name, columns, "_fkey")
            table.foreign_keys.append(ForeignKey(
                truncate_identifier(name), columns, truncate_identifier(target_model.db_name),
                [truncate_identifier(f.db_name) for f in relation.references], self.schema_of(target_model.schema),
                ACTION_SQL[relation.on_delete or default_delete], ACTION_SQL[relation.on_update or "Cascade"],
                origin=field.span))


def _written(name: str) -> str | None:
    """The name as written when PostgreSQL will cut it to 63 bytes (Prisma's DDL prints it whole)."""
    return name if truncate_identifier(name) != name else None


def unsupported_type(text: str, default_schema: str) -> tuple[str, str, str | None]:
    """An `Unsupported("…")` type: (format_type spelling, DDL spelling as written, schema or None).

    Built-in types (tsvector, interval, int4range…) live in pg_catalog; anything else is taken to be
    an extension's type (vector(1536), geometry(Point,4326)…) in the default schema.
    """
    spelled = " ".join(text.split())
    if spelled.endswith("[]"):  # an array of the type: the element decides where the type lives
        element, _, schema = unsupported_type(spelled.removesuffix("[]").strip(), default_schema)
        return element + "[]", text, schema
    base, _, rest = spelled.partition("(")
    name = base.strip().lower()
    canonical = BUILTIN_ALIASES.get(name, name)
    args = ("(" + rest.replace(" ", "")) if rest else ""
    if canonical in BUILTIN_TYPES or name in BUILTIN_TYPES:
        if canonical in ("timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone") and args:
            word, _, zone = canonical.partition(" ")
            return f"{word}{args} {zone}", text, None
        return canonical + args, text, None
    return base.strip() + args, text, default_schema
