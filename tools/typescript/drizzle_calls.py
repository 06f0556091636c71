"""The calls of drizzle-orm's API, one handler each: column builders and their methods, tables,
extra-config items (indexes, keys, checks), enums, custom types, relations v1 and v2.

Each handler receives the evaluator, the callee and the call node, and returns the value drizzle
would build (see drizzle_eval.py for the value classes and the semantics followed).
"""

from __future__ import annotations

from typing import Any

from tools.typescript.drizzle_eval import (
    ACTIONS, COLUMN_BUILDERS, IGNORED_API, Api, BoundMethod, ColRef, ColumnValue, ConfigItem, CustomTypeValue,
    DrizzleEvaluator, EnumValue, Namespace, RelationHelper, RelationHelperSet, RelationsValue, RelationValue,
    SchemaValue, SqlValue, TableFactory, TableValue, V2Column, V2Root, ViewValue, column_casing, own_column,
    new_column, plain, render_sql)
from tools.typescript.drizzle_model import (DrizzleCheck, DrizzleColumn, DrizzleCustomType, DrizzleDefault,
                                            DrizzleEnum, DrizzleForeignKey, DrizzleIdentity, DrizzleIndex,
                                            DrizzleIndexKey, DrizzlePrimaryKey, DrizzleReference, DrizzleRelation,
                                            DrizzleTable, DrizzleUnique, DrizzleView)
from tools.typescript.parse import TRANSPARENT, call_arguments, shorten, string_value
from tools.typescript.static_eval import Closure, Ctx, ObjectValue, Unknown


# -- drizzle-orm functions ---------------------------------------------------------------------------

def call_api(ev: DrizzleEvaluator, api: Api, call, ctx: Ctx) -> Any:
    name = api.name
    template = call.child_by_field_name("arguments")
    if name == "sql" and template is not None and template.type == "template_string":
        return render_sql(ev, template, ctx)
    handler = _API_HANDLERS.get(name)
    if handler is None and name not in COLUMN_BUILDERS:  # not a declaration: its arguments are not read
        return ConfigItem("ignored", node=call) if name in IGNORED_API else None
    args = [ev.evaluate(a, ctx) for a in call_arguments(call)]
    if handler is None:
        return builtin_column(ev, name, args, call, ctx)
    return handler(ev, api, args, call, ctx)


def _sql_raw(ev, api, args, call, ctx):
    return SqlValue(args[0]) if args and isinstance(args[0], str) else None


def _pg_table(ev, api, args, call, ctx):
    return build_table(ev, TableFactory(api.name, api.schema), call, ctx)


def _table_creator(ev, api, args, call, ctx):
    if args and isinstance(args[0], Closure):
        return TableFactory("pgTableCreator", None, args[0])
    return Unknown(call, ctx.module, "pgTableCreator() is given something other than a function")


def _pg_schema(ev, api, args, call, ctx):
    if args and isinstance(args[0], str):
        return SchemaValue(args[0])
    return Unknown(call, ctx.module, "pgSchema() name is not a constant")


def _index(ev, api, args, call, ctx):
    name = args[0] if args and isinstance(args[0], str) else None
    return ConfigItem("index", DrizzleIndex(name, unique=api.name == "uniqueIndex", span=ctx.module.source.span(call)),
                      node=call, ctx=ctx)


def _unique(ev, api, args, call, ctx):
    name = args[0] if args and isinstance(args[0], str) else None
    return ConfigItem("unique", DrizzleUnique(name, [], span=ctx.module.source.span(call)), node=call, ctx=ctx)


def _check(ev, api, args, call, ctx):
    name = args[0] if args and isinstance(args[0], str) else None
    text = args[1].text if len(args) > 1 and isinstance(args[1], SqlValue) else None
    return ConfigItem("check", DrizzleCheck(name, text, ctx.module.source.span(call)), node=call, ctx=ctx)


def _primary_key(ev, api, args, call, ctx):
    """`primaryKey({ name?, columns: [...] })`, or the older `primaryKey(t.a, t.b)`."""
    if args and isinstance(args[0], dict):
        name = args[0].get("name") if isinstance(args[0].get("name"), str) else None
        refs = args[0].get("columns")
    else:
        name, refs = None, args
    refs = refs if isinstance(refs, list) else []
    keys = [r.key for r in refs if isinstance(r, ColRef)]
    columns = [_column_name(r) for r in refs if isinstance(r, ColRef)]
    if len(keys) != len(refs):
        ev.report("unresolved", "primaryKey(): a column could not be read", call, ctx)
    return ConfigItem("primary-key", DrizzlePrimaryKey(name, keys, columns, ctx.module.source.span(call)), node=call, ctx=ctx)


def _foreign_key(ev, api, args, call, ctx):
    config = args[0] if args and isinstance(args[0], dict) else {}
    local = [r for r in config.get("columns") or [] if isinstance(r, ColRef)] if isinstance(config.get("columns"), list) else []
    foreign = config.get("foreignColumns") if isinstance(config.get("foreignColumns"), list) else []
    foreign_refs = [r for r in foreign if isinstance(r, ColRef)]
    if not local or len(foreign_refs) != len(foreign) or not foreign_refs:
        unknown = next((v for v in [*_list(config.get("columns")), *foreign] if isinstance(v, Unknown)), None)
        reason = unknown.reason if unknown is not None else "columns and foreignColumns must list table columns"
        ev.report("unresolved", f"foreignKey(): its columns could not be read: {reason}", call, ctx)
    target = foreign_refs[0].table if foreign_refs else None
    fk = DrizzleForeignKey(config.get("name") if isinstance(config.get("name"), str) else None,
                           [_column_name(r) for r in local], target.variable if target else None,
                           target.schema if target else None, target.name if target else None,
                           [_column_name(r) for r in foreign_refs], span=ctx.module.source.span(call))
    return ConfigItem("foreign-key", fk, node=call, ctx=ctx)


def _enum(ev, api, args, call, ctx):
    """`pgEnum("name", ["a", "b"])`, or `pgEnum("name", TsEnum)` (its values, drizzle ≥ 0.36)."""
    name = args[0] if args and isinstance(args[0], str) else None
    raw = args[1] if len(args) > 1 else None
    values = list(raw.values()) if isinstance(raw, dict) else raw
    if name is None or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        ev.report("unresolved", "pgEnum(): its name or values are not constants", call, ctx)
        values = [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
    enum = DrizzleEnum(name or "?", values, api.schema, _variable_of(call, ctx), span=ctx.module.source.span(call))
    ev.enums.append(enum)
    return EnumValue(enum)


def _custom_type(ev, api, args, call, ctx):
    """`customType<{ data: …; driverData: … }>({ dataType() { return "citext" } })`."""
    config = args[0] if args and isinstance(args[0], dict) else {}
    members = _type_members(call, ctx)
    custom = DrizzleCustomType(_variable_of(call, ctx), None, members.get("data"), members.get("driverData"),
                               ctx.module.source.span(call))
    function = config.get("dataType") if isinstance(config, dict) else None
    if isinstance(function, Closure):
        value = ev.apply(function, [ObjectValue()], call, ctx)
        custom.data_type = value if isinstance(value, str) else None
    else:
        ev.report("unresolved", "customType(): no dataType() to read the SQL type from", call, ctx)
    ev.custom_types.append(custom)
    return CustomTypeValue(custom, function if isinstance(function, Closure) else None)


def _view(ev, api, args, call, ctx):
    """pgView(name, { columns }?) — columns are placed as a table's are."""
    name = args[0] if args and isinstance(args[0], str) else "?"
    view = DrizzleView(name, api.schema, _variable_of(call, ctx), api.name == "pgMaterializedView",
                       span=ctx.module.source.span(call))
    columns = args[1] if len(args) > 1 else None
    if isinstance(columns, dict):
        view.columns_declared = True
        for key, item in columns.items():
            _place_column(ev, view, key, item, columns, ctx)
    ev.views.append(view)
    return ViewValue(view)


def _relations(ev, api, args, call, ctx):
    """relations(table, ({ one, many }) => ({ field: one(other, { fields, references, relationName }) }))."""
    table = args[0] if args else None
    function = args[1] if len(args) > 1 else None
    if not isinstance(table, TableValue) or not isinstance(function, Closure):
        ev.report("unresolved", "relations(): the table or the callback could not be read", call, ctx)
        return RelationsValue([])
    fields = ev.apply(function, [RelationHelperSet()], call, ctx)
    found = _relation_fields(ev, fields, table.table.variable or table.table.name, call, ctx)
    ev.relations.extend(found)
    return RelationsValue(found)


def _define_relations(ev, api, args, call, ctx):
    """defineRelations(schema, (r) => ({ users: { posts: r.many.posts({ from, to }) } })) (RQB v2)."""
    function = args[1] if len(args) > 1 else None
    if not isinstance(function, Closure):
        return RelationsValue([])
    tables = ev.apply(function, [V2Root()], call, ctx)
    found: list[DrizzleRelation] = []
    if not isinstance(tables, dict):
        ev.report("unresolved", "defineRelations(): the callback's result could not be read", call, ctx)
        return RelationsValue([])
    for table_key, fields in tables.items():
        found += _relation_fields(ev, fields, table_key, call, ctx)
    ev.relations.extend(found)
    return RelationsValue(found)


def _relation_fields(ev, fields: Any, table: str, call, ctx) -> list[DrizzleRelation]:
    if not isinstance(fields, dict):
        ev.report("unresolved", f"relations of `{table}` could not be read", call, ctx)
        return []
    found = []
    for key, value in fields.items():
        if isinstance(value, RelationValue):
            value.relation.table, value.relation.field = table, key
            found.append(value.relation)
        else:
            node, module = fields.nodes.get(key, (call, ctx.module)) if isinstance(fields, ObjectValue) else (call, ctx.module)
            ev.report("unresolved", f"relation `{table}.{key}` could not be read", node, module)
    return found


_API_HANDLERS = {
    "sql.raw": _sql_raw, "pgTable": _pg_table, "pgTableCreator": _table_creator, "pgSchema": _pg_schema,
    "index": _index, "uniqueIndex": _index, "unique": _unique, "check": _check, "primaryKey": _primary_key,
    "foreignKey": _foreign_key, "pgEnum": _enum, "customType": _custom_type, "pgView": _view,
    "pgMaterializedView": _view, "relations": _relations, "defineRelations": _define_relations,
}


# -- columns -----------------------------------------------------------------------------------------

def _name_and_options(ev, args: list, call, ctx, what: str) -> tuple[str | None, dict]:
    """A builder's arguments: `(name?, options?)` where either may be left out."""
    name, options = None, {}
    rest = list(args)
    if rest and isinstance(rest[0], str):
        name = rest.pop(0)
    elif rest and isinstance(rest[0], Unknown):
        ev.report_unknown(rest.pop(0), f"{what}: column name")
    if rest and isinstance(rest[0], dict):
        options = rest[0]
        for key, value in options.items():
            if isinstance(value, Unknown):
                ev.report_unknown(value, f"{what}: option `{key}`")
    return name, options


def builtin_column(ev, builder: str, args: list, call, ctx) -> ColumnValue:
    name, options = _name_and_options(ev, args, call, ctx, f"{builder}()")
    column = new_column(builder, "builtin", call, ctx)
    column.name, column.name_explicit = name or "", name is not None
    column.options = {k: plain(v) for k, v in options.items()}
    if isinstance(options.get("enum"), list):  # text({ enum: [...] }): a TypeScript-only narrowing
        column.enum_values = [v for v in options["enum"] if isinstance(v, str)]
    if builder in ("serial", "smallserial", "bigserial"):
        column.not_null = True  # drizzle's serial builders are NOT NULL with a default
    return ColumnValue(column)


def enum_column(ev, value: EnumValue, call, ctx) -> ColumnValue:
    name, _ = _name_and_options(ev, [ev.evaluate(a, ctx) for a in call_arguments(call)], call, ctx, "enum column")
    enum = value.enum
    column = new_column(enum.variable or enum.name, "enum", call, ctx)
    column.name, column.name_explicit = name or "", name is not None
    column.enum, column.enum_schema, column.enum_values = enum.name, enum.schema, list(enum.values)
    return ColumnValue(column)


def custom_column(ev, value: CustomTypeValue, call, ctx) -> ColumnValue:
    name, options = _name_and_options(ev, [ev.evaluate(a, ctx) for a in call_arguments(call)], call, ctx, "custom column")
    custom = value.custom
    column = new_column(custom.variable or "customType", "custom", call, ctx)
    column.name, column.name_explicit = name or "", name is not None
    column.options = {k: plain(v) for k, v in options.items()}
    column.data_type = custom.data_type
    if value.data_type_fn is not None:  # dataType(config) may depend on the column's options
        result = ev.apply(value.data_type_fn, [options or ObjectValue()], call, ctx)
        column.data_type = result if isinstance(result, str) else custom.data_type
    if column.data_type is None:
        ev.report("unresolved", f"custom type `{custom.variable}`: its SQL type (dataType()) is not a constant", call, ctx)
    return ColumnValue(column, custom=value)


def call_method(ev, bound: BoundMethod, call, ctx) -> Any:
    target = bound.target
    if isinstance(target, ColumnValue):
        return column_method(ev, target, bound.name, call, ctx)
    if isinstance(target, ColRef):
        return _key_option(target, bound.name, [ev.evaluate(a, ctx) for a in call_arguments(call)])
    if isinstance(target, ConfigItem):
        return config_method(ev, target, bound.name, call, ctx)
    if isinstance(target, TableValue):
        if bound.name in ("enableRLS", "withRLS"):
            target.table.rls = True
        return target
    if isinstance(target, ViewValue):
        if bound.name == "existing":
            target.view.existing = True
        return target
    if isinstance(target, V2Column) and bound.name == "through":
        args = [ev.evaluate(a, ctx) for a in call_arguments(call)]
        return V2Column(target.table, target.key, [a for a in args if isinstance(a, V2Column)])
    return None


def _key_option(ref: ColRef, name: str, args: list) -> Any:
    """`t.col.desc()`, `.nullsFirst()`, `.op("gin_trgm_ops")`: an index key's options."""
    if name in ("asc", "desc"):
        return ColRef(ref.table, ref.key, name, ref.nulls, ref.opclass)
    if name in ("nullsFirst", "nullsLast"):
        return ColRef(ref.table, ref.key, ref.order, "first" if name == "nullsFirst" else "last", ref.opclass)
    if name == "op" and args and isinstance(args[0], str):
        return ColRef(ref.table, ref.key, ref.order, ref.nulls, args[0])
    return None


def column_method(ev, value: ColumnValue, name: str, call, ctx) -> Any:
    args = [ev.evaluate(a, ctx) for a in call_arguments(call)]
    if name == "array":
        return _array(value)
    value = own_column(value)
    column = value.column
    column.chain.append(name)
    handler = _COLUMN_METHODS.get(name)
    if handler is None:
        ev.report("unsupported", f"`.{name}()` on a column is not something drizzle-kit reads here", call, ctx)
        return value
    handler(ev, value, args, call, ctx)
    return value


def _array(value: ColumnValue) -> ColumnValue:
    """`.array()` wraps the builder in a new one: NOT NULL, defaults, keys chained before are dropped."""
    base = value.column
    column = DrizzleColumn(key=base.key, name=base.name, builder=base.builder, kind=base.kind,
                           name_explicit=base.name_explicit, options=dict(base.options), enum=base.enum,
                           enum_schema=base.enum_schema, enum_values=base.enum_values, data_type=base.data_type,
                           array_dimensions=base.array_dimensions + 1, ts_type=base.ts_type,
                           chain=[*base.chain, "array"], span=base.span)
    return ColumnValue(column, custom=value.custom)


def _not_null(ev, value, args, call, ctx):
    value.column.not_null = True


def _primary(ev, value, args, call, ctx):
    value.column.primary_key = value.column.not_null = True


def _unique_column(ev, value, args, call, ctx):
    column = value.column
    column.unique = True
    column.unique_name = args[0] if args and isinstance(args[0], str) else None
    config = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    column.unique_nulls_not_distinct = config.get("nulls") == "not distinct"


def _default(ev, value, args, call, ctx):
    node = call_arguments(call)[0] if call_arguments(call) else call
    text = ctx.module.source.text_of(node)
    arg = args[0] if args else None
    if isinstance(arg, SqlValue):
        value.column.default = DrizzleDefault("sql", sql=arg.text, text=text)
    elif isinstance(arg, Unknown) or _has_unknown(arg):
        reason = arg.reason if isinstance(arg, Unknown) else "it is computed when the code runs"
        ev.report("unresolved", f"default `{shorten(text, 50)}` could not be read: {reason}", node, ctx)
        value.column.default = DrizzleDefault("unresolved", text=text)
    else:
        value.column.default = DrizzleDefault("value", value=_literal(arg), text=text)


def _literal(value: Any) -> Any:
    """A default's value without the evaluator's bookkeeping (objects become plain dicts)."""
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    return value


def _has_unknown(value: Any) -> bool:
    if isinstance(value, (Unknown, Closure, ColRef, ColumnValue, TableValue)):
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _default_now(ev, value, args, call, ctx):
    value.column.default = DrizzleDefault("now", sql="now()", text="defaultNow()")


def _default_random(ev, value, args, call, ctx):
    value.column.default = DrizzleDefault("random", sql="gen_random_uuid()", text="defaultRandom()")


def _default_fn(ev, value, args, call, ctx):
    value.column.default_fn = _argument_text(call, ctx)


def _on_update(ev, value, args, call, ctx):
    value.column.on_update = _argument_text(call, ctx)


def _argument_text(call, ctx) -> str:
    arguments = call_arguments(call)
    return ctx.module.source.text_of(arguments[0]) if arguments else ""


def _references(ev, value, args, call, ctx):
    config = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    on_delete = config.get("onDelete") if isinstance(config.get("onDelete"), str) else None
    on_update = config.get("onUpdate") if isinstance(config.get("onUpdate"), str) else None
    value.column.references = DrizzleReference(None, None, on_delete, on_update, ctx.module.source.span(call))
    value.references_fn = args[0] if args else None
    value.references_node = (call, ctx)


def _type(ev, value, args, call, ctx):
    arguments = call.child_by_field_name("type_arguments")
    if arguments is not None:
        value.column.ts_type = ctx.module.source.text_of(arguments)[1:-1].strip()


def _identity(ev, value, args, call, ctx):
    kind = "ALWAYS" if value.column.chain[-1] == "generatedAlwaysAsIdentity" else "BY DEFAULT"
    options = {k: plain(v) for k, v in args[0].items()} if args and isinstance(args[0], dict) else {}
    value.column.identity = DrizzleIdentity(kind, options)
    value.column.not_null = True  # identity columns are NOT NULL in PostgreSQL and in drizzle


def _generated(ev, value, args, call, ctx):
    arg = args[0] if args else None
    if isinstance(arg, Closure):
        arg = ev.apply(arg, [], call, ctx)
    if isinstance(arg, SqlValue):
        value.column.generated = arg.text
    elif isinstance(arg, str):
        value.column.generated = arg
    else:
        ev.report("unresolved", "generatedAlwaysAs(): the expression could not be read", call, ctx)


_COLUMN_METHODS = {
    "notNull": _not_null, "primaryKey": _primary, "unique": _unique_column, "default": _default,
    "defaultNow": _default_now, "defaultRandom": _default_random, "$defaultFn": _default_fn, "$default": _default_fn,
    "$onUpdateFn": _on_update, "$onUpdate": _on_update, "references": _references, "$type": _type,
    "generatedAlwaysAsIdentity": _identity, "generatedByDefaultAsIdentity": _identity,
    "generatedAlwaysAs": _generated,
}


# -- tables ------------------------------------------------------------------------------------------

def build_table(ev: DrizzleEvaluator, factory: TableFactory, call, ctx: Ctx) -> Any:
    """pgTable(name, columns, extraConfig?): columns now, extra config once every table is known."""
    nodes = call_arguments(call)
    name = ev.evaluate(nodes[0], ctx) if nodes else None
    if factory.name_fn is not None and isinstance(name, str):
        name = ev.apply(factory.name_fn, [name], call, ctx)
    if not isinstance(name, str):
        reason = f": {name.reason}" if isinstance(name, Unknown) else ""
        ev.report("unresolved", f"{factory.label}(): the table name is not a constant{reason}", nodes[0] if nodes else call, ctx)
        return Unknown(call, ctx.module, "table name is not a constant")
    table = DrizzleTable(name, factory.schema, _variable_of(call, ctx), factory=factory.label,
                         span=ctx.module.source.span(call))
    value = TableValue(table)
    ev.tables.append(value)
    columns = ev.evaluate(nodes[1], ctx) if len(nodes) > 1 else ObjectValue()
    if isinstance(columns, Closure):  # pgTable("x", (t) => ({ id: t.integer() }))
        columns = ev.apply(columns, [Namespace("columns")], call, ctx)
    if not isinstance(columns, dict):
        ev.report("unresolved", f"table `{name}`: its columns could not be read", nodes[1] if len(nodes) > 1 else call, ctx)
        columns = ObjectValue()
    for key, item in columns.items():
        _place_column(ev, table, key, item, columns, ctx)
    for spread in getattr(columns, "unknown_spreads", []):
        ev.report_unknown(spread, f"table `{name}`: columns spread here could not be read")
    for key, node, module in getattr(columns, "duplicates", []):
        ev.report("unsupported", f"table `{name}`: column key `{key}` is declared twice; only the last one counts "
                                 "(and TypeScript rejects the file)", node, module)
    if len(nodes) > 2:
        ev.pending.append(lambda: _extra_config(ev, value, nodes[2], ctx))
    return value


def _place_column(ev, table: DrizzleTable | DrizzleView, key: str, item: Any, columns: dict, ctx: Ctx) -> None:
    node, module = columns.nodes.get(key, (None, ctx.module)) if isinstance(columns, ObjectValue) else (None, ctx.module)
    if not isinstance(item, ColumnValue):
        reason = item.reason if isinstance(item, Unknown) else "not a column builder"
        ev.report("unresolved", f"column `{key}` of table `{table.name}`: {reason}", node, module)
        written = _written_name(node, module)
        column = DrizzleColumn(key, written or column_casing(key, ev.casing), "?", kind="unresolved",
                               name_explicit=written is not None,
                               span=module.source.span(node) if node is not None else table.span)
        table.columns.append(column)
        return
    placed = own_column(item)
    placed.shared = True  # placed in a table: a later change (a reuse elsewhere) must not move it
    column = placed.column
    column.key = key
    if node is not None:  # the column's own line: `key: builder()` here, or in the helper spread in
        column.span = module.source.span(node)
    if not column.name:
        column.name = column_casing(key, ev.casing)
    table.columns.append(column)
    if placed.references_fn is not None:
        ev.pending.append(lambda: _resolve_reference(ev, column, placed))


def _written_name(pair, module) -> str | None:
    """The name an unreadable column gives itself (`unknown("col")…`): the first argument of the
    innermost call of its chain, when that is a string literal."""
    node = pair.child_by_field_name("value") if pair is not None and pair.type == "pair" else None
    while node is not None and node.type in ("call_expression", "member_expression"):
        inner = node.child_by_field_name("function" if node.type == "call_expression" else "object")
        if node.type == "call_expression" and inner is not None and inner.type == "identifier":
            arguments = call_arguments(node)
            return string_value(module.source, arguments[0]) if arguments else None
        node = inner
    return None


def _resolve_reference(ev, column: DrizzleColumn, value: ColumnValue) -> None:
    call, ctx = value.references_node
    target = value.references_fn
    if isinstance(target, Closure):
        target = ev.apply(target, [], call, ctx)
    reference = column.references
    if not isinstance(target, ColRef) or reference is None:
        ev.report("unresolved", f"column `{column.name}`: the referenced column could not be found", call, ctx)
        column.references = None
        return
    reference.table_variable, reference.column_key = target.table.variable, target.key
    reference.schema, reference.table, reference.column = target.table.schema, target.table.name, _column_name(target)


def _extra_config(ev, value: TableValue, node, ctx: Ctx) -> None:
    table = value.table
    function = ev.evaluate(node, ctx)
    result = ev.apply(function, [value], node, ctx) if isinstance(function, Closure) else function
    if isinstance(result, list):
        table.config_form, items = "array", result
    elif isinstance(result, dict):
        table.config_form, items = "object", list(result.values())
    else:
        ev.report("unresolved", f"table `{table.name}`: its indexes and constraints (third argument) could not be read", node, ctx)
        return
    for item in items:
        _add_config_item(ev, table, item, node, ctx)


def _add_config_item(ev, table: DrizzleTable, item: Any, node, ctx: Ctx) -> None:
    if not isinstance(item, ConfigItem):
        where = item.node if isinstance(item, Unknown) else node
        module = item.module if isinstance(item, Unknown) else ctx.module
        reason = item.reason if isinstance(item, Unknown) else "not an index or constraint"
        ev.report("unresolved", f"table `{table.name}`: an index or constraint could not be read ({reason})", where, module)
        return
    if item.kind == "index":
        if not item.item.keys:
            ev.report("unresolved", f"index on `{table.name}` has no columns (.on(...) missing?)", item.node, item.ctx)
        elif item.item.name is None and any(k.expression is not None for k in item.item.keys):
            ev.report("unsupported", f"index on `{table.name}` over an expression has no name: drizzle-kit refuses it",
                      item.node, item.ctx)
        table.indexes.append(item.item)
    elif item.kind == "primary-key":
        table.primary_key = item.item
    elif item.kind == "foreign-key":
        table.foreign_keys.append(item.item)
    elif item.kind == "unique":
        table.uniques.append(item.item)
    elif item.kind == "check":
        table.checks.append(item.item)


def config_method(ev, item: ConfigItem, name: str, call, ctx) -> Any:
    args = [ev.evaluate(a, ctx) for a in call_arguments(call)]
    if item.kind == "index":
        return _index_method(ev, item, name, args, call, ctx)
    if item.kind == "foreign-key" and name in ("onDelete", "onUpdate"):
        action = args[0] if args and isinstance(args[0], str) else None
        if action is not None and action not in ACTIONS:
            ev.report("unsupported", f"unknown referential action `{action}`", call, ctx)
        setattr(item.item, "on_delete" if name == "onDelete" else "on_update", action)
        return item
    if item.kind == "unique" and name == "on":
        item.item.columns = [_column_name(a) for a in args if isinstance(a, ColRef)]
        return item
    if item.kind == "unique" and name == "nullsNotDistinct":
        item.item.nulls_not_distinct = True
        return item
    if item.kind == "ignored":
        return item
    ev.report("unsupported", f"`.{name}()` is not something drizzle-kit reads here", call, ctx)
    return item


def _index_method(ev, item: ConfigItem, name: str, args: list, call, ctx) -> Any:
    index: DrizzleIndex = item.item
    if name in ("on", "onOnly", "using"):
        if name == "using" and args and isinstance(args[0], str):
            index.method, args = args[0], args[1:]
        keys = [_index_key(a) for a in args]
        if any(k is None for k in keys):
            reason = next((a.reason for a in args if isinstance(a, Unknown)), "not a column or an sql`…` expression")
            ev.report("unresolved", f"an index key could not be read: {reason}", call, ctx)
        index.keys += [k for k in keys if k is not None]
    elif name == "where":
        if args and isinstance(args[0], SqlValue):
            index.where = args[0].text
        else:
            ev.report("unresolved", "index .where(): the condition could not be read", call, ctx)
    elif name == "concurrently":
        index.concurrently = True
    elif name == "with" and args and isinstance(args[0], dict):
        index.with_options = {k: plain(v) for k, v in args[0].items()}
    else:
        ev.report("unsupported", f"`.{name}()` on an index is not something drizzle-kit reads here", call, ctx)
    return item


def _index_key(value: Any) -> DrizzleIndexKey | None:
    if isinstance(value, ColRef):
        return DrizzleIndexKey(value.key, _column_name(value), None, value.order, value.nulls, value.opclass)
    if isinstance(value, SqlValue):
        return DrizzleIndexKey(expression=value.text)
    return None


def _column_name(ref: ColRef) -> str:
    column = ref.table.column_by_key(ref.key)
    return column.name if column is not None else ref.key


# -- relations ---------------------------------------------------------------------------------------

def relation_call(ev, helper: Any, call, ctx) -> Any:
    args = [ev.evaluate(a, ctx) for a in call_arguments(call)]
    span = ctx.module.source.span(call)
    if isinstance(helper, RelationHelper):  # v1: one(table, config?) / many(table, config?)
        target = args[0] if args else None
        config = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
        relation = DrizzleRelation("v1", None, "", helper.kind,
                                   target.table.variable or target.table.name if isinstance(target, TableValue) else None,
                                   config.get("relationName") if isinstance(config.get("relationName"), str) else None,
                                   [r.key for r in _list(config.get("fields")) if isinstance(r, ColRef)],
                                   [r.key for r in _list(config.get("references")) if isinstance(r, ColRef)], span=span)
        if relation.target is None:
            ev.report("unresolved", f"{helper.kind}(): the related table could not be read", call, ctx)
        return RelationValue(relation)
    config = args[0] if args and isinstance(args[0], dict) else {}
    sources = [c for c in _list(config.get("from")) if isinstance(c, V2Column)]
    targets = [c for c in _list(config.get("to")) if isinstance(c, V2Column)]
    relation = DrizzleRelation("v2", None, "", helper.kind, helper.table,
                               config.get("alias") if isinstance(config.get("alias"), str) else None,
                               from_columns=[(c.table, c.key) for c in sources],
                               to_columns=[(c.table, c.key) for c in targets],
                               through=[(t.table, t.key) for c in sources + targets for t in c.through],
                               optional=config.get("optional") if isinstance(config.get("optional"), bool) else None,
                               span=span)
    return RelationValue(relation)


def _list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [value] if value is not None else []


# -- helpers -----------------------------------------------------------------------------------------

def _variable_of(call, ctx: Ctx) -> str | None:
    """The `const` a declaration is assigned to, through `(…)`, `as`, and chained calls (`.enableRLS()`)."""
    node = call
    while node.parent is not None:
        parent = node.parent
        if parent.type in TRANSPARENT or (parent.type == "member_expression" and parent.child_by_field_name("object") == node) \
                or (parent.type == "call_expression" and parent.child_by_field_name("function") == node):
            node = parent
            continue
        if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
            return ctx.module.source.text_of(parent.child_by_field_name("name"))
        return None
    return None


def _type_members(call, ctx) -> dict[str, str]:
    """`customType<{ data: string; driverData: Buffer }>`: member name -> type text."""
    arguments = call.child_by_field_name("type_arguments")
    out: dict[str, str] = {}
    if arguments is None:
        return out
    for argument in arguments.named_children:
        if argument.type != "object_type":
            continue
        for member in argument.named_children:
            name = member.child_by_field_name("name")
            annotation = member.child_by_field_name("type")
            if name is not None and annotation is not None:
                out[ctx.module.source.text_of(name)] = ctx.module.source.text_of(annotation).lstrip(":").strip()
    return out
