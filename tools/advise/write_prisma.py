"""Write a query with Prisma Client: its query API where it can express the query, `$queryRaw` where not.

Prisma Client's API reads one model at a time with its relations (`findMany` with `where`,
`select`/`include`, `orderBy`, `take`), aggregates one model (`count`, `groupBy`), and writes
(`create`, `createMany`, `updateMany`, `deleteMany`). It has no joins that return flat rows, no
expressions in the select list and no GROUP BY over a join: such queries are written as
`prisma.$queryRaw` with the SQL and its parameters, and the writer says so.
"""

from __future__ import annotations

import re

from tools.advise.ir import Agg, BoolOp, Cmp, Col, Cond, Include, Lit, Not, Order, OutRef, Param, Query, Raw, Unwritable
from tools.advise.names import OrmNames
from tools.advise.written import Writer, Written, escape_template, ts_key, ts_str

_OPERATORS = {"<>": "not", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "in": "in", "not-in": "notIn"}


def write_prisma(query: Query, names: OrmNames) -> Written:
    return PrismaWriter(names).write(query)


def write_prisma_sql(sql: str, params: dict[str, Param], names: OrmNames, row_type: str = "unknown[]") -> Written:
    """`prisma.$queryRaw` (or `$executeRaw` for a write) with the SQL and its parameters interpolated."""
    from tools.advise.write_kysely import substitute_placeholders

    writer = PrismaWriter(names)
    text = substitute_placeholders(escape_template(sql), params, lambda p: "${" + writer.param(p, None) + "}")
    client = names.clients["prisma"]
    is_read = re.match(r"\s*(with|select|values|table)\b", sql, re.I) is not None
    writer.notes.append("Prisma Client has no builder for this query: written as a tagged $queryRaw template "
                        "(parameters are sent as bind values, not spliced into the SQL)")
    method = f"$queryRaw<{row_type}>" if is_read else "$executeRaw"
    return writer.finish(f"await {client}.{method}`{text}`")


class PrismaWriter(Writer):
    orm = "prisma"

    def write(self, query: Query) -> Written:
        if query.joins and query.kind == "select":
            nested = _joins_as_relations(query)
            if nested is not None:
                self.notes.append("the joins follow relations: written as nested selects (Prisma returns the joined "
                                  "columns under each relation, not as flat rows)")
                query = nested
        reason = _needs_sql(query)
        if reason:
            raise Unwritable(f"Prisma Client's query API has no {reason}")
        model = self.names.prisma_model(query.source.model)
        head = f"await {self.names.clients['prisma']}.{model}"
        method, args = {"select": self.select, "insert": self.insert, "update": self.update,
                        "delete": self.delete, "upsert": self.upsert}[query.kind](query)
        return self.finish(f"{head}.{method}({_object(args)})")

    # -- reads ------------------------------------------------------------------------------------

    def select(self, query: Query) -> tuple[str, list[str]]:
        if query.aggregated:
            return self.aggregate(query)
        args = self.where_arg(query.where)
        args += self.selection(query.items, query.includes, query.counts)
        args += self.order_arg(query.order)
        if query.limit is not None and not query.single:
            args.append(f"take: {self.value(query.limit, None, ts='number')}")
        if query.offset is not None:
            args.append(f"skip: {self.value(query.offset, None, ts='number')}")
        if query.distinct and query.items:
            args.append("distinct: [" + ", ".join(ts_str(i.expr.field.name) for i in query.items) + "]")
        return ("findFirst" if query.single or query.limit == Lit(1) else "findMany"), args

    def selection(self, items, includes: list[Include], counts) -> list[str]:
        if not items and not includes and not counts:
            return []
        entries = [f"{ts_key(i.expr.field.name)}: true" for i in items]
        entries += [f"{ts_key(i.field.name)}: {self.include(i)}" for i in includes]
        if counts:
            entries.append("_count: { select: { " + ", ".join(f"{ts_key(f.name)}: true" for f in counts) + " } }")
        key = "select" if items else "include"
        return [f"{key}: {_object(entries)}"]

    def include(self, inc: Include) -> str:
        args = self.where_arg(inc.where) + self.selection(
            [_ColItem(f) for f in inc.columns] if inc.columns is not None else [], inc.includes, inc.counts)
        args += self.order_arg(inc.order)
        if inc.limit is not None:
            args.append(f"take: {self.value(inc.limit, None, ts='number')}")
        return _object(args) if args else "true"

    def aggregate(self, query: Query) -> tuple[str, list[str]]:
        """count() for COUNT(*) alone, groupBy for aggregates of plain columns by plain columns."""
        aggregates = [i for i in query.items if isinstance(i.expr, Agg)]
        if not query.group_by and len(aggregates) == 1 == len(query.items) and aggregates[0].expr.arg is None:
            return "count", self.where_arg(query.where)
        args = ["by: [" + ", ".join(ts_str(e.field.name) for e in query.group_by) + "]"] if query.group_by else []
        method = "groupBy" if query.group_by else "aggregate"
        args += self.where_arg(query.where)
        by_function: dict[str, list[str]] = {}
        for item in aggregates:
            agg = item.expr
            target = "_all" if agg.arg is None else agg.arg.field.name
            by_function.setdefault(f"_{agg.func}", []).append(f"{ts_key(target)}: true")
        args += [f"{name}: {{ {', '.join(dict.fromkeys(values))} }}" for name, values in by_function.items()]
        args += self.order_arg(query.order)
        self.notes.append(f"Prisma's {method} returns aggregates under _count/_sum/…, not under the SQL aliases")
        return method, args

    # -- writes -----------------------------------------------------------------------------------

    def insert(self, query: Query) -> tuple[str, list[str]]:
        model = query.source.model
        if query.rows_from is not None:
            rows_from = query.rows_from
            row = self.mapped_row(lambda: self.row(model, rows_from.row))
            return "createMany", [f"data: {self.rows_from(rows_from, row)}"]
        rows = [self.row(model, r) for r in query.rows]
        if len(rows) == 1:
            return "create", [f"data: {rows[0]}"]
        return "createMany", ["data: [\n  " + ",\n  ".join(rows) + ",\n]"]

    def upsert(self, query: Query) -> tuple[str, list[str]]:
        model = query.source.model
        values = query.rows[0]
        if len(query.conflict) == 1:
            key = query.conflict[0].name
            where = f"{{ {ts_key(key)}: {self.value(values[key], query.conflict[0])} }}"
        else:
            name = _compound_name(model, query.conflict)
            inner = ", ".join(f"{ts_key(f.name)}: {self.value(values[f.name], f)}" for f in query.conflict)
            where = f"{{ {ts_key(name)}: {{ {inner} }} }}"
        return "upsert", [f"where: {where}", f"create: {self.row(model, values)}", f"update: {self.row(model, query.set)}"]

    def update(self, query: Query) -> tuple[str, list[str]]:
        return "updateMany", self.where_arg(query.where) + [f"data: {self.row(query.source.model, query.set)}"]

    def delete(self, query: Query) -> tuple[str, list[str]]:
        return "deleteMany", self.where_arg(query.where)

    def row(self, model, values: dict) -> str:
        return "{ " + ", ".join(f"{ts_key(name)}: {self.value(expr, model.field(name))}" for name, expr in values.items()) + " }"

    # -- where and order --------------------------------------------------------------------------

    def where_arg(self, cond: Cond | None) -> list[str]:
        return [] if cond is None else [f"where: {self.cond(cond)}"]

    def cond(self, cond: Cond) -> str:
        if isinstance(cond, BoolOp):
            parts = [self.cond(c) for c in cond.items]
            if cond.op == "and" and _distinct_keys(cond.items):
                return "{ " + ", ".join(p[2:-2] for p in parts) + " }"
            return "{ " + cond.op.upper() + ": [" + ", ".join(parts) + "] }"
        if isinstance(cond, Not):
            return "{ NOT: " + self.cond(cond.item) + " }"
        return "{ " + self.comparison(cond) + " }"

    def comparison(self, cond: Cmp) -> str:
        field = cond.left.field
        key = ts_key(field.name)
        if cond.op == "is-null":
            return f"{key}: null"
        if cond.op == "is-not-null":
            return f"{key}: {{ not: null }}"
        if cond.op in ("like", "ilike"):
            return f"{key}: {self.like(cond)}"
        if isinstance(cond.right, list):
            value = "[" + ", ".join(self.value(v, field) for v in cond.right) + "]"
        else:
            value = self.value(cond.right, field, cond.op in ("in", "not-in"))
        return f"{key}: {value}" if cond.op == "=" else f"{key}: {{ {_OPERATORS[cond.op]}: {value} }}"

    def like(self, cond: Cmp) -> str:
        pattern = cond.right.value
        mode = ', mode: "insensitive"' if cond.op == "ilike" else ""
        inner = pattern.strip("%")
        if pattern.startswith("%") and pattern.endswith("%"):
            return f"{{ contains: {ts_str(inner)}{mode} }}"
        if pattern.endswith("%"):
            return f"{{ startsWith: {ts_str(inner)}{mode} }}"
        return f"{{ endsWith: {ts_str(inner)}{mode} }}"

    def order_arg(self, orders: list[Order]) -> list[str]:
        if not orders:
            return []
        entries = []
        for order in orders:
            direction = ts_str("desc" if order.desc else "asc")
            if order.nulls:
                direction = f"{{ sort: {direction}, nulls: {ts_str(order.nulls)} }}"
            entries.append(f"{{ {ts_key(_order_name(order.expr))}: {direction} }}")
        return [f"orderBy: {entries[0]}" if len(entries) == 1 else f"orderBy: [{', '.join(entries)}]"]


class _ColItem:
    """An include's column, shaped like a select item for `selection`."""

    def __init__(self, field):
        self.expr = Col(None, field)


def _joins_as_relations(query: Query) -> Query | None:
    """Joins along to-one relations of the base model, selecting plain columns and filtering on the
    base model only, are nested selects in Prisma: `select: { role: true, team: { select: {…} } }`."""
    if query.aggregated or query.group_by or query.having or any(not isinstance(i.expr, Col) for i in query.items):
        return None
    base = query.source
    includes, filters = [], []
    for join in query.joins:
        field = _to_one_relation(base.model, join)
        if field is None or join.kind not in ("inner", "left"):
            return None
        columns = [i.expr.field for i in query.items if i.expr.source is join.source]
        includes.append(Include(field, join.source.model, columns=columns))
        if join.kind == "inner" and field.optional:
            filters.append(Cmp(Col(base, field.relation.fields[0]), "is-not-null"))
    if any(i.expr.source is not base for i in query.items if all(i.expr.source is not j.source for j in query.joins)):
        return None
    if not _only_base_columns(query.where, base) or any(not isinstance(o.expr, Col) or o.expr.source is not base
                                                       for o in query.order):
        return None
    where = query.where
    if filters:
        where = BoolOp("and", ([where] if where is not None else []) + filters)
    items = [i for i in query.items if i.expr.source is base]
    return Query("select", base, items=items, includes=includes, where=where, order=query.order,
                 limit=query.limit, offset=query.offset, single=query.single)


def _to_one_relation(model, join):
    for field in model.relation_fields:
        relation = field.relation
        if relation is None or relation.holder is not field or relation.target is not join.source.model:
            continue
        wanted = {(fk.db_name, ref.db_name) for fk, ref in zip(relation.fields, relation.references)}
        got = set()
        for a, b in join.on:
            pair = (a, b) if a.source is not join.source else (b, a)
            got.add((pair[0].field.db_name, pair[1].field.db_name))
        if got == wanted:
            return field
    return None


def _only_base_columns(cond, base) -> bool:
    if cond is None:
        return True
    if isinstance(cond, BoolOp):
        return all(_only_base_columns(c, base) for c in cond.items)
    if isinstance(cond, Not):
        return _only_base_columns(cond.item, base)
    if isinstance(cond, Raw):
        return False
    return isinstance(cond.left, Col) and cond.left.source is base


def _compound_name(model, fields) -> str:
    """The name Prisma Client gives a compound unique key: its `name:`, else the fields joined by `_`."""
    wanted = [f.name for f in fields]
    for index in model.indexes:
        if index.kind == "unique" and [i.field.name for i in index.fields] == wanted and index.name:
            return index.name
    return "_".join(wanted)


def _order_name(expr) -> str:
    if isinstance(expr, Col):
        return expr.field.name
    if isinstance(expr, Agg) and expr.arg is not None:
        return expr.arg.field.name
    raise Unwritable("ORDER BY an expression")


def _needs_sql(query: Query) -> str | None:
    """Why Prisma Client's API cannot express `query` (None when it can)."""
    if query.joins:
        return "joins that return flat rows"
    exprs = [i.expr for i in query.items] + list(query.group_by) + [o.expr for o in query.order]
    if any(isinstance(e, Raw) or (isinstance(e, Agg) and isinstance(e.arg, Raw)) for e in exprs):
        return "SQL expressions in SELECT, GROUP BY or ORDER BY"
    if query.having is not None:
        return "HAVING written as SQL"
    if query.aggregated and any(not isinstance(e, Col) for e in query.group_by):
        return "GROUP BY on expressions"
    if query.aggregated and any(isinstance(i.expr, Agg) and i.expr.distinct for i in query.items):
        return "COUNT(DISTINCT …)"
    if query.aggregated and any(isinstance(o.expr, OutRef) for o in query.order):
        return "ORDER BY an aggregate alias"
    if query.aggregated and query.includes:
        return "aggregates with relations"
    return _unwritable_condition(query.where)


def _unwritable_condition(cond: Cond | None) -> str | None:
    if cond is None:
        return None
    if isinstance(cond, BoolOp):
        return next((r for r in map(_unwritable_condition, cond.items) if r), None)
    if isinstance(cond, Not):
        return _unwritable_condition(cond.item)
    if isinstance(cond, Raw):
        return "SQL expressions in WHERE (JSON operators, functions)"
    if not isinstance(cond.left, Col) or isinstance(cond.right, (Col, Raw, Agg)):
        return "comparison between columns or expressions"
    if cond.op in ("like", "ilike") and not (isinstance(cond.right, Lit) and isinstance(cond.right.value, str)
                                             and "%" not in cond.right.value.strip("%") and "_" not in cond.right.value):
        return "LIKE with this pattern"
    return None


def _distinct_keys(items: list[Cond]) -> bool:
    keys = [c.left.field.name for c in items if isinstance(c, Cmp) and isinstance(c.left, Col)]
    return len(keys) == len(items) and len(set(keys)) == len(keys)


def _object(entries: list[str]) -> str:
    if not entries:
        return ""
    flat = "{ " + ", ".join(entries) + " }"
    if len(flat) <= 70 and "\n" not in flat:
        return flat
    return "{\n  " + ",\n  ".join(e.replace("\n", "\n  ") for e in entries) + ",\n}"
