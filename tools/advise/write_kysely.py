"""Write a query with Kysely against the project's `DB` interface (tables and columns by database name).

Joins keep the query's aliases (`selectFrom("payments as p")`), so the SQL Kysely sends reads like
the SQL it came from. Aggregates use `eb.fn` with the type the `pg` driver returns (count and the
sum/avg of integers and numerics are strings: PostgreSQL returns bigint/numeric for them).
Expressions with no builder method stay SQL in Kysely's `sql` template, typed with the type of the
column they are compared with. Relations (a Prisma include) become `jsonArrayFrom`/`jsonObjectFrom`
subqueries, one query for the whole tree.
"""

from __future__ import annotations

import re

from tools.advise.ir import (Agg, BoolOp, Cmp, Col, Cond, Include, Lit, Not, Order, OutRef, Param, Query, Raw,
                             Source)
from tools.advise.names import OrmNames
from tools.advise.values import TS_TYPES, literal, value_kind
from tools.advise.written import (Writer, Written, chain, escape_template, listing, related_model, relation_pairs, shorten,
                                   sql_ident, ts_key, ts_str, wrap_call)
from tools.prisma.schema import PrismaField, PrismaModel

_OPS = {"=": "=", "<>": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=", "like": "like", "ilike": "ilike",
        "in": "in", "not-in": "not in"}


def write_kysely(query: Query, names: OrmNames) -> Written:
    return KyselyWriter(names).write(query)


def write_kysely_sql(sql: str, params: dict[str, Param], names: OrmNames) -> Written:
    """A statement the builder cannot take as a whole, through Kysely's `sql` template.

    `params` maps the placeholders of `sql` (`$1`, `:from`) to the parameters they stand for.
    """
    writer = KyselyWriter(names)
    writer.use("kysely", "sql")
    text = substitute_placeholders(escape_template(sql), params, lambda p: "${" + writer.param(p, None) + "}")
    writer.notes.append("written with Kysely's sql template: the builder has no method for the whole statement")
    client = names.clients["kysely"]
    return writer.finish(f"(await sql<Record<string, unknown>>`{text}`.execute({client})).rows")


_PLACEHOLDERS = re.compile(r"\$(\d+)\b|(?<!:):([A-Za-z_]\w*)")


def substitute_placeholders(sql: str, params: dict[str, Param], render) -> str:
    """Replace `$n`/`:name` in `sql` (outside strings) by `render(param)`."""
    from tools.advise.sqlread import _code_spans

    out, index = [], 0
    for start, end, code in _code_spans(sql):
        out.append(sql[index:start])
        out.append(_PLACEHOLDERS.sub(lambda m: render(params[m.group(0)]) if m.group(0) in params else m.group(0), code))
        index = end
    out.append(sql[index:])
    return "".join(out)


class KyselyWriter(Writer):
    orm = "kysely"

    def write(self, query: Query) -> Written:
        self.query = query
        self.qualify = bool(query.joins or query.source.alias or query.includes)
        head = self.names.clients["kysely"]
        method = {"select": self.select, "insert": self.insert, "update": self.update, "delete": self.delete,
                  "upsert": self.upsert}[query.kind]
        return self.finish(f"await {chain(head, method(query))}")

    # -- statements -------------------------------------------------------------------------------

    def select(self, query: Query) -> list[str]:
        calls = [f"selectFrom({ts_str(self.table(query.source))})"]
        calls += [self.join(j) for j in query.joins]
        calls += self.selection(query)
        calls += self.where_calls(query.where)
        if query.group_by:
            groups = [self.expr(e) for e in query.group_by]
            calls.append(f"groupBy({groups[0]})" if len(groups) == 1 else f"groupBy([{', '.join(groups)}])")
        if query.having is not None:
            calls += [f"having((eb) => {self.cond(query.having)})"]
        calls += [self.order(o) for o in query.order]
        if query.distinct:
            calls.append("distinct()")
        if query.limit is not None:
            calls.append(f"limit({self.value(query.limit, None, ts='number')})")
        if query.offset is not None:
            calls.append(f"offset({self.value(query.offset, None, ts='number')})")
        calls.append("executeTakeFirst()" if query.single else "execute()")
        return calls

    def insert(self, query: Query) -> list[str]:
        calls = [f"insertInto({ts_str(self.table(query.source))})"]
        if query.rows_from is not None:
            rows_from = query.rows_from
            row = self.mapped_row(lambda: self.row(query.source.model, rows_from.row))
            calls.append(f"values({self.rows_from(rows_from, row)})")
        else:
            rows = [self.row(query.source.model, r) for r in query.rows]
            calls.append(f"values({rows[0]})" if len(rows) == 1 else "values([\n  " + ",\n  ".join(rows) + ",\n])")
        calls.append("returningAll()" if query.returning else "")
        calls.append("execute()")
        return [c for c in calls if c]

    def upsert(self, query: Query) -> list[str]:
        """INSERT … ON CONFLICT (unique columns) DO UPDATE SET …: Prisma's upsert in one statement."""
        columns = ", ".join(ts_str(self.names.kysely_column(f)) for f in query.conflict)
        row = self.row(query.source.model, query.rows[0])
        update = self.row(query.source.model, query.set, fill="update")
        return [f"insertInto({ts_str(self.table(query.source))})", f"values({row})",
                f"onConflict((oc) => oc.columns([{columns}]).doUpdateSet({update}))", "returningAll()",
                "executeTakeFirstOrThrow()"]

    def update(self, query: Query) -> list[str]:
        calls = [f"updateTable({ts_str(self.table(query.source))})",
                 f"set({self.row(query.source.model, query.set, fill='update')})"]
        calls += self.where_calls(query.where)
        calls += ["returningAll()"] if query.returning else []
        return calls + ["execute()"]

    def delete(self, query: Query) -> list[str]:
        calls = [f"deleteFrom({ts_str(self.table(query.source))})"] + self.where_calls(query.where)
        calls += ["returningAll()"] if query.returning else []
        return calls + ["execute()"]

    def row(self, model: PrismaModel, values: dict, fill: str | None = "insert") -> str:
        parts = []
        for name, expr in values.items():
            field = model.field(name)
            parts.append(f"{ts_key(self.names.kysely_column(field))}: {self.value(expr, field)}")
        if fill is not None:
            for name, code in self.client_defaults(model, set(values), update=fill == "update").items():
                parts.append(f"{ts_key(self.names.kysely_column(model.field(name)))}: {code}")
        return "{ " + ", ".join(parts) + " }"

    # -- FROM, JOIN, SELECT -----------------------------------------------------------------------

    def table(self, source: Source) -> str:
        table = self.names.kysely_table(source.model)
        return f"{table} as {source.alias}" if source.alias else table

    def ref(self, col: Col) -> str:
        column = self.names.kysely_column(col.field)
        if not self.qualify:
            return ts_str(column)
        return ts_str(f"{col.source.alias or self.names.kysely_table(col.source.model)}.{column}")

    def join(self, join) -> str:
        method = {"inner": "innerJoin", "left": "leftJoin", "right": "rightJoin", "full": "fullJoin"}[join.kind]
        table = ts_str(self.table(join.source))
        if len(join.on) == 1:
            a, b = join.on[0]
            return f"{method}({table}, {self.ref(a)}, {self.ref(b)})"
        ons = "".join(f".onRef({self.ref(a)}, \"=\", {self.ref(b)})" for a, b in join.on)
        return f"{method}({table}, (join) => join{ons})"

    def selection(self, query: Query) -> list[str]:
        if not query.items and not query.includes:
            return ["selectAll()"]
        plain = all(isinstance(i.expr, Col) for i in query.items) and not query.includes
        if plain:
            refs = [self.item_ref(i) for i in query.items]
            return [f"select({refs[0]})" if len(refs) == 1 else f"select([{', '.join(refs)}])"]
        parts = [self.item_ref(i) if isinstance(i.expr, Col) else self.item_expr(i) for i in query.items]
        calls = ["selectAll(" + ts_str(query.source.alias or self.names.kysely_table(query.source.model)) + ")"] if not query.items else []
        parts += [self.include(inc, query.source) for inc in query.includes]
        parts += [self.count_subquery(f, query.source) for f in query.counts]
        return calls + [f"select((eb) => {listing(parts)})"]

    def item_ref(self, item) -> str:
        ref = self.ref(item.expr)[1:-1]
        if item.alias and item.alias != self.names.kysely_column(item.expr.field):
            return ts_str(f"{ref} as {item.alias}")
        return ts_str(ref)

    def item_expr(self, item) -> str:
        return f"{self.expr(item.expr)}.as({ts_str(item.name)})"

    # -- expressions ------------------------------------------------------------------------------

    def expr(self, expr, ts: str | None = None) -> str:
        if isinstance(expr, Col):
            return self.ref(expr)
        if isinstance(expr, OutRef):
            return ts_str(expr.name)
        if isinstance(expr, Agg):
            return self.aggregate(expr)
        if isinstance(expr, Raw):
            return self.raw(expr, ts)
        return self.value(expr, None)

    def aggregate(self, agg: Agg) -> str:
        if agg.arg is None:
            text = "eb.fn.countAll<string>()"
        else:
            generic = "" if agg.func in ("min", "max") and isinstance(agg.arg, Col) else f"<{_aggregate_type(agg)}>"
            text = f"eb.fn.{agg.func}{generic}({self.expr(agg.arg)})"
        return text + (".distinct()" if agg.distinct else "")

    def raw(self, raw: Raw, ts: str | None = None) -> str:
        self.use("kysely", "sql")
        pieces = []
        for part in raw.parts:
            if isinstance(part, Col):
                pieces.append(self.sql_column(part))
            elif isinstance(part, (Param, Lit)):
                pieces.append("${" + self.value(part, None) + "}")
            else:
                pieces.append(escape_template(part))
        self.notes.append("kept as SQL in Kysely's sql template: " + shorten("".join(
            p if isinstance(p, str) else "…" for p in raw.parts)))
        return f"sql<{ts or raw.ts_type}>`{''.join(pieces)}`"

    def sql_column(self, col: Col) -> str:
        """Always qualified: SQL kept as text may hold a subquery, where a bare name would mean the
        inner table's column."""
        qualifier = col.source.alias or col.source.model.db_name
        return f"{sql_ident(qualifier)}.{sql_ident(self.names.kysely_column(col.field))}"

    # -- WHERE / HAVING / ORDER BY ----------------------------------------------------------------

    def where_calls(self, cond: Cond | None) -> list[str]:
        if cond is None:
            return []
        parts = cond.items if isinstance(cond, BoolOp) and cond.op == "and" else [cond]
        return [self.where_call(part) for part in parts]

    def where_call(self, cond: Cond) -> str:
        if isinstance(cond, Cmp) and isinstance(cond.left, Col):
            if isinstance(cond.right, Col):
                return f"whereRef({self.ref(cond.left)}, {ts_str(_OPS[cond.op])}, {self.ref(cond.right)})"
            return "where(" + ", ".join(self.comparison(cond)) + ")"
        if isinstance(cond, Raw):
            return f"where({self.raw(cond, 'boolean')})"
        return f"where((eb) => {self.cond(cond)})"

    def comparison(self, cond: Cmp) -> list[str]:
        field = cond.left.field if isinstance(cond.left, Col) else None
        left = self.expr(cond.left)
        if isinstance(cond.left, Agg) and isinstance(cond.right, Lit):  # count/sum/avg are typed string
            kind = "string" if cond.left.func in ("count", "sum", "avg") and _aggregate_type(cond.left) == "string" else "number"
            return [left, ts_str(_OPS[cond.op]), literal(cond.right.value, kind)]
        if cond.op in ("is-null", "is-not-null"):
            return [left, '"is"' if cond.op == "is-null" else '"is not"', "null"]
        if isinstance(cond.right, list):
            right = "[" + ", ".join(self.value(v, field) for v in cond.right) + "]"
        elif isinstance(cond.right, Raw):
            right = self.raw(cond.right, self.column_ts(field))
        elif isinstance(cond.right, Col):
            right = f"eb.ref({self.ref(cond.right)})"
        else:
            right = self.value(cond.right, field, cond.op in ("in", "not-in"))
        return [left, ts_str(_OPS[cond.op]), right]

    def cond(self, cond: Cond) -> str:
        if isinstance(cond, BoolOp):
            inner = ", ".join(self.cond(c) for c in cond.items)
            return f"eb.{cond.op}([{inner}])"
        if isinstance(cond, Not):
            return f"eb.not({self.cond(cond.item)})"
        if isinstance(cond, Raw):
            return self.raw(cond, "boolean")
        return "eb(" + ", ".join(self.comparison(cond)) + ")"

    def order(self, order: Order) -> str:
        target = self.expr(order.expr)
        if order.nulls:
            direction = ".desc()" if order.desc else ".asc()"
            return f"orderBy({target}, (ob) => ob{direction}.nulls{order.nulls.capitalize()}())"
        return f"orderBy({target}, \"desc\")" if order.desc else f"orderBy({target})"

    def column_ts(self, field: PrismaField | None) -> str:
        return TS_TYPES[value_kind(field, "kysely")] if field is not None and field.kind != "enum" else "string"

    # -- relations (Prisma include) ---------------------------------------------------------------

    def include(self, inc: Include, parent: Source) -> str:
        self.use("kysely/helpers/postgres", "jsonArrayFrom" if inc.many else "jsonObjectFrom")
        helper = "jsonArrayFrom" if inc.many else "jsonObjectFrom"
        child = Source(inc.model, inc.field.name)
        calls = [f"selectFrom({ts_str(self.table(child))})"]
        calls += self.relation_filter(inc.field, parent, child)
        if inc.columns is None:
            calls.append(f"selectAll({ts_str(child.alias)})")
        else:
            cols = [ts_str(f"{child.alias}.{self.names.kysely_column(f)}") for f in inc.columns]
            calls.append(f"select({listing(cols)})")
        nested = [self.include(i, child) for i in inc.includes] + [self.count_subquery(f, child) for f in inc.counts]
        if nested:
            calls.append(f"select((eb) => {listing(nested)})")
        calls += self.where_calls(inc.where)
        calls += [self.order(o) for o in inc.order]
        if inc.limit is not None:
            calls.append(f"limit({self.value(inc.limit, None, ts='number')})")
        return wrap_call(helper, chain("eb", calls), f".as({ts_str(inc.field.name)})")

    def relation_filter(self, field: PrismaField, parent: Source, child: Source) -> list[str]:
        """How rows of the related table are tied to the parent row (foreign key or join table)."""
        relation = field.relation
        if relation is not None and relation.join_table is not None:
            table = relation.join_table
            here, there = ("A", "B") if table.model_a is parent.model and table.field_a is field else ("B", "A")
            join = ts_str(table.table if table.schema in (None, self.schema.datasource.default_schema) else f"{table.schema}.{table.table}")
            key_there = relation.join_table.model_b if there == "B" else relation.join_table.model_a
            pk = key_there.primary_key.fields[0].field
            return [f"innerJoin({join}, {ts_str(f'{table.table}.{there}')}, {ts_str(f'{child.alias}.{pk.db_name}')})",
                    f"whereRef({ts_str(f'{table.table}.{here}')}, \"=\", {ts_str(self.pk_ref(parent))})"]
        pairs = relation_pairs(field)
        out = []
        for parent_field, child_field in pairs:
            out.append(f"whereRef({ts_str(f'{child.alias}.{child_field.db_name}')}, \"=\", "
                       f"{ts_str(f'{parent.name}.{parent_field.db_name}')})")
        return out

    def pk_ref(self, source: Source) -> str:
        pk = source.model.primary_key.fields[0].field
        return f"{source.name}.{pk.db_name}"

    def count_subquery(self, field: PrismaField, parent: Source) -> str:
        child = Source(related_model(field), f"{field.name}_count")
        calls = [f"selectFrom({ts_str(self.table(child))})",
                 "select((eb) => eb.fn.countAll<string>().as(\"count\"))"] + self.relation_filter(field, parent, child)
        return wrap_call("", chain("eb", calls), f".as({ts_str(field.name + 'Count')})")


def _aggregate_type(agg: Agg) -> str:
    if agg.func == "count":
        return "string"
    field = agg.arg.field if isinstance(agg.arg, Col) else None
    return "number" if field is not None and field.type == "Float" else "string"


