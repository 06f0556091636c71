"""Drizzle and Kysely query chains in TypeScript: which is which, and their features.

Kysely chains start with `selectFrom`, `insertInto`, `updateTable`, `deleteFrom`, `with`,
`selectNoFrom` or `mergeInto`; Drizzle chains with `select(...)…from(...)`, `insert(t).values(...)`,
`update(t).set(...)`, `delete(t)`, `execute(sql…)` or `query.<table>.findMany/findFirst`. SQL
written inside their `sql` templates is parsed with sqlglot too, so a JSONB operator or a window
function in a template counts like one in plain SQL.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot.errors import ParseError

from tools.advise.features import QueryFeatures
from tools.advise.sqlread import protect_vector_operators, sql_features
from tools.advise.tschain import Chain, callee, is_sql_template
from tools.typescript.parse import SourceFile, call_arguments, string_value, unwrap, walk

KYSELY_STARTS = frozenset(("selectFrom", "insertInto", "updateTable", "deleteFrom", "selectNoFrom", "mergeInto",
                           "replaceInto", "withRecursive"))
KYSELY_JOINS = {"innerJoin": "inner", "leftJoin": "left", "rightJoin": "right", "fullJoin": "full",
                "crossJoin": "cross", "innerJoinLateral": "lateral", "leftJoinLateral": "lateral",
                "crossJoinLateral": "lateral"}
DRIZZLE_JOINS = {"innerJoin": "inner", "leftJoin": "left", "rightJoin": "right", "fullJoin": "full",
                 "crossJoin": "cross", "innerJoinLateral": "lateral", "leftJoinLateral": "lateral",
                 "crossJoinLateral": "lateral"}
DRIZZLE_AGGREGATES = {"count": "count", "countDistinct": "count", "sum": "sum", "sumDistinct": "sum", "avg": "avg",
                      "avgDistinct": "avg", "min": "min", "max": "max"}
KYSELY_AGGREGATES = {"count": "count", "countAll": "count", "sum": "sum", "avg": "avg", "min": "min", "max": "max",
                     "agg": "agg"}
_TEMPLATE_SUB = re.compile(r"\$\{[^}]*\}")


def builder_kind(chain: Chain, tables: frozenset[str] = frozenset()) -> str | None:
    """"kysely", "drizzle" or None for a chain that is neither. `tables`: the Drizzle table exports,
    which tell `db.delete(user)` from any other `.delete(key)`."""
    names = chain.names()
    first = chain.first_call()
    if first is None:
        return None
    if first.name in KYSELY_STARTS or (first.name == "with" and _first_arg_is_string(chain, first)):
        return "kysely"
    if first.name == "execute" and _has_sql_template(chain, first):
        return "drizzle"
    if "query" in names and any(s.call and s.name in ("findMany", "findFirst") for s in chain.steps):
        index = names.index("query")
        if index + 2 < len(names) and not chain.steps[index].call:
            return "drizzle"
    if first.name in ("select", "selectDistinct", "selectDistinctOn") and "from" in names:
        return "drizzle"
    if first.name == "insert" and "values" in names:
        return "drizzle"
    if first.name == "update" and "set" in names:
        return "drizzle"
    if first.name == "delete" and first.args and source_text(first.args[0]) in tables:
        return "drizzle"
    if first.name in ("$with", "with") and "select" in names:
        return "drizzle"
    return None


def kysely_raw_call(source: SourceFile, chain: Chain) -> bool:
    """sql`…`.execute(db): Kysely's raw SQL (the chain starts at a tagged template)."""
    return chain.names()[-1:] == ["execute"] and raw_template(source, chain) is not None


def raw_template(source: SourceFile, chain: Chain):
    """The template of a chain that starts at sql`…` (a call of `sql`, or a bare template when
    tree-sitter split off the type arguments)."""
    if chain.steps and chain.steps[0].call and chain.steps[0].name == "sql":
        template = chain.steps[0].node.child_by_field_name("arguments")
        return template if is_sql_template(source, template) else None
    root = chain.root
    if root is not None and root.type == "call_expression":
        root = root.child_by_field_name("arguments")
    return root if is_sql_template(source, root) else None


def source_text(node) -> str:
    node = unwrap(node)
    return node.text.decode("utf-8", errors="replace") if node is not None and node.text is not None else ""


def _first_arg_is_string(chain: Chain, step) -> bool:
    args = step.args
    return bool(args) and unwrap(args[0]).type == "string"


def _has_sql_template(chain: Chain, step) -> bool:
    args = step.args
    return bool(args) and unwrap(args[0]).type == "call_expression"


def builder_features(source: SourceFile, chain: Chain, orm: str) -> QueryFeatures:
    f = QueryFeatures(orm)
    first = chain.first_call()
    _operation(f, first.name if first else "", chain)
    joins = KYSELY_JOINS if orm == "kysely" else DRIZZLE_JOINS
    for step in chain.calls():
        if step.name in joins:
            f.joins += 1
            f.join_kinds.append(joins[step.name])
        elif step.name == "groupBy":
            f.group_by = True
        elif step.name == "having":
            f.having = True
        elif step.name in ("with", "$with", "withRecursive") and step is not first or step.name == "$with":
            f.ctes += 1
        elif step.name in ("distinct", "selectDistinct", "selectDistinctOn", "distinctOn"):
            f.distinct = True
            f.distinct_on = f.distinct_on or step.name in ("selectDistinctOn", "distinctOn")
        elif step.name in ("union", "unionAll", "intersect", "except"):
            f.set_operations += 1
    if first is not None and first.name in ("with", "withRecursive") and orm == "kysely":
        f.ctes += 1
    _tables(source, chain, orm, f)
    _inner_features(source, chain.node, orm, f)
    if orm == "drizzle" and "query" in chain.names():
        _relational_depth(source, chain, f)
    _batch(source, chain, f)
    return f


def _operation(f: QueryFeatures, first: str, chain: Chain) -> None:
    writes = {"insertInto": "insert", "insert": "insert", "updateTable": "update", "update": "update",
              "deleteFrom": "delete", "delete": "delete", "mergeInto": "merge", "replaceInto": "insert"}
    if first in writes:
        f.operation, f.statement = "write", writes[first]
        if any(s.name in ("onConflict", "onConflictDoUpdate", "onConflictDoNothing") for s in chain.calls()):
            f.statement = "upsert"
    elif first == "execute":
        f.operation, f.statement, f.raw_sql = "read", "raw", True
    else:
        f.operation, f.statement = "read", "select"


def _tables(source: SourceFile, chain: Chain, orm: str, f: QueryFeatures) -> None:
    for step in chain.calls():
        if step.name in KYSELY_STARTS | set(KYSELY_JOINS) | {"from", "insert", "update", "delete"} and step.args:
            arg = unwrap(step.args[0])
            name = string_value(source, arg) if orm == "kysely" else source.text_of(arg) if arg.type == "identifier" else None
            if name:
                f.add("tables", name.split(" as ")[0].strip())
    names = chain.names()
    if "query" in names and names.index("query") + 1 < len(names):
        f.add("tables", names[names.index("query") + 1])


def _inner_features(source: SourceFile, node, orm: str, f: QueryFeatures) -> None:
    """Aggregates, window functions, JSON helpers and sql`` templates anywhere inside the chain."""
    for template in walk(node, frozenset(("template_string",))):
        if is_sql_template(source, template):
            _template_features(source, template, f)
    for call in walk(node, frozenset(("call_expression",))):
        function = callee(call)
        name = source.text_of(function.child_by_field_name("property")) if function.type == "member_expression" \
            else source.text_of(function)
        if orm == "drizzle" and function.type == "identifier" and name in DRIZZLE_AGGREGATES:
            f.add("aggregates", DRIZZLE_AGGREGATES[name])
        elif orm == "kysely" and function.type == "member_expression" and name in KYSELY_AGGREGATES \
                and source.text_of(function.child_by_field_name("object")).endswith("fn"):
            f.add("aggregates", KYSELY_AGGREGATES[name])
        elif name == "over" and function.type == "member_expression":
            inner = source.text_of(function.child_by_field_name("object"))
            match = re.search(r"fn\.(\w+)", inner)
            f.add("window_functions", match.group(1) if match else "over")
        elif name in ("jsonArrayFrom", "jsonObjectFrom"):
            f.relations += 1
            f.include_depth = max(f.include_depth, _helper_depth(source, call))
    # `eb.fn.sum(x).over()` is a window function, not an aggregate of the query
    f.aggregates = [a for a in f.aggregates if a not in f.window_functions or f.group_by]


def _helper_depth(source: SourceFile, call) -> int:
    depth, current = 1, call.parent
    while current is not None:
        if current.type == "call_expression":
            function = current.child_by_field_name("function")
            if function is not None and source.text_of(function) in ("jsonArrayFrom", "jsonObjectFrom"):
                depth += 1
        current = current.parent
    return depth


def _template_features(source: SourceFile, template, f: QueryFeatures) -> None:
    """Features of the SQL in a sql`…` template (substitutions become parameters)."""
    text = _TEMPLATE_SUB.sub("$1", source.text_of(template)[1:-1])
    try:
        statements = sqlglot.parse(protect_vector_operators(text), dialect="postgres")
        if not statements or statements[0] is None or type(statements[0]).__name__ == "Command":
            raise ParseError("fragment")
        inner = sql_features([s for s in statements if s is not None], "sql")
        if inner.operation in ("read", "write") and re.match(r"\s*(select|with|insert|update|delete)\b", text, re.I):
            f.raw_sql = True
            f.tables += [t for t in inner.tables if t not in f.tables]
            f.joins += inner.joins
            f.join_kinds += inner.join_kinds
            f.group_by = f.group_by or inner.group_by
            f.ctes += inner.ctes
    except ParseError:
        try:
            expression = sqlglot.parse_one("SELECT " + protect_vector_operators(text), dialect="postgres")
            inner = sql_features([expression], "sql")
        except ParseError:
            f.notes.append("a sql`` template that is not PostgreSQL: " + text[:60])
            return
    for name in ("aggregates", "window_functions", "jsonb_operators", "vector_operators"):
        for item in getattr(inner, name):
            f.add(name, item)
    f.subqueries += inner.subqueries


def _relational_depth(source: SourceFile, chain: Chain, f: QueryFeatures) -> None:
    """Depth and number of relations in a relational query's `with` tree."""
    step = chain.find("findMany", "findFirst")
    if not step or not step[0].args:
        return
    from tools.advise.tschain import literal_value

    def visit(tree, depth):
        if not isinstance(tree, dict):
            return
        for value in (tree.get("with") or {}).values() if isinstance(tree.get("with"), dict) else []:
            f.relations += 1
            f.include_depth = max(f.include_depth, depth + 1)
            visit(value, depth + 1)

    visit(literal_value(source, step[0].args[0]), 0)


def _batch(source: SourceFile, chain: Chain, f: QueryFeatures) -> None:
    values = chain.find("values")
    if not values or not values[0].args:
        return
    arg = unwrap(values[0].args[0])
    if arg.type == "array":
        f.batch_size = sum(1 for c in arg.named_children if c.type != "comment")
    elif arg.type == "object":
        f.batch_size = 1
    elif is_array_expression(source, arg):
        f.batch_dynamic = True


def is_array_expression(source: SourceFile, node) -> bool:
    """Whether an expression is (statically) an array: a literal, `.map(...)`, or a variable
    declared with an array type or an array initialiser in the same file."""
    node = unwrap(node)
    if node.type == "array":
        return True
    if node.type == "call_expression":
        function = unwrap(node.child_by_field_name("function"))
        return function.type == "member_expression" and source.text_of(function.child_by_field_name("property")) in (
            "map", "filter", "slice", "flatMap", "concat", "from")
    if node.type != "identifier":
        return False
    name = source.text_of(node)
    for declarator in walk(source.root, frozenset(("variable_declarator", "required_parameter", "optional_parameter"))):
        target = declarator.child_by_field_name("name") or declarator.child_by_field_name("pattern")
        if target is None or source.text_of(target) != name:
            continue
        annotation = declarator.child_by_field_name("type")
        value = declarator.child_by_field_name("value")
        if annotation is not None and re.search(r"\[\]\s*$|^:\s*(Readonly)?Array<", source.text_of(annotation)):
            return True
        if value is not None and is_array_expression(source, value):
            return True
    return False


def call_name(source: SourceFile, call) -> str:
    function = callee(call)
    if function.type == "member_expression":
        return source.text_of(function.child_by_field_name("property"))
    return source.text_of(function)


__all__ = ["builder_kind", "builder_features", "kysely_raw_call", "is_array_expression", "call_arguments", "call_name"]
