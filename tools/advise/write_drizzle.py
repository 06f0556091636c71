"""Write a query with Drizzle against the project's generated schema (tables by their exports).

Core queries use `db.select({...}).from(table)` with the operators from `drizzle-orm` (`eq`, `and`,
`count`, `desc`, …); a table that appears twice gets an `alias()`. SQL the builder has no function
for goes into Drizzle's `sql` template with the columns interpolated (`${payment.paidAt}`), so
Drizzle still qualifies and quotes them. Relations (a Prisma include) become the relational query
API, `db.query.<table>.findMany({ with: … })`, which the generated `relations()` make available.
"""

from __future__ import annotations

from tools.advise.ir import Agg, BoolOp, Cmp, Col, Cond, Include, Lit, Not, Order, OutRef, Param, Query, Raw, Source
from tools.advise.names import OrmNames
from tools.advise.values import TS_TYPES, value_kind
from tools.advise.written import (Writer, Written, chain, escape_template, shorten, sql_ident, ts_key, ts_str)
from tools.prisma.schema import PrismaField, PrismaModel

_OPERATORS = {"=": "eq", "<>": "ne", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "like": "like", "ilike": "ilike",
              "in": "inArray", "not-in": "notInArray"}
_AGGREGATES = {("count", False): "count", ("count", True): "countDistinct", ("sum", False): "sum",
               ("sum", True): "sumDistinct", ("avg", False): "avg", ("avg", True): "avgDistinct",
               ("min", False): "min", ("max", False): "max"}


def write_drizzle(query: Query, names: OrmNames) -> Written:
    return DrizzleWriter(names).write(query)


def write_drizzle_sql(sql: str, params: dict[str, Param], names: OrmNames) -> Written:
    """A statement the builder cannot take as a whole, through `db.execute(sql`…`)`."""
    from tools.advise.write_kysely import substitute_placeholders

    writer = DrizzleWriter(names)
    writer.use("drizzle-orm", "sql")
    text = substitute_placeholders(escape_template(sql), params, lambda p: "${" + writer.param(p, None) + "}")
    writer.notes.append("written with db.execute(sql`…`): the builder has no method for the whole statement")
    return writer.finish(f"(await {names.clients['drizzle']}.execute(sql`{text}`)).rows")


class DrizzleWriter(Writer):
    orm = "drizzle"

    query: Query | None = None

    def write(self, query: Query) -> Written:
        self.query = query
        self.aliases = self.table_aliases(query)
        head = self.names.clients["drizzle"]
        if query.kind == "select" and query.includes:
            return self.finish("await " + self.relational(query, head))
        method = {"select": self.select, "insert": self.insert, "update": self.update, "delete": self.delete,
                  "upsert": self.upsert}[query.kind]
        code = f"await {chain(head, method(query))}"
        if query.kind == "select" and query.single:
            code = f"({code})[0]"
        return self.finish(code)

    def table_aliases(self, query: Query) -> dict[int, str]:
        """The TypeScript name of each source: its table export, or an alias() for a repeated table."""
        out: dict[int, str] = {}
        seen: set[str] = set()
        for source in query.sources:
            export = self.names.drizzle_table(source.model)
            self.use(self.names.drizzle_module, export)
            if export in seen:
                name = source.alias or f"{export}{len(seen) + 1}"
                self.use("drizzle-orm/pg-core", "alias")
                self.prelude.append(f"const {name} = alias({export}, {ts_str(name)});")
                out[id(source)] = name
            else:
                out[id(source)] = export
            seen.add(export)
        return out

    # -- statements -------------------------------------------------------------------------------

    def select(self, query: Query) -> list[str]:
        start = "selectDistinct" if query.distinct else "select"
        fields = self.fields(query)
        calls = [f"{start}({fields})", f"from({self.table(query.source)})"]
        calls += [self.join(j) for j in query.joins]
        if query.where is not None:
            calls.append(f"where({self.cond(query.where)})")
        if query.group_by:
            calls.append("groupBy(" + ", ".join(self.expr(e) for e in query.group_by) + ")")
        if query.having is not None:
            calls.append(f"having({self.cond(query.having)})")
        if query.order:
            calls.append("orderBy(" + ", ".join(self.order(o) for o in query.order) + ")")
        limit = query.limit if query.limit is not None or not query.single else None
        if limit is not None:
            calls.append(f"limit({self.value(limit, None, ts='number')})")
        elif query.single:
            calls.append("limit(1)")
        if query.offset is not None:
            calls.append(f"offset({self.value(query.offset, None, ts='number')})")
        return calls

    def fields(self, query: Query) -> str:
        if not query.items:
            return ""
        parts = [f"{ts_key(item.name)}: {self.expr(item.expr)}" for item in query.items]
        return "{\n  " + ",\n  ".join(parts) + ",\n}" if len(parts) > 2 else "{ " + ", ".join(parts) + " }"

    def insert(self, query: Query) -> list[str]:
        calls = [f"insert({self.table(query.source)})"]
        model = query.source.model
        if query.rows_from is not None:
            rows_from = query.rows_from
            calls.append(f"values({self.rows_from(rows_from, self.mapped_row(lambda: self.row(model, rows_from.row)))})")
        else:
            rows = [self.row(model, r) for r in query.rows]
            calls.append(f"values({rows[0]})" if len(rows) == 1 else "values([\n  " + ",\n  ".join(rows) + ",\n])")
        return calls + (["returning()"] if query.returning else [])

    def upsert(self, query: Query) -> list[str]:
        """insert … onConflictDoUpdate({ target, set }): Prisma's upsert in one statement."""
        table = self.table(query.source)
        target = ", ".join(f"{table}.{self.names.drizzle_column(f)}" for f in query.conflict)
        target = target if len(query.conflict) == 1 else f"[{target}]"
        return [f"insert({table})", f"values({self.row(query.source.model, query.rows[0])})",
                f"onConflictDoUpdate({{ target: {target}, set: {self.row(query.source.model, query.set)} }})",
                "returning()"]

    def update(self, query: Query) -> list[str]:
        calls = [f"update({self.table(query.source)})", f"set({self.row(query.source.model, query.set)})"]
        calls += [f"where({self.cond(query.where)})"] if query.where is not None else []
        return calls + (["returning()"] if query.returning else [])

    def delete(self, query: Query) -> list[str]:
        calls = [f"delete({self.table(query.source)})"]
        calls += [f"where({self.cond(query.where)})"] if query.where is not None else []
        return calls + (["returning()"] if query.returning else [])

    def row(self, model: PrismaModel, values: dict) -> str:
        parts = []
        for name, expr in values.items():
            field = model.field(name)
            parts.append(f"{ts_key(self.names.drizzle_column(field))}: {self.value(expr, field)}")
        return "{ " + ", ".join(parts) + " }"

    # -- tables, columns, expressions -------------------------------------------------------------

    def table(self, source: Source) -> str:
        if id(source) in self.aliases:
            return self.aliases[id(source)]
        export = self.names.drizzle_table(source.model)
        self.use(self.names.drizzle_module, export)
        return export

    def column(self, col: Col) -> str:
        return f"{self.table(col.source)}.{self.names.drizzle_column(col.field)}"

    def join(self, join) -> str:
        method = {"inner": "innerJoin", "left": "leftJoin", "right": "rightJoin", "full": "fullJoin"}[join.kind]
        conditions = [self.call("eq", self.column(a), self.column(b)) for a, b in join.on]
        on = conditions[0] if len(conditions) == 1 else self.call("and", *conditions)
        return f"{method}({self.table(join.source)}, {on})"

    def call(self, function: str, *args: str) -> str:
        self.use("drizzle-orm", function)
        return f"{function}({', '.join(args)})"

    def expr(self, expr, ts: str | None = None) -> str:
        if isinstance(expr, Col):
            return self.column(expr)
        if isinstance(expr, Agg):
            if expr.arg is None:
                return self.call("count")
            name = _AGGREGATES.get((expr.func, expr.distinct))
            if name is None:
                return self.raw(Raw([f"{expr.func}(distinct ", expr.arg, ")"]), "unknown")
            return self.call(name, self.expr(expr.arg))
        if isinstance(expr, OutRef):
            # Drizzle does not alias the fields of a select in SQL: repeat the field's expression
            item = next((i for i in self.query.items if i.name == expr.name), None) if self.query else None
            if item is not None:
                return self.expr(item.expr)
            self.use("drizzle-orm", "sql")
            return f"sql`{sql_ident(expr.name)}`"
        if isinstance(expr, Raw):
            return self.raw(expr, ts)
        return self.value(expr, None)

    def raw(self, raw: Raw, ts: str | None = None) -> str:
        self.use("drizzle-orm", "sql")
        pieces = []
        for part in raw.parts:
            if isinstance(part, Col):
                pieces.append("${" + self.column(part) + "}")
            elif isinstance(part, (Param, Lit)):
                pieces.append("${" + self.value(part, None) + "}")
            else:
                pieces.append(escape_template(part))
        self.notes.append("kept as SQL in Drizzle's sql template: " + shorten("".join(
            p if isinstance(p, str) else "…" for p in raw.parts)))
        kind = ts or raw.ts_type
        return f"sql<{kind}>`{''.join(pieces)}`" if kind != "unknown" else f"sql`{''.join(pieces)}`"

    # -- conditions and order ---------------------------------------------------------------------

    def cond(self, cond: Cond) -> str:
        if isinstance(cond, BoolOp):
            return self.call(cond.op, *(self.cond(c) for c in cond.items))
        if isinstance(cond, Not):
            return self.call("not", self.cond(cond.item))
        if isinstance(cond, Raw):
            return self.raw(cond, "unknown")
        return self.comparison(cond)

    def comparison(self, cond: Cmp) -> str:
        field = cond.left.field if isinstance(cond.left, Col) else None
        left = self.expr(cond.left)
        if cond.op in ("is-null", "is-not-null"):
            return self.call("isNull" if cond.op == "is-null" else "isNotNull", left)
        if isinstance(cond.right, list):
            right = "[" + ", ".join(self.value(v, field) for v in cond.right) + "]"
        elif isinstance(cond.right, Raw):
            right = self.raw(cond.right, self.column_ts(field))
        elif isinstance(cond.right, (Col, Agg, OutRef)):
            right = self.expr(cond.right)
        else:
            right = self.value(cond.right, field, cond.op in ("in", "not-in"))
        return self.call(_OPERATORS[cond.op], left, right)

    def order(self, order: Order) -> str:
        target = self.expr(order.expr)
        if order.nulls:
            self.use("drizzle-orm", "sql")
            direction = "desc" if order.desc else "asc"
            return f"sql`${{{target}}} {direction} nulls {order.nulls}`"
        return self.call("desc" if order.desc else "asc", target)

    def column_ts(self, field: PrismaField | None) -> str:
        return TS_TYPES[value_kind(field, "drizzle")] if field is not None and field.kind != "enum" else "string"

    # -- relations: the relational query API ------------------------------------------------------

    def relational(self, query: Query, head: str) -> str:
        if query.joins or query.group_by or any(not isinstance(i.expr, Col) for i in query.items):
            from tools.advise.ir import Unwritable

            raise Unwritable("relations together with joins or aggregates")
        table = self.names.drizzle_table(query.source.model)
        method = "findFirst" if query.single else "findMany"
        options = self.relational_options(query.source.model, [i.expr.field for i in query.items] or None,
                                          query.includes, query.where, query.order, query.limit, query.counts)
        return f"{head}.query.{table}.{method}({options})"

    def relational_options(self, model: PrismaModel, columns, includes: list[Include], where, order, limit,
                           counts: list[PrismaField]) -> str:
        """Options of findMany/findFirst or of a `with` entry. Conditions, order and extras take the
        table as a callback argument: inside a nested `with`, Drizzle gives the table an alias, and
        only the callback's argument refers to it. The argument shadows the table's export on purpose."""
        table = self.names.drizzle_table(model)
        parts = []
        if columns is not None:
            parts.append("columns: { " + ", ".join(f"{ts_key(self.names.drizzle_column(f))}: true" for f in columns) + " }")
        if includes:
            withs = [f"{ts_key(self.names.drizzle_relation(i.field))}: {self.include(i)}" for i in includes]
            parts.append("with: {\n  " + ",\n  ".join(w.replace("\n", "\n  ") for w in withs) + ",\n}")
        if where is not None:
            parts.append(f"where: ({table}) => {self.cond(where)}")
        if order:
            parts.append(f"orderBy: ({table}) => [" + ", ".join(self.order(o) for o in order) + "]")
        if limit is not None:
            parts.append(f"limit: {self.value(limit, None, ts='number')}")
        if counts:
            self.notes.append("Drizzle's relational queries have no _count: counted in a subquery under `extras`")
            parts.append(f"extras: ({table}) => ({{ " + ", ".join(self.count_extra(model, f) for f in counts) + " })")
        if not parts:
            return ""
        return "{\n  " + ",\n  ".join(p.replace("\n", "\n  ") for p in parts) + ",\n}"

    def include(self, inc: Include) -> str:
        options = self.relational_options(inc.model, inc.columns, inc.includes, inc.where, inc.order,
                                          inc.limit if inc.many else None, inc.counts)
        join = inc.field.relation.join_table if inc.field.relation is not None else None
        if join is None:
            return options or "true"
        # An implicit many-to-many goes through its join table in drizzle's relations(): the
        # relation lists join rows, each with a one() to the other model (named as the generator does).
        if inc.where is not None or inc.order or inc.limit is not None:
            from tools.advise.ir import Unwritable

            raise Unwritable(f"a filtered many-to-many relation (`{inc.field.name}`) in Drizzle's relational queries")
        from tools.sync.drizzle_names import camel_case

        side = "B" if join.field_a is inc.field else "A"
        other = join.model_b if side == "B" else join.model_a
        name = camel_case(other.name) + (side if join.model_a is join.model_b else "")
        self.notes.append(f"`{inc.field.name}` goes through the join table {join.table}: each element holds the "
                          f"join row and the related row under `{name}`")
        return "{ with: { " + f"{ts_key(name)}: {options or 'true'}" + " } }"

    def count_extra(self, model: PrismaModel, field: PrismaField) -> str:
        from tools.advise.written import related_model, relation_pairs

        self.use("drizzle-orm", "sql")
        child = related_model(field)
        parent_table = self.names.drizzle_table(model)
        child_table = self.names.drizzle_table(child)
        self.use(self.names.drizzle_module, child_table)
        pairs = relation_pairs(field)
        on = " and ".join(f"${{{child_table}.{self.names.drizzle_column(c)}}} = ${{{parent_table}.{self.names.drizzle_column(p)}}}"
                          for p, c in pairs)
        return (f"{field.name}Count: sql<number>`(select count(*) from ${{{child_table}}} where {on})`"
                f".mapWith(Number).as({ts_str(field.name + 'Count')})")
