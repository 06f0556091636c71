"""A parsed SQL statement (sqlglot) as the advisor's query IR, resolved against the Prisma schema.

Tables resolve to models by their database name (`behavior_logs` -> `BehaviorLog`), columns to
fields by theirs (`b.user_id` -> `BehaviorLog.userId`). Expressions the IR has no node for
(`date_trunc(...)`, `AT TIME ZONE`, casts, JSON operators, window functions) become `Raw` pieces
with their column references still resolved, so each writer can print them with its own `sql`
template. Statements whose shape the builders cannot take as a whole (a CTE, a FROM subquery,
UNION, ON CONFLICT, DISTINCT ON) raise `Unwritable`; the writers then wrap the SQL itself.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from tools.advise.ir import (Agg, BoolOp, Cmp, Col, Cond, Expr, Item, Join, Lit, Not, Order, OutRef, Param, Query, Raw,
                             Source, Unwritable)
from tools.advise.sqlread import restore_vector_operators
from tools.prisma.schema import PrismaSchema

_COMPARISONS = {exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=",
                exp.Like: "like", exp.ILike: "ilike"}
_FLIPPED = {"=": "=", "<>": "<>", ">": "<", ">=": "<=", "<": ">", "<=": ">="}
_AGGREGATES = {exp.Count: "count", exp.Sum: "sum", exp.Avg: "avg", exp.Min: "min", exp.Max: "max"}
_PLACEHOLDER = re.compile(r"__tor_(\d+)__")


def sql_to_query(tree: exp.Expression, schema: PrismaSchema, params: dict[str, str] | None = None,
                 text: str | None = None) -> Query:
    """The IR of one statement; `params` maps `$1` to the TypeScript expression it stands for.

    With the `text` the statement was parsed from (after `protect_vector_operators`), SQL kept as
    `Raw` is cut from it, so `now()` stays `now()` instead of sqlglot's `CURRENT_TIMESTAMP`."""
    reader = _Reader(schema, params or {}, text)
    if isinstance(tree, exp.Select):
        return reader.select(tree)
    if isinstance(tree, exp.Insert):
        return reader.insert(tree)
    if isinstance(tree, exp.Update):
        return reader.update(tree)
    if isinstance(tree, exp.Delete):
        return reader.delete(tree)
    raise Unwritable(f"a {type(tree).__name__.upper()} statement is written as SQL, not with a query builder")


class _Reader:
    def __init__(self, schema: PrismaSchema, params: dict[str, str], text: str | None = None):
        self.schema = schema
        self.params = params
        self.text = text
        self.sources: list[Source] = []
        self.items: list[Item] = []

    # -- statements -------------------------------------------------------------------------------

    def select(self, tree: exp.Select) -> Query:
        for arg, what in (("with_", "a CTE"), ("with", "a CTE")):
            if tree.args.get(arg):
                raise Unwritable(f"{what} (WITH …)")
        if isinstance(tree.args.get("distinct"), exp.Distinct) and tree.args["distinct"].args.get("on"):
            raise Unwritable("DISTINCT ON")
        for unsupported in ("locks", "qualify", "windows"):
            if tree.args.get(unsupported):
                raise Unwritable(f"{unsupported.upper()} clause")
        from_ = tree.args.get("from_") or tree.args.get("from")
        if from_ is None:
            raise Unwritable("a SELECT without FROM")
        query = Query("select", self.source(from_.this))
        query.joins = [self.join(j) for j in tree.args.get("joins") or []]
        query.items = self.items = self.select_items(tree.expressions, query)
        query.where = self.cond(tree.args["where"].this) if tree.args.get("where") else None
        group = tree.args.get("group")
        query.group_by = [self.group_item(e) for e in group.expressions] if group else []
        query.having = self.cond(tree.args["having"].this, outputs=True) if tree.args.get("having") else None
        query.order = [self.order(o) for o in tree.args["order"].expressions] if tree.args.get("order") else []
        query.limit = self.scalar(tree.args["limit"].expression) if tree.args.get("limit") else None
        query.offset = self.scalar(tree.args["offset"].expression) if tree.args.get("offset") else None
        query.distinct = bool(tree.args.get("distinct"))
        return query

    def insert(self, tree: exp.Insert) -> Query:
        if tree.args.get("conflict") is not None:
            raise Unwritable("ON CONFLICT")
        target = tree.this
        table = target.this if isinstance(target, exp.Schema) else target
        query = Query("insert", self.source(table))
        columns = [self.field_of(query.source, i.name) for i in (target.expressions if isinstance(target, exp.Schema) else [])]
        values = tree.expression
        if not isinstance(values, exp.Values) or not columns:
            raise Unwritable("INSERT without a column list and VALUES")
        for row in values.expressions:
            cells = row.expressions if isinstance(row, exp.Tuple) else [row]
            query.rows.append({c.name: self.scalar(v) for c, v in zip(columns, cells, strict=True)})
        query.returning = tree.args.get("returning") is not None
        return query

    def update(self, tree: exp.Update) -> Query:
        query = Query("update", self.source(tree.this))
        for assignment in tree.expressions:
            field = self.field_of(query.source, assignment.this.name)
            query.set[field.name] = self.scalar(assignment.expression)
        query.where = self.cond(tree.args["where"].this) if tree.args.get("where") else None
        query.returning = tree.args.get("returning") is not None
        return query

    def delete(self, tree: exp.Delete) -> Query:
        query = Query("delete", self.source(tree.this))
        query.where = self.cond(tree.args["where"].this) if tree.args.get("where") else None
        query.returning = tree.args.get("returning") is not None
        return query

    # -- tables and columns -----------------------------------------------------------------------

    def source(self, node: exp.Expression) -> Source:
        if not isinstance(node, exp.Table):
            raise Unwritable("FROM a subquery or a function")
        model = self.schema.model_by_table(node.name) or self.schema.model(node.name)
        if model is None:
            raise Unwritable(f"table `{node.name}` is not a model of the schema")
        source = Source(model, node.alias or None)
        self.sources.append(source)
        return source

    def join(self, node: exp.Join) -> Join:
        kind = (node.side or "inner").lower()
        if (node.kind or "").upper() == "CROSS" or node.args.get("using"):
            raise Unwritable("CROSS JOIN or JOIN … USING")
        source = self.source(node.this)
        pairs = []
        for part in _conjuncts(node.args.get("on")):
            if not (isinstance(part, exp.EQ) and isinstance(part.this, exp.Column) and isinstance(part.expression, exp.Column)):
                raise Unwritable("a join condition other than column = column")
            pairs.append((self.column(part.this), self.column(part.expression)))
        if not pairs:
            raise Unwritable("a join without ON")
        return Join(kind, source, pairs)

    def field_of(self, source: Source, name: str):
        for field in source.model.columns:
            if field.db_name == name:
                return field
        raise Unwritable(f"column `{name}` is not in table `{source.model.db_name}`")

    def column(self, node: exp.Column) -> Col:
        qualifier = node.table
        candidates = [s for s in self.sources if not qualifier or qualifier in (s.alias, s.model.db_name)]
        matches = [(s, f) for s in candidates for f in s.model.columns if f.db_name == node.name]
        if len(matches) != 1:
            where = f"`{qualifier}.{node.name}`" if qualifier else f"`{node.name}`"
            raise Unwritable(f"column {where} is {'ambiguous' if matches else 'not in the tables of the query'}")
        return Col(*matches[0])

    # -- expressions ------------------------------------------------------------------------------

    def select_items(self, nodes: list[exp.Expression], query: Query) -> list[Item]:
        items: list[Item] = []
        for node in nodes:
            if isinstance(node, exp.Star):
                if query.joins:
                    raise Unwritable("SELECT * over a join")
                return []
            if isinstance(node, exp.Column) and isinstance(node.this, exp.Star):
                source = next((s for s in query.sources if node.table in (s.alias, s.model.db_name)), None)
                if source is None:
                    raise Unwritable(f"`{node.table}.*`")
                items += [Item(Col(source, f)) for f in source.model.columns if f.kind != "unsupported"]
                continue
            alias = node.alias if isinstance(node, exp.Alias) else None
            inner = node.this if isinstance(node, exp.Alias) else node
            expr = self.scalar(inner)
            items.append(Item(expr, alias or (None if isinstance(expr, Col) else inner.output_name or _function_name(inner))))
        return items

    def group_item(self, node: exp.Expression) -> Expr:
        if isinstance(node, exp.Literal) and not node.is_string:
            return self.items[int(node.this) - 1].expr
        return self.scalar(node)

    def order(self, node: exp.Ordered) -> Order:
        target = node.this
        expr: Expr
        if isinstance(target, exp.Literal) and not target.is_string:
            expr = OutRef(self.items[int(target.this) - 1].name)
        elif isinstance(target, exp.Column) and not target.table and target.name in {i.alias for i in self.items if i.alias}:
            expr = OutRef(target.name)
        else:
            expr = self.scalar(target)
        written = "NULLS" in node.sql(dialect="postgres").upper()
        nulls = ("first" if node.args.get("nulls_first") else "last") if written else None
        return Order(expr, bool(node.args.get("desc")), nulls)

    def scalar(self, node: exp.Expression) -> Expr:
        node = _strip_parens(node)
        if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
            return self.column(node)
        if isinstance(node, exp.Literal):
            return Lit(node.this if node.is_string else _number(node.this))
        if isinstance(node, exp.Boolean):
            return Lit(bool(node.this))
        if isinstance(node, exp.Null):
            return Lit(None)
        if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
            return Lit(-_number(node.this.this))
        if isinstance(node, (exp.Parameter, exp.Placeholder)):
            return self.param(node)
        if type(node) in _AGGREGATES and not isinstance(node.parent, exp.Window):
            return self.aggregate(node)
        return self.raw(node)

    def aggregate(self, node: exp.Expression) -> Expr:
        func = _AGGREGATES[type(node)]
        arg = node.this
        distinct = isinstance(arg, exp.Distinct)
        if distinct:
            if len(arg.expressions) != 1:
                return self.raw(node)
            arg = arg.expressions[0]
        if isinstance(arg, exp.Star) or (func == "count" and arg is None):
            return Agg("count", None, distinct)
        inner = self.scalar(arg)
        if not isinstance(inner, Col):
            return self.raw(node)
        return Agg(func, inner, distinct)

    def param(self, node: exp.Expression) -> Param:
        if isinstance(node, exp.Placeholder):
            name = node.name or "param"
            return Param(name, self.params.get(f":{name}"))
        number = node.this.this if isinstance(node.this, exp.Literal) else str(node.this)
        text = self.params.get(f"${number}")
        return Param(_identifier(text) if text else f"p{number}", text)

    def raw(self, node: exp.Expression) -> Raw:
        """The expression as SQL text, with columns and parameters as resolved parts."""
        original = self.original_raw(node) if self.text is not None else None
        if original is not None:
            return original
        copy = node.copy()
        pieces: list = []
        for target in list(copy.find_all(exp.Column, exp.Parameter, exp.Placeholder)):
            if isinstance(target, exp.Column) and isinstance(target.this, exp.Star):
                continue
            value = self.column(target) if isinstance(target, exp.Column) else self.param(target)
            pieces.append(value)
            placeholder = exp.column(f"__tor_{len(pieces) - 1}__")
            if target is copy:
                return Raw([value])
            target.replace(placeholder)
        text = restore_vector_operators(copy.sql(dialect="postgres", normalize_functions="lower"))
        parts: list = []
        for index, chunk in enumerate(_PLACEHOLDER.split(text)):
            if index % 2:
                parts.append(pieces[int(chunk)])
            elif chunk:
                parts.append(chunk)
        return Raw(parts, sql_value_type(node))

    def original_raw(self, node: exp.Expression) -> Raw | None:
        """The expression cut from the SQL as written, when its span can be told from token positions
        (and re-parsing the cut text gives the same expression); None otherwise."""
        span = _source_span(node, self.text)
        if span is None:
            return None
        start, end = span
        cuts = []
        for target in node.find_all(exp.Column, exp.Parameter, exp.Placeholder):
            if isinstance(target, exp.Column) and isinstance(target.this, exp.Star):
                continue
            place = _source_span(target, self.text, check=False)
            if place is None:
                return None
            value = self.column(target) if isinstance(target, exp.Column) else self.param(target)
            cuts.append((place[0], place[1], value))
        parts: list = []
        at = start
        for cut_start, cut_end, value in sorted(cuts, key=lambda c: c[0]):
            if cut_start > at:
                parts.append(restore_vector_operators(self.text[at:cut_start]))
            parts.append(value)
            at = cut_end
        if at < end:
            parts.append(restore_vector_operators(self.text[at:end]))
        return Raw(parts, sql_value_type(node))

    # -- conditions -------------------------------------------------------------------------------

    def cond(self, node: exp.Expression, outputs: bool = False) -> Cond:
        node = _strip_parens(node)
        if isinstance(node, (exp.And, exp.Or)):
            op = "and" if isinstance(node, exp.And) else "or"
            items = [self.cond(part, outputs) for part in _flatten(node, type(node))]
            return BoolOp(op, items)
        if isinstance(node, exp.Not):
            inner = _strip_parens(node.this)
            if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
                return Cmp(self.operand(inner.this, outputs), "is-not-null")
            return Not(self.cond(inner, outputs))
        if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):  # sqlglot 30: IS NOT NULL = negate
            return Cmp(self.operand(node.this, outputs), "is-not-null" if node.args.get("negate") else "is-null")
        if isinstance(node, exp.Between):
            left = self.operand(node.this, outputs)
            return BoolOp("and", [Cmp(left, ">=", self.scalar(node.args["low"])),
                                  Cmp(left, "<=", self.scalar(node.args["high"]))])
        if isinstance(node, exp.In) and not node.args.get("query") and not node.args.get("unnest"):
            return Cmp(self.operand(node.this, outputs), "in", [self.scalar(e) for e in node.expressions])
        if type(node) in _COMPARISONS:
            return self.comparison(node, outputs)
        return self.raw(node)

    def comparison(self, node: exp.Expression, outputs: bool) -> Cond:
        op = _COMPARISONS[type(node)]
        left, right = node.this, node.expression
        if op == "=" and isinstance(right, exp.Any) and isinstance(_strip_parens(right.this), (exp.Parameter, exp.Placeholder)):
            param = self.param(_strip_parens(right.this))
            param.list = True
            return Cmp(self.operand(left, outputs), "in", param)
        if not _is_operand(left) and _is_operand(right) and op in _FLIPPED:
            left, right, op = right, left, _FLIPPED[op]
        if not _is_operand(left):
            return self.raw(node)
        return Cmp(self.operand(left, outputs), op, self.scalar(right))

    def operand(self, node: exp.Expression, outputs: bool) -> Expr:
        node = _strip_parens(node)
        if outputs and isinstance(node, exp.Column) and not node.table and node.name in {i.alias for i in self.items}:
            return OutRef(node.name)
        return self.scalar(node)


# The TypeScript type the `pg` driver gives the result of an SQL expression, by its outermost node.
_RESULT_TYPES: dict[type, str] = {
    exp.TimeToStr: "string", exp.Concat: "string", exp.Lower: "string", exp.Upper: "string", exp.Substring: "string",
    exp.Trim: "string", exp.Initcap: "string", exp.JSONExtractScalar: "string", exp.JSONBExtractScalar: "string",
    exp.TimestampTrunc: "Date", exp.DateTrunc: "Date", exp.CurrentTimestamp: "Date", exp.CurrentDate: "Date",
    exp.Extract: "string", exp.Length: "number", exp.Operator: "number",
    exp.EQ: "boolean", exp.NEQ: "boolean", exp.GT: "boolean", exp.GTE: "boolean", exp.LT: "boolean",
    exp.LTE: "boolean", exp.Like: "boolean", exp.ILike: "boolean", exp.And: "boolean", exp.Or: "boolean",
    exp.Not: "boolean", exp.Is: "boolean", exp.In: "boolean", exp.Exists: "boolean", exp.ArrayContainsAll: "boolean",
    exp.JSONBContains: "boolean", exp.JSONBContainsAnyTopKeys: "boolean", exp.JSONBContainsAllTopKeys: "boolean",
}


def sql_value_type(node: exp.Expression) -> str:
    """`to_char(...)` -> string, `date_trunc(...)` -> Date, a comparison -> boolean, else unknown."""
    node = _strip_parens(node)
    if isinstance(node, exp.Window):  # row_number/rank/count return bigint, which pg hands over as a string
        return "number" if isinstance(node.this, exp.Ntile) else "string" \
            if isinstance(node.this, (exp.Count, exp.Sum, exp.Avg, exp.RowNumber, exp.Rank, exp.DenseRank)) else "unknown"
    if isinstance(node, exp.Count):
        return "string"
    return _RESULT_TYPES.get(type(node), "unknown")


_CAST_SUFFIX = re.compile(r"\s*::\s*[A-Za-z_][\w.]*(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])*")


def _source_span(node: exp.Expression, text: str, check: bool = True) -> tuple[int, int] | None:
    """[start, end) of `node` in `text`, from the positions sqlglot records on tokens."""
    metas = [n.meta for n in node.walk() if n.meta and "start" in n.meta]
    if not metas:
        return None
    start = min(m["start"] for m in metas)
    end = max(m["end"] for m in metas) + 1
    if start > 0 and text[start - 1] == "$":  # `$1`: the position is the number's
        start -= 1
    start, end = _balanced(text, start, end)
    cast = _CAST_SUFFIX.match(text, end)
    ends = [end, cast.end()] if cast else [end]  # `$1::vector`: the cast's type has no position
    if not check:
        return start, ends[-1] if isinstance(node, exp.Cast) else end
    wanted = node.sql(dialect="postgres")
    for candidate in ends:
        try:
            again = sqlglot.parse_one(text[start:candidate], dialect="postgres")
        except Exception:  # noqa: BLE001 - any failure to re-read the cut text means "not this span"
            continue
        if again is not None and again.sql(dialect="postgres") == wanted:
            return start, candidate
    return None


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) until its parentheses balance (strings and quoted names skipped)."""
    depth = _paren_depth(text[start:end])
    while depth > 0 and end < len(text):
        end = _next_close(text, end)
        depth = _paren_depth(text[start:end])
    while depth < 0 and start > 0:
        start = text.rfind("(", 0, start)
        if start < 0:
            return 0, end
        depth = _paren_depth(text[start:end])
    return start, end


def _paren_depth(segment: str) -> int:
    stripped = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "", segment)
    return stripped.count("(") - stripped.count(")")


def _next_close(text: str, at: int) -> int:
    index = text.find(")", at)
    return len(text) if index < 0 else index + 1


def _is_operand(node: exp.Expression) -> bool:
    node = _strip_parens(node)
    return isinstance(node, exp.Column) or type(node) in _AGGREGATES


def _strip_parens(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _flatten(node: exp.Expression, kind: type) -> list[exp.Expression]:
    out = []
    for side in (node.this, node.expression):
        side = _strip_parens(side)
        out += _flatten(side, kind) if isinstance(side, kind) else [side]
    return out


def _conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    if node is None:
        return []
    node = _strip_parens(node)
    return _flatten(node, exp.And) if isinstance(node, exp.And) else [node]


def _number(text: str) -> int | float:
    return float(text) if any(c in text for c in ".eE") else int(text)


def _function_name(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return None


def _identifier(text: str) -> str:
    """A parameter name from a TypeScript expression (`request.query.from` -> `from`)."""
    words = re.findall(r"[A-Za-z_$][\w$]*", text)
    return words[-1] if words else "value"
