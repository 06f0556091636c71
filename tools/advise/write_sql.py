"""Print the query IR as PostgreSQL, with `$1`, `$2`… for its parameters.

Used when a query read from Drizzle or Kysely code has to be written in an ORM whose builder cannot
express it (Prisma Client has no joins that return flat rows, no GROUP BY over a join): that ORM's
raw-SQL form (`prisma.$queryRaw`) then gets this text, with the parameters bound, never spliced.
"""

from __future__ import annotations

from tools.advise.ir import Agg, BoolOp, Col, Cond, Lit, Not, OutRef, Param, Query, Raw, Source, Unwritable
from tools.advise.written import sql_ident

_OPS = {"=": "=", "<>": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=", "like": "LIKE", "ilike": "ILIKE"}


def query_sql(query: Query) -> tuple[str, dict[str, Param]]:
    """The SQL text and the parameters its `$n` placeholders stand for."""
    printer = _SqlPrinter(query)
    text = {"select": printer.select, "insert": printer.insert, "update": printer.update,
            "delete": printer.delete}.get(query.kind, printer.unsupported)()
    return text, printer.params


class _SqlPrinter:
    def __init__(self, query: Query):
        self.query = query
        self.params: dict[str, Param] = {}
        self.qualify = bool(query.joins or query.source.alias)

    def unsupported(self) -> str:
        raise Unwritable(f"an {self.query.kind} as SQL")

    def select(self) -> str:
        q = self.query
        if q.includes or q.counts:
            raise Unwritable("relations (include) as flat SQL")
        items = ", ".join(self.item(i) for i in q.items) or "*"
        lines = [f"SELECT {'DISTINCT ' if q.distinct else ''}{items}", f"FROM {self.table(q.source)}"]
        for join in q.joins:
            on = " AND ".join(f"{self.expr(a)} = {self.expr(b)}" for a, b in join.on)
            lines.append(f"{join.kind.upper()} JOIN {self.table(join.source)} ON {on}")
        if q.where is not None:
            lines.append(f"WHERE {self.cond(q.where)}")
        if q.group_by:
            lines.append("GROUP BY " + ", ".join(self.expr(e) for e in q.group_by))
        if q.having is not None:
            lines.append(f"HAVING {self.cond(q.having)}")
        if q.order:
            lines.append("ORDER BY " + ", ".join(self.expr(o.expr) + (" DESC" if o.desc else "")
                                                 + (f" NULLS {o.nulls.upper()}" if o.nulls else "") for o in q.order))
        for clause, value in (("LIMIT", q.limit), ("OFFSET", q.offset)):
            if value is not None:
                lines.append(f"{clause} {self.expr(value)}")
        return "\n".join(lines)

    def insert(self) -> str:
        q = self.query
        if q.rows_from is not None or not q.rows:
            raise Unwritable("rows built in TypeScript as SQL")
        names = list(q.rows[0])
        fields = [q.source.model.field(n) for n in names]
        rows = ", ".join("(" + ", ".join(self.expr(row[n]) for n in names) + ")" for row in q.rows)
        return (f"INSERT INTO {self.table(q.source)} ({', '.join(sql_ident(f.db_name) for f in fields)})\n"
                f"VALUES {rows}" + ("\nRETURNING *" if q.returning else ""))

    def update(self) -> str:
        q = self.query
        sets = ", ".join(f"{sql_ident(q.source.model.field(n).db_name)} = {self.expr(v)}" for n, v in q.set.items())
        where = f"\nWHERE {self.cond(q.where)}" if q.where is not None else ""
        return f"UPDATE {self.table(q.source)} SET {sets}{where}" + ("\nRETURNING *" if q.returning else "")

    def delete(self) -> str:
        q = self.query
        where = f"\nWHERE {self.cond(q.where)}" if q.where is not None else ""
        return f"DELETE FROM {self.table(q.source)}{where}" + ("\nRETURNING *" if q.returning else "")

    def table(self, source: Source) -> str:
        model = source.model
        name = sql_ident(model.db_name) if not model.schema else f"{sql_ident(model.schema)}.{sql_ident(model.db_name)}"
        return f"{name} AS {sql_ident(source.alias)}" if source.alias else name

    def item(self, item) -> str:
        text = self.expr(item.expr)
        same = isinstance(item.expr, Col) and item.alias in (None, item.expr.field.db_name)
        return text if same or not item.alias else f"{text} AS {sql_ident(item.alias)}"

    def expr(self, expr) -> str:
        if isinstance(expr, Col):
            name = sql_ident(expr.field.db_name)
            return f"{sql_ident(expr.source.alias or expr.source.model.db_name)}.{name}" if self.qualify else name
        if isinstance(expr, Param):
            key = f"${len(self.params) + 1}"
            self.params[key] = expr
            return key
        if isinstance(expr, Lit):
            return _literal(expr.value)
        if isinstance(expr, Agg):
            inner = "*" if expr.arg is None else self.expr(expr.arg)
            return f"{expr.func}({'DISTINCT ' if expr.distinct else ''}{inner})"
        if isinstance(expr, OutRef):
            return sql_ident(expr.name)
        if isinstance(expr, Raw):
            return "".join(p if isinstance(p, str) else self.expr(p) for p in expr.parts)
        raise Unwritable(f"{expr!r} as SQL")

    def cond(self, cond: Cond) -> str:
        if isinstance(cond, BoolOp):
            return "(" + f" {cond.op.upper()} ".join(self.cond(c) for c in cond.items) + ")"
        if isinstance(cond, Not):
            return f"NOT ({self.cond(cond.item)})"
        if isinstance(cond, Raw):
            return self.expr(cond)
        left = self.expr(cond.left)
        if cond.op in ("is-null", "is-not-null"):
            return f"{left} IS {'NOT ' if cond.op == 'is-not-null' else ''}NULL"
        if cond.op in ("in", "not-in"):
            if isinstance(cond.right, list):
                values = ", ".join(self.expr(v) for v in cond.right)
                return f"{left} {'NOT ' if cond.op == 'not-in' else ''}IN ({values})"
            return f"{'NOT (' if cond.op == 'not-in' else ''}{left} = ANY({self.expr(cond.right)}){')' if cond.op == 'not-in' else ''}"
        return f"{left} {_OPS[cond.op]} {self.expr(cond.right)}"


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"
