"""Prisma Client calls in TypeScript: their features and their query IR.

A call is `<client>.<model>.<operation>(args)` where `<model>` is a model of the schema with a
lower-case first letter (so the client's variable name does not matter: `prisma`, `this.prisma`,
`tx`, `ctx.db`), or `<client>.$queryRaw` / `$queryRawUnsafe` / `$executeRaw` / `$transaction`.
The argument object is read as data: `include`/`select` give the relation tree (depth and count),
`where` gives relation filters (each one a join in SQL) and Json path filters, `groupBy`/`_count`
/`_sum` give aggregates, `createMany({ data: [...] })` gives the batch size.
"""

from __future__ import annotations

from typing import Any

from tools.advise.features import QueryFeatures
from tools.advise.ir import (Agg, BoolOp, Cmp, Col, Cond, Include, Item, Lit, Not, Order, Param, Query, Raw, RowsFrom,
                             Source, Unwritable)
from tools.advise.names import lower_first
from tools.advise.tschain import Chain, Expr, literal_value, mapped_rows
from tools.prisma.schema import PrismaModel, PrismaSchema
from tools.typescript.parse import SourceFile

READS = frozenset(("findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow", "count",
                   "aggregate", "groupBy"))
WRITES = frozenset(("create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn",
                    "upsert", "delete", "deleteMany"))
RAW = frozenset(("$queryRaw", "$queryRawUnsafe", "$executeRaw", "$executeRawUnsafe", "$queryRawTyped"))
RELATION_FILTERS = frozenset(("some", "every", "none", "is", "isNot"))
JSON_FILTERS = frozenset(("path", "string_contains", "string_starts_with", "string_ends_with", "array_contains",
                          "array_starts_with", "array_ends_with"))
AGGREGATE_KEYS = {"_count": "count", "_sum": "sum", "_avg": "avg", "_min": "min", "_max": "max"}


def model_accessors(schema: PrismaSchema) -> dict[str, PrismaModel]:
    return {lower_first(m.name): m for m in schema.models.values()}


def prisma_call(chain: Chain, schema: PrismaSchema) -> tuple[PrismaModel | None, str] | None:
    """(model, operation) when `chain` is a Prisma Client call, (None, "$queryRaw"…) for raw ones."""
    accessors = model_accessors(schema)
    steps = chain.steps
    for index, step in enumerate(steps[:-1]):
        after = steps[index + 1]
        if not step.call and step.name in accessors and after.call and after.name in READS | WRITES:
            return accessors[step.name], after.name
    for step in steps:
        if step.call and step.name in RAW | {"$transaction"}:
            return None, step.name
    return None


def prisma_features(source: SourceFile, chain: Chain, model: PrismaModel, operation: str,
                    schema: PrismaSchema) -> QueryFeatures:
    f = QueryFeatures("prisma", operation="read" if operation in READS else "write", statement=operation)
    f.tables.append(model.name)
    step = next(s for s in chain.steps if s.call and s.name == operation)
    args = literal_value(source, step.args[0]) if step.args else {}
    args = args if isinstance(args, dict) else {}
    _relations(args, model, schema, f, depth=0)
    _where(args.get("where"), model, schema, f)
    for key, name in AGGREGATE_KEYS.items():
        if key in args and key != "_count" or (key == "_count" and operation in ("groupBy", "aggregate") and key in args):
            f.add("aggregates", name)
    if operation == "count":
        f.add("aggregates", "count")
    if operation == "groupBy":
        f.group_by = True
        f.having = "having" in args
    if operation.startswith("createMany"):
        data = args.get("data")
        if isinstance(data, list):
            f.batch_size = len(data)
        else:
            f.batch_dynamic = True
    if operation == "upsert":
        f.statement = "upsert"
    f.distinct = "distinct" in args
    return f


def _relations(args: dict, model: PrismaModel, schema: PrismaSchema, f: QueryFeatures, depth: int) -> None:
    """Depth and number of relations loaded through include/select (and `_count` of relations)."""
    for key in ("include", "select"):
        tree = args.get(key)
        if not isinstance(tree, dict):
            continue
        for name, value in tree.items():
            if name == "_count":
                f.add("aggregates", "count")
                continue
            field = model.field(name)
            if field is None or field.kind != "relation" or value is False:
                continue
            f.relations += 1
            f.include_depth = max(f.include_depth, depth + 1)
            target = schema.models.get(field.type)
            if isinstance(value, dict) and target is not None:
                _relations(value, target, schema, f, depth + 1)
                _where(value.get("where"), target, schema, f)


def _where(where: Any, model: PrismaModel, schema: PrismaSchema, f: QueryFeatures) -> None:
    if isinstance(where, list):
        for part in where:
            _where(part, model, schema, f)
        return
    if not isinstance(where, dict):
        return
    for key, value in where.items():
        if key in ("AND", "OR", "NOT"):
            _where(value, model, schema, f)
            continue
        field = model.field(key)
        if field is None:
            continue
        if field.kind == "relation" and isinstance(value, dict):
            f.joins += 1
            f.join_kinds.append("semi")
            target = schema.models.get(field.type)
            for filter_name, inner in value.items():
                if filter_name in RELATION_FILTERS and target is not None:
                    _where(inner, target, schema, f)
            if not any(k in RELATION_FILTERS for k in value) and target is not None:
                _where(value, target, schema, f)
        elif field.type == "Json" and isinstance(value, dict) and JSON_FILTERS & set(value):
            f.add("jsonb_operators", "path" if "path" in value else next(iter(JSON_FILTERS & set(value))))


# -- IR -------------------------------------------------------------------------------------------------

def prisma_query(source: SourceFile, chain: Chain, model: PrismaModel, operation: str,
                 schema: PrismaSchema) -> Query:
    """The IR of a Prisma Client call (reads, count, groupBy, create/createMany/update/delete)."""
    step = next(s for s in chain.steps if s.call and s.name == operation)
    args = literal_value(source, step.args[0]) if step.args else {}
    if not isinstance(args, dict):
        raise Unwritable("the call's argument is not an object literal")
    reader = _PrismaIr(schema)
    src = Source(model)
    if operation in ("findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow"):
        return reader.find(src, args, single=not operation.startswith("findMany"))
    if operation == "count":
        return Query("select", src, items=[Item(Agg("count", None), "count")], where=reader.where(src, args.get("where")))
    if operation == "groupBy":
        return reader.group_by(src, args)
    if operation in ("create", "createMany", "createManyAndReturn"):
        return reader.create(src, args, source)
    if operation == "upsert":
        return reader.upsert(src, args)
    if operation in ("update", "updateMany", "updateManyAndReturn"):
        return Query("update", src, where=reader.where(src, args.get("where")), set=reader.data(src, args.get("data")),
                     returning=operation == "update")
    if operation in ("delete", "deleteMany"):
        return Query("delete", src, where=reader.where(src, args.get("where")), returning=operation == "delete")
    raise Unwritable(f"prisma.{lower_first(model.name)}.{operation}")


class _PrismaIr:
    def __init__(self, schema: PrismaSchema):
        self.schema = schema

    def find(self, src: Source, args: dict, single: bool) -> Query:
        query = Query("select", src, single=single)
        query.where = self.where(src, args.get("where"))
        query.items, query.includes, query.counts = self.selection(src.model, args)
        query.order = self.order(src, args.get("orderBy"))
        query.limit = self.scalar(args["take"]) if "take" in args else None
        query.offset = self.scalar(args["skip"]) if "skip" in args else None
        if "distinct" in args:
            raise Unwritable("distinct on fields")
        return query

    def selection(self, model: PrismaModel, args: dict):
        items, includes, counts = [], [], []
        for key in ("select", "include"):
            tree = args.get(key)
            if not isinstance(tree, dict):
                continue
            for name, value in tree.items():
                if name == "_count":
                    counts += [model.field(n) for n in (value.get("select", {}) if isinstance(value, dict) else {})
                               if model.field(n) is not None]
                    continue
                field = model.field(name)
                if field is None or value is False:
                    continue
                if field.kind == "relation":
                    includes.append(self.include(field, value))
                elif key == "select":
                    items.append(Item(Col(Source(model), field), field.name))
        return items, includes, counts

    def include(self, field, value) -> Include:
        target = self.schema.models[field.type]
        inc = Include(field, target)
        if isinstance(value, dict):
            items, inc.includes, inc.counts = self.selection(target, value)
            inc.columns = [i.expr.field for i in items] if "select" in value else None
            src = Source(target, field.name)
            inc.where = self.where(src, value.get("where"))
            inc.order = self.order(src, value.get("orderBy"))
            inc.limit = self.scalar(value["take"]) if "take" in value else None
        return inc

    def group_by(self, src: Source, args: dict) -> Query:
        by = args.get("by")
        by = [by] if isinstance(by, str) else by
        if not isinstance(by, list) or not all(isinstance(b, str) for b in by):
            raise Unwritable("groupBy with a computed `by`")
        columns = [Col(src, self.field(src.model, b)) for b in by]
        items = [Item(c, c.field.name) for c in columns]
        for key, func in AGGREGATE_KEYS.items():
            spec = args.get(key)
            if spec is True and key == "_count":
                items.append(Item(Agg("count", None), "_count"))
            for name in (spec if isinstance(spec, dict) else {}):
                arg = None if name == "_all" else Col(src, self.field(src.model, name))
                items.append(Item(Agg(func, arg), f"{key}_{name}"))
        query = Query("select", src, items=items, group_by=list(columns), where=self.where(src, args.get("where")))
        query.order = self.order(src, args.get("orderBy"))
        return query

    def create(self, src: Source, args: dict, source: SourceFile) -> Query:
        data = args.get("data")
        query = Query("insert", src)
        if isinstance(data, list):
            query.rows = [self.data(src, row) for row in data]
        elif isinstance(data, dict):
            query.rows = [self.data(src, data)]
        elif isinstance(data, Expr) and (mapped := mapped_rows(source, data.node)) is not None:
            list_text, item, row = mapped
            query.rows_from = RowsFrom(list_text, item, self.data(src, literal_value(source, row)))
        else:
            raise Unwritable("createMany from a list built elsewhere (its rows are not visible here)")
        return query

    def upsert(self, src: Source, args: dict) -> Query:
        """create + update + the unique key of `where` -> INSERT … ON CONFLICT (key) DO UPDATE."""
        where = args.get("where")
        if not isinstance(where, dict) or len(where) != 1:
            raise Unwritable("an upsert whose `where` is not one unique key")
        key, value = next(iter(where.items()))
        field = src.model.field(key)
        conflict = [field] if field is not None else [self.field(src.model, k) for k in value] if isinstance(value, dict) else []
        if not conflict:
            raise Unwritable(f"the unique key `{key}`")
        query = Query("upsert", src, rows=[self.data(src, args.get("create"))], set=self.data(src, args.get("update")),
                      conflict=conflict)
        return query

    def data(self, src: Source, data: Any) -> dict:
        if not isinstance(data, dict):
            raise Unwritable("data that is not an object literal")
        out = {}
        for name, value in data.items():
            field = src.model.field(name)
            if name == "..." or field is None:
                raise Unwritable(f"data field `{name}`")
            if field.kind == "relation":
                out.update(self.connect(field, value))
                continue
            if isinstance(value, dict) and set(value) & {"increment", "decrement", "set", "multiply", "divide", "push"}:
                raise Unwritable(f"an atomic update of `{name}`")
            out[field.name] = self.scalar(value)
        return out

    def connect(self, field, value: Any) -> dict:
        """`team: { connect: { id: teamId } }` sets the foreign key (`teamId: teamId`)."""
        relation = field.relation
        connect = value.get("connect") if isinstance(value, dict) and set(value) == {"connect"} else None
        if relation is None or relation.holder is not field or not isinstance(connect, dict):
            raise Unwritable(f"a nested write through relation `{field.name}`")
        out = {}
        for fk, ref in zip(relation.fields, relation.references):
            if ref.name not in connect:
                raise Unwritable(f"connect by a key other than {ref.name}")
            out[fk.name] = self.scalar(connect[ref.name])
        return out

    def field(self, model: PrismaModel, name: str):
        field = model.field(name)
        if field is None or field.kind == "relation":
            raise Unwritable(f"`{name}` is not a column of {model.name}")
        return field

    def scalar(self, value: Any):
        if isinstance(value, Expr):
            return Param(_param_name(value.text), value.text)
        if isinstance(value, (dict, list)):
            raise Unwritable("an object or array value")
        return Lit(value)

    def order(self, src: Source, spec: Any) -> list[Order]:
        specs = spec if isinstance(spec, list) else [spec] if isinstance(spec, dict) else []
        out = []
        for entry in specs:
            for name, direction in entry.items():
                field = self.field(src.model, name)
                nulls = None
                if isinstance(direction, dict):
                    nulls, direction = direction.get("nulls"), direction.get("sort")
                out.append(Order(Col(src, field), direction == "desc", nulls))
        return out

    def where(self, src: Source, where: Any) -> Cond | None:
        if where is None:
            return None
        if not isinstance(where, dict):
            raise Unwritable("a `where` built elsewhere")
        parts: list[Cond] = []
        for key, value in where.items():
            if key in ("AND", "OR"):
                items = [self.where(src, v) for v in (value if isinstance(value, list) else [value])]
                parts.append(BoolOp(key.lower(), [i for i in items if i is not None]))
            elif key == "NOT":
                inner = self.where(src, value)
                if inner is not None:
                    parts.append(Not(inner))
            elif key == "...":
                raise Unwritable("a spread in `where` (conditions decided at run time)")
            else:
                parts += self.field_filter(src, key, value)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else BoolOp("and", parts)

    def field_filter(self, src: Source, name: str, value: Any) -> list[Cond]:
        field = src.model.field(name)
        if field is None:
            if isinstance(value, dict):  # a compound unique: where: { userId_courseId: { userId, courseId } }
                return [c for key, inner in value.items() for c in self.field_filter(src, key, inner)]
            raise Unwritable(f"`{name}` in `where`")
        if field.kind == "relation":
            return [self.relation_filter(src, field, value)]
        col = Col(src, field)
        if field.type == "Json" and isinstance(value, dict) and "path" in value:
            return [self.json_path(col, value)]
        if not isinstance(value, dict):
            return [Cmp(col, "is-null") if value is None else Cmp(col, "=", self.scalar(value))]
        return [self.operator(col, op, arg, value.get("mode")) for op, arg in value.items() if op != "mode"]

    def operator(self, col: Col, op: str, arg: Any, mode: Any) -> Cond:
        simple = {"equals": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
        if op in simple:
            return Cmp(col, "is-null") if arg is None and op == "equals" else Cmp(col, simple[op], self.scalar(arg))
        if op == "not":
            if arg is None:
                return Cmp(col, "is-not-null")
            return Cmp(col, "<>", self.scalar(arg)) if not isinstance(arg, dict) else Not(self.field_filter(col.source, col.field.name, arg)[0])
        if op in ("in", "notIn"):
            kind = "in" if op == "in" else "not-in"
            if isinstance(arg, list):
                return Cmp(col, kind, [self.scalar(v) for v in arg])
            param = self.scalar(arg)
            param.list = True
            return Cmp(col, kind, param)
        if op in ("contains", "startsWith", "endsWith") and isinstance(arg, str):
            pattern = {"contains": f"%{arg}%", "startsWith": f"{arg}%", "endsWith": f"%{arg}"}[op]
            return Cmp(col, "ilike" if mode == "insensitive" else "like", Lit(pattern))
        raise Unwritable(f"the `{op}` filter")


    def relation_filter(self, src: Source, field, value: Any) -> Cond:
        """`{ recipients: { some: { token } } }` -> EXISTS (SELECT 1 FROM child WHERE fk = parent.key AND …)."""
        if not isinstance(value, dict) or len(value) != 1:
            raise Unwritable(f"the relation filter `{field.name}`")
        mode, inner = next(iter(value.items()))
        if mode not in ("some", "none", "is", "isNot") or not isinstance(inner, dict):
            raise Unwritable(f"the relation filter `{field.name}: {{ {mode}: … }}`")
        from tools.advise.written import related_model, relation_pairs, sql_ident

        child = related_model(field)
        if field.relation.join_table is not None:
            raise Unwritable(f"a filter through the many-to-many relation `{field.name}`")
        parts: list = [f"EXISTS (SELECT 1 FROM {sql_ident(child.db_name)} AS {sql_ident(field.name)} WHERE "]
        for index, (parent_col, child_col) in enumerate(relation_pairs(field)):
            parts += [" AND " if index else "", f"{sql_ident(field.name)}.{sql_ident(child_col.db_name)} = ",
                      Col(src, parent_col)]
        for name, wanted in inner.items():
            child_field = child.field(name)
            if child_field is None or child_field.kind == "relation" or isinstance(wanted, (dict, list)):
                raise Unwritable(f"the condition `{name}` inside the relation filter `{field.name}`")
            parts += [f" AND {sql_ident(field.name)}.{sql_ident(child_field.db_name)} = ", self.scalar(wanted)]
        parts.append(")")
        raw = Raw(parts, "boolean")
        return Not(raw) if mode in ("none", "isNot") else raw

    def json_path(self, col: Col, value: dict) -> Cond:
        """A Json `path` filter -> `col #>> '{a,b}' = value` (or LIKE for the string filters)."""
        path = value["path"]
        path = [path] if isinstance(path, str) else path
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            raise Unwritable("a Json path that is not a list of strings")
        text = "'{" + ",".join(p.replace("'", "''") for p in path) + "}'"
        operators = {"equals": " = ", "string_contains": " LIKE ", "string_starts_with": " LIKE ",
                     "string_ends_with": " LIKE "}
        filters = [k for k in value if k != "path"]
        if len(filters) != 1 or filters[0] not in operators:
            raise Unwritable("this Json filter")
        op = filters[0]
        wanted = value[op]
        if isinstance(wanted, str) and op != "equals":
            wanted = {"string_contains": f"%{wanted}%", "string_starts_with": f"{wanted}%",
                      "string_ends_with": f"%{wanted}"}[op]
        return Raw([col, f" #>> {text}{operators[op]}", self.scalar(wanted)], "boolean")


def _param_name(text: str) -> str:
    import re

    words = re.findall(r"[A-Za-z_$][\w$]*", text)
    return words[-1] if words else "value"
