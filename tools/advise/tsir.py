"""Drizzle and Kysely query chains as the advisor's query IR, resolved against the Prisma schema.

Kysely names tables and columns by their database names (`selectFrom("payments as p")`,
`"p.amount_vnd"`); Drizzle by the schema file's exports and keys (`from(payment)`,
`payment.amountVnd`). Both are mapped back to Prisma models and fields, so the other writers can
print the query. SQL inside `sql` templates is parsed with sqlglot and its column references are
resolved the same way. A method the reader does not know raises `Unwritable` naming it.
"""

from __future__ import annotations

import re
from typing import Any

import sqlglot
from sqlglot.errors import ParseError

from tools.advise.found import FoundQuery
from tools.advise.ir import (Agg, BoolOp, Cmp, Col, Cond, Include, Item, Join, Lit, Not, Order, Param, Query, Raw, RowsFrom,
                             Source, Unwritable)
from tools.advise.names import OrmNames
from tools.advise.sqlir import _Reader
from tools.advise.sqlread import protect_vector_operators
from tools.advise.tschain import Expr, callee, is_sql_template, literal_value, mapped_rows
from tools.prisma.schema import PrismaSchema
from tools.typescript.parse import SourceFile, call_arguments, string_value, unwrap

KYSELY_OPS = {"=": "=", "==": "=", "!=": "<>", "<>": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=", "like": "like",
              "ilike": "ilike", "in": "in", "not in": "not-in", "is": "is", "is not": "is not"}
DRIZZLE_OPS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "like": "like", "ilike": "ilike",
               "inArray": "in", "notInArray": "not-in"}
AGG_FUNCTIONS = {"count": ("count", False), "countDistinct": ("count", True), "countAll": ("count", False),
                 "sum": ("sum", False), "sumDistinct": ("sum", True), "avg": ("avg", False),
                 "avgDistinct": ("avg", True), "min": ("min", False), "max": ("max", False)}
JOINS = {"innerJoin": "inner", "leftJoin": "left", "rightJoin": "right", "fullJoin": "full"}
_TERMINALS = {"execute": False, "executeTakeFirst": True, "executeTakeFirstOrThrow": True, "compile": False,
              "then": False, "prepare": False}


def builder_query(source: SourceFile, found: FoundQuery, schema: PrismaSchema, names: OrmNames | None = None) -> Query:
    reader = (_KyselyIr if found.orm == "kysely" else _DrizzleIr)(source, schema, names or OrmNames(schema))
    return reader.read(found)


class _BuilderIr:
    def __init__(self, source: SourceFile, schema: PrismaSchema, names: OrmNames):
        self.source = source
        self.schema = schema
        self.names = names
        self.sql = _Reader(schema, {})
        self.query: Query | None = None

    def text(self, node) -> str:
        return self.source.text_of(node)

    def value(self, node) -> Any:
        value = literal_value(self.source, node)
        if isinstance(value, Expr):
            return Param(_param_name(value.text), value.text)
        if isinstance(value, (dict, list)):
            raise Unwritable("an object or array used as a value")
        return Lit(value)

    def template(self, node) -> Raw:
        """A sql`…` template: its SQL parsed, columns resolved, `${x}` kept (columns or parameters)."""
        pieces, params = [], {}
        for child in node.children:
            if child.type == "template_substitution":
                inner = child.named_children[0]
                col = self.column_object(inner)
                number = len(params) + 1
                params[f"${number}"] = col if col is not None else Param(_param_name(self.text(inner)), self.text(inner))
                pieces.append(f"${number}")
            elif child.type != "`":
                pieces.append(self.text(child))
        text = "".join(pieces)
        try:
            expression = sqlglot.parse_one(protect_vector_operators(text), dialect="postgres")
        except ParseError:
            raise Unwritable(f"the SQL template `{text[:40]}`") from None
        self.sql.params = {}
        raw = self.sql.raw(expression)
        raw.parts = [_substitute(p, params) for p in raw.parts]
        return raw

    def column_object(self, node):
        """Drizzle only: `table.column` as a Col (Kysely templates name columns in the SQL text)."""
        return None

    def finish(self, steps) -> Query:
        for step in steps:
            if step.name in _TERMINALS:
                self.query.single = self.query.single or _TERMINALS[step.name]
        return self.query


class _KyselyIr(_BuilderIr):
    def read(self, found: FoundQuery) -> Query:
        steps = found.chain.calls()
        first = steps[0]
        table = string_value(self.source, first.args[0]) if first.args else None
        if table is None:
            raise Unwritable(f"{first.name} with a table that is not a string")
        kind = {"selectFrom": "select", "insertInto": "insert", "updateTable": "update", "deleteFrom": "delete"}.get(first.name)
        if kind is None:
            raise Unwritable(f"Kysely's {first.name}")
        self.query = Query(kind, self.source_of(table))
        for step in steps[1:]:
            self.step(step.name, step.args, step.node)
        return self.finish(steps)

    def source_of(self, text: str) -> Source:
        name, _, alias = (part.strip() for part in text.partition(" as "))
        model = self.schema.model_by_table(name.split(".")[-1])
        if model is None:
            raise Unwritable(f"table `{name}` is not a model of the schema")
        source = Source(model, alias or None)
        self.sql.sources.append(source)
        return source

    def step(self, name: str, args: list, node) -> None:
        query = self.query
        if name in JOINS:
            query.joins.append(self.join(JOINS[name], args))
        elif name in ("select", "selectAll"):
            query.items += self.selection(name, args)
        elif name in ("where", "having"):
            cond = self.cond_args(args)
            target = "where" if name == "where" else "having"
            current = getattr(query, target)
            setattr(query, target, cond if current is None else BoolOp("and", _and_items(current) + [cond]))
        elif name == "whereRef":
            cond = Cmp(self.ref(args[0]), KYSELY_OPS[string_value(self.source, args[1])], self.ref(args[2]))
            query.where = cond if query.where is None else BoolOp("and", _and_items(query.where) + [cond])
        elif name == "groupBy":
            query.group_by += self.group(args)
        elif name == "orderBy":
            query.order.append(self.order(args))
        elif name in ("limit", "offset"):
            setattr(query, name, self.value(args[0]))
        elif name == "distinct":
            query.distinct = True
        elif name == "values":
            query.rows = self.rows(args[0])
        elif name == "set":
            query.set = self.row(args[0])
        elif name == "onConflict":
            raise Unwritable("ON CONFLICT")
        elif name in ("returningAll", "returning"):
            query.returning = True
        elif name not in _TERMINALS:
            raise Unwritable(f"Kysely's .{name}()")

    def ref(self, node) -> Col:
        text = string_value(self.source, node)
        if text is None:
            raise Unwritable(f"the reference `{self.text(node)}`")
        qualifier, _, column = text.rpartition(".")
        return self.sql.column(sqlglot.exp.column(column, table=qualifier or None))

    def join(self, kind: str, args: list) -> Join:
        source = self.source_of(string_value(self.source, args[0]) or "")
        if len(args) == 3:
            return Join(kind, source, [(self.ref(args[1]), self.ref(args[2]))])
        body = self.text(args[1])
        pairs = re.findall(r"onRef\(\s*(\"[^\"]+\"|'[^']+')\s*,\s*[\"']=[\"']\s*,\s*(\"[^\"]+\"|'[^']+')\s*\)", body)
        if not pairs:
            raise Unwritable("a join callback other than .onRef(a, \"=\", b)")
        return Join(kind, source, [(self._ref_text(a[1:-1]), self._ref_text(b[1:-1])) for a, b in pairs])

    def _ref_text(self, text: str) -> Col:
        qualifier, _, column = text.rpartition(".")
        return self.sql.column(sqlglot.exp.column(column, table=qualifier or None))

    def selection(self, name: str, args: list) -> list[Item]:
        if name == "selectAll":
            if not args:
                return []
            alias = string_value(self.source, args[0])
            source = next(s for s in self.query.sources if alias in (s.alias, s.model.db_name))
            return [Item(Col(source, f)) for f in source.model.columns if f.kind != "unsupported"]
        arg = unwrap(args[0])
        elements = self.callback_elements(arg)
        return [self.item(e) for e in elements]

    def callback_elements(self, node) -> list:
        if node.type in ("arrow_function", "function_expression"):
            node = unwrap(node.child_by_field_name("body"))
        return [c for c in node.named_children if c.type != "comment"] if node.type == "array" else [node]

    def item(self, node) -> Item:
        node = unwrap(node)
        if node.type in ("arrow_function", "function_expression"):  # select(["a", (eb) => eb.fn…])
            node = unwrap(node.child_by_field_name("body"))
        text = string_value(self.source, node)
        if text is not None:
            ref, _, alias = (part.strip() for part in text.partition(" as "))
            return Item(self._ref_text(ref), alias or None)
        expression, alias = self.aliased(node)
        return Item(expression, alias)

    def aliased(self, node):
        """`<expr>.as("name")` -> (expr, name)."""
        node = _typed_sql(self.source, unwrap(node))
        function = callee(node) if node.type == "call_expression" else None
        if function is not None and function.type == "member_expression" and self.text(function.child_by_field_name("property")) == "as":
            return self.expression(function.child_by_field_name("object")), string_value(self.source, call_arguments(node)[0])
        return self.expression(node), None

    def expression(self, node):
        node = unwrap(node)
        if node.type == "template_string" and is_sql_template(self.source, node):
            return self.template(node)
        text = self.text(node)
        aggregate = self.aggregate(node)
        if aggregate is not None:
            return aggregate
        template = _find_template(self.source, node)
        if template is not None and text.lstrip().startswith("sql"):
            return self.template(template)
        raise Unwritable(f"the Kysely expression `{text[:50]}`")

    def aggregate(self, node) -> Agg | None:
        """`eb.fn.count<T>("x")`, `fn.countAll()`, `….distinct()`, `eb.fn.sum(sql`…`)`."""
        distinct = False
        if node.type == "call_expression" and self.text(callee(node)).endswith(".distinct"):
            distinct, node = True, unwrap(callee(node).child_by_field_name("object"))
        if node.type != "call_expression":
            return None
        match = re.fullmatch(r"(?:eb\.)?fn\.(\w+)", self.text(callee(node)))
        if match is None or match.group(1) not in AGG_FUNCTIONS:
            return None
        func, implied = AGG_FUNCTIONS[match.group(1)]
        args = call_arguments(node)
        if not args:
            return Agg(func, None, distinct or implied)
        arg = unwrap(args[0])
        text = string_value(self.source, arg)
        return Agg(func, self._ref_text(text) if text is not None else self.expression(arg), distinct or implied)

    def cond_args(self, args: list) -> Cond:
        if len(args) == 3:
            left = self.operand(args[0])
            return self.comparison(left, string_value(self.source, args[1]) or "", args[2])
        node = unwrap(args[0])
        if node.type in ("arrow_function", "function_expression"):
            return self.eb_cond(unwrap(node.child_by_field_name("body")))
        return self.template(node) if node.type == "template_string" else self.eb_cond(node)

    def operand(self, node):
        node = unwrap(node)
        if node.type == "string":
            return self.ref(node)
        if node.type in ("arrow_function",):
            return self.expression(unwrap(node.child_by_field_name("body")))
        return self.expression(node)

    def comparison(self, left, op: str, right_node) -> Cond:
        op = KYSELY_OPS.get(op)
        if op is None:
            raise Unwritable("a Kysely operator")
        right = literal_value(self.source, right_node)
        if op in ("is", "is not") and right is None:
            return Cmp(left, "is-null" if op == "is" else "is-not-null")
        if isinstance(right, list):
            return Cmp(left, op, [self.value_of(v, n) for v, n in zip(right, unwrap(right_node).named_children)])
        if unwrap(right_node).type == "template_string" and is_sql_template(self.source, unwrap(right_node)):
            return Cmp(left, op, self.template(unwrap(right_node)))
        value = self.value(right_node)
        if op in ("in", "not-in") and isinstance(value, Param):
            value.list = True
        return Cmp(left, op, value)

    def value_of(self, value, node):
        return self.value(node)

    def eb_cond(self, node) -> Cond:
        node = unwrap(node)
        function = callee(node) if node.type == "call_expression" else None
        name = self.text(function) if function is not None else ""
        args = call_arguments(node) if node.type == "call_expression" else []
        if name == "eb":
            return self.comparison(self.operand(args[0]), string_value(self.source, args[1]) or "", args[2])
        if name in ("eb.and", "eb.or"):
            items = [self.eb_cond(c) for c in unwrap(args[0]).named_children if c.type != "comment"]
            return BoolOp(name[3:], items)
        if name == "eb.not":
            return Not(self.eb_cond(args[0]))
        if node.type == "template_string":
            return self.template(node)
        raise Unwritable(f"the condition `{self.text(node)[:50]}`")

    def group(self, args: list) -> list:
        node = unwrap(args[0])
        elements = [c for c in node.named_children if c.type != "comment"] if node.type == "array" else [node]
        out = []
        for element in elements:
            text = string_value(self.source, element)
            out.append(self._ref_text(text) if text is not None else self.expression(element))
        return out

    def order(self, args: list) -> Order:
        text = string_value(self.source, args[0])
        if text is not None and re.search(r"\s(asc|desc)$", text):
            text, direction = text.rsplit(" ", 1)
            return Order(self.order_target(text), direction == "desc")
        target = self.order_target(text) if text is not None else self.expression(args[0])
        if len(args) < 2:
            return Order(target)
        modifier = self.text(args[1])
        nulls = "first" if "nullsFirst" in modifier else "last" if "nullsLast" in modifier else None
        return Order(target, "desc" in modifier, nulls)

    def order_target(self, text: str):
        from tools.advise.ir import OutRef

        if "." not in text and text in {i.alias for i in self.query.items if i.alias}:
            return OutRef(text)
        return self._ref_text(text)

    def rows(self, node) -> list[dict]:
        node = unwrap(node)
        mapped = mapped_rows(self.source, node)
        if mapped is not None:  # values(list.map((item) => ({ … }))): one row per element
            list_text, item, row = mapped
            self.query.rows_from = RowsFrom(list_text, item, self.row(row))
            return []
        if node.type == "array":
            return [self.row(c) for c in node.named_children if c.type != "comment"]
        if node.type == "object":
            return [self.row(node)]
        raise Unwritable("rows built elsewhere (their columns are not visible here)")

    def row(self, node) -> dict:
        node = unwrap(node)
        if node.type != "object":
            raise Unwritable("a row that is not an object literal")
        out = {}
        model = self.query.source.model
        for pair in node.named_children:
            if pair.type not in ("pair", "shorthand_property_identifier"):
                raise Unwritable("a spread in a row")
            key = self.text(pair.child_by_field_name("key") if pair.type == "pair" else pair).strip("\"'")
            field = self.field_for_key(model, key)
            value_node = pair.child_by_field_name("value") if pair.type == "pair" else pair
            out[field.name] = self.value(value_node)
        return out

    def field_for_key(self, model, key: str):
        field = next((f for f in model.columns if self.names.kysely_column(f) == key), None)
        if field is None:
            raise Unwritable(f"column `{key}` is not in table `{model.db_name}`")
        return field


class _DrizzleIr(_KyselyIr):
    def read(self, found: FoundQuery) -> Query:
        chain = found.chain
        if "query" in chain.names():
            return self.relational(chain)
        steps = chain.calls()
        first = steps[0]
        if first.name in ("select", "selectDistinct"):
            from_step = next((s for s in steps if s.name == "from"), None)
            self.query = Query("select", self.table(from_step.args[0]), distinct=first.name == "selectDistinct")
            rest = [s for s in steps[1:] if s is not from_step]
            selection = first.args
        elif first.name in ("insert", "update", "delete"):
            kind = {"insert": "insert", "update": "update", "delete": "delete"}[first.name]
            self.query = Query(kind, self.table(first.args[0]))
            rest, selection = steps[1:], []
        else:
            raise Unwritable(f"Drizzle's {first.name}")
        for step in rest:
            self.drizzle_step(step.name, step.args)
        if selection:
            self.query.items = self.fields(selection[0])
        return self.finish(steps)

    def table(self, node):
        name = self.text(unwrap(node))
        model = next((m for m in self.schema.models.values() if self.names.drizzle_table(m) == name), None)
        if model is None:
            raise Unwritable(f"`{name}` is not a table of the generated Drizzle schema")
        source = Source(model)
        self.sql.sources.append(source)
        return source

    def column_object(self, node):
        node = unwrap(node)
        if node.type != "member_expression":
            return None
        table = self.text(node.child_by_field_name("object"))
        key = self.text(node.child_by_field_name("property"))
        for source in self.sql.sources:
            if self.names.drizzle_table(source.model) == table:
                field = next((f for f in source.model.columns if self.names.drizzle_column(f) == key), None)
                if field is not None:
                    return Col(source, field)
        return None

    def drizzle_step(self, name: str, args: list) -> None:
        query = self.query
        if name in JOINS:
            source = self.table(args[0])
            cond = self.drizzle_cond(args[1])
            pairs = [(c.left, c.right) for c in _and_items(cond) if isinstance(c, Cmp) and isinstance(c.right, Col)]
            if len(pairs) != len(_and_items(cond)):
                raise Unwritable("a join condition other than eq(column, column)")
            query.joins.append(Join(JOINS[name], source, pairs))
        elif name in ("where", "having"):
            setattr(query, name, self.drizzle_cond(args[0]))
        elif name == "groupBy":
            query.group_by += [self.drizzle_expr(a) for a in args]
        elif name == "orderBy":
            query.order += [self.drizzle_order(a) for a in args]
        elif name in ("limit", "offset"):
            setattr(query, name, self.value(args[0]))
        elif name == "values":
            query.rows = self.rows(args[0])
        elif name == "set":
            query.set = self.row(args[0])
        elif name == "returning":
            query.returning = True
        elif name not in _TERMINALS:
            raise Unwritable(f"Drizzle's .{name}()")

    def field_for_key(self, model, key: str):
        field = next((f for f in model.columns if self.names.drizzle_column(f) == key), None)
        if field is None:
            raise Unwritable(f"`{key}` is not a column of `{self.names.drizzle_table(model)}`")
        return field

    def fields(self, node) -> list[Item]:
        node = unwrap(node)
        if node.type != "object":
            raise Unwritable("a selection that is not an object literal")
        items = []
        for pair in node.named_children:
            if pair.type != "pair":
                raise Unwritable("a spread in the selection")
            key = self.text(pair.child_by_field_name("key")).strip("\"'")
            items.append(Item(self.drizzle_expr(pair.child_by_field_name("value")), key))
        return items

    def drizzle_expr(self, node):
        node = unwrap(node)
        col = self.column_object(node)
        if col is not None:
            return col
        if node.type == "template_string" and is_sql_template(self.source, node):
            return self.template(node)
        if node.type == "call_expression":
            function = callee(node)
            name = self.text(function)
            args = call_arguments(node)
            if name in AGG_FUNCTIONS:
                func, distinct = AGG_FUNCTIONS[name]
                return Agg(func, self.drizzle_expr(args[0]) if args else None, distinct)
            if function.type == "member_expression" and self.text(function.child_by_field_name("property")) in ("mapWith", "as"):
                return self.drizzle_expr(function.child_by_field_name("object"))
        template = _find_template(self.source, node)
        if template is not None:
            return self.template(template)
        raise Unwritable(f"the Drizzle expression `{self.text(node)[:50]}`")

    def drizzle_cond(self, node) -> Cond:
        node = unwrap(node)
        if node.type == "template_string" or _find_template(self.source, node) is not None and node.type != "call_expression":
            return self.template(_find_template(self.source, node) or node)
        if node.type != "call_expression":
            raise Unwritable(f"the condition `{self.text(node)[:50]}`")
        name = self.text(callee(node))
        args = call_arguments(node)
        if name in ("and", "or"):
            return BoolOp(name, [self.drizzle_cond(a) for a in args if self.text(a) != "undefined"])
        if name == "not":
            return Not(self.drizzle_cond(args[0]))
        if name in ("isNull", "isNotNull"):
            return Cmp(self.drizzle_expr(args[0]), "is-null" if name == "isNull" else "is-not-null")
        if name == "between":
            left = self.drizzle_expr(args[0])
            return BoolOp("and", [Cmp(left, ">=", self.value(args[1])), Cmp(left, "<=", self.value(args[2]))])
        if name in DRIZZLE_OPS:
            left = self.drizzle_expr(args[0])
            right_col = self.column_object(args[1])
            if right_col is not None:
                return Cmp(left, DRIZZLE_OPS[name], right_col)
            right = literal_value(self.source, args[1])
            if isinstance(right, list):
                return Cmp(left, DRIZZLE_OPS[name], [self.value(n) for n in unwrap(args[1]).named_children])
            value = self.value(args[1])
            if name in ("inArray", "notInArray") and isinstance(value, Param):
                value.list = True
            return Cmp(left, DRIZZLE_OPS[name], value)
        raise Unwritable(f"the Drizzle operator {name}()")

    def drizzle_order(self, node) -> Order:
        node = unwrap(node)
        if node.type == "call_expression" and self.text(callee(node)) in ("asc", "desc"):
            return Order(self.drizzle_expr(call_arguments(node)[0]), self.text(callee(node)) == "desc")
        return Order(self.drizzle_expr(node))

    # -- the relational query API -----------------------------------------------------------------

    def relational(self, chain) -> Query:
        names = chain.names()
        export = names[names.index("query") + 1]
        model = next((m for m in self.schema.models.values() if self.names.drizzle_table(m) == export), None)
        if model is None:
            raise Unwritable(f"db.query.{export}: not a table of the generated Drizzle schema")
        step = chain.find("findMany", "findFirst")[0]
        self.query = Query("select", Source(model), single=step.name == "findFirst")
        self.sql.sources.append(self.query.source)
        options = unwrap(step.args[0]) if step.args else None
        if options is not None:
            self.relational_options(options, self.query, model)
        return self.query

    def relational_options(self, node, target, model) -> None:
        for pair in (p for p in node.named_children if p.type == "pair"):
            key = self.text(pair.child_by_field_name("key"))
            value = unwrap(pair.child_by_field_name("value"))
            if key == "with":
                target.includes = [self.relation(p, model) for p in value.named_children if p.type == "pair"]
            elif key == "columns":
                fields = [self.field_for_key(model, self.text(p.child_by_field_name("key")))
                          for p in value.named_children if p.type == "pair" and self.text(p.child_by_field_name("value")) == "true"]
                if isinstance(target, Query):
                    target.items = [Item(Col(target.source, f), f.name) for f in fields]
                else:
                    target.columns = fields
            elif key == "where":
                target.where = self.callback_cond(value, model)
            elif key == "limit":
                target.limit = self.value(value)
            elif key != "orderBy":
                raise Unwritable(f"the relational option `{key}`")

    def relation(self, pair, model) -> Include:
        name = self.text(pair.child_by_field_name("key"))
        field = next((f for f in model.relation_fields if self.names.drizzle_relation(f) == name), None)
        if field is None:
            raise Unwritable(f"relation `{name}` of `{model.name}`")
        include = Include(field, self.schema.models[field.type])
        value = unwrap(pair.child_by_field_name("value"))
        if value.type == "object":
            self.relational_options(value, include, include.model)
        return include

    def callback_cond(self, node, model) -> Cond:
        if node.type in ("arrow_function", "function_expression"):
            first = _first_parameter(self.source, node)
            export = self.names.drizzle_table(model)
            body = unwrap(node.child_by_field_name("body"))
            if first is not None and first != export:
                raise Unwritable("a relational where whose table argument is renamed")
            return self.drizzle_cond(body)
        return self.drizzle_cond(node)


def _typed_sql(source: SourceFile, node):
    """tree-sitter 0.23 reads `sql<T>`…`.as("x")` as `sql < T > (`…`.as("x"))`: the right-hand side."""
    while node.type == "binary_expression" and source.text_of(node).lstrip().startswith("sql"):
        node = unwrap(node.child_by_field_name("right"))
    return node


def _first_parameter(source: SourceFile, function) -> str | None:
    single = function.child_by_field_name("parameter")
    if single is not None:
        return source.text_of(single)
    parameters = function.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else []:
        pattern = parameter.child_by_field_name("pattern") or parameter
        return source.text_of(pattern) if pattern.type == "identifier" else None
    return None


def _find_template(source: SourceFile, node):
    for child in [node] + list(node.children):
        if child.type == "template_string" and is_sql_template(source, child):
            return child
    if node.type == "member_expression":
        return _find_template(source, node.child_by_field_name("object"))
    if node.type == "call_expression":
        return _find_template(source, callee(node))
    if node.type == "binary_expression":
        return _find_template(source, node.child_by_field_name("right"))
    return None


def _substitute(part, params: dict):
    if isinstance(part, Param) and part.name.startswith("p") and f"${part.name[1:]}" in params:
        return params[f"${part.name[1:]}"]
    return part


def _and_items(cond: Cond) -> list[Cond]:
    return list(cond.items) if isinstance(cond, BoolOp) and cond.op == "and" else [cond]


def _param_name(text: str) -> str:
    words = re.findall(r"[A-Za-z_$][\w$]*", text)
    return words[-1] if words else "value"
