"""Read SQL with sqlglot (PostgreSQL dialect): the deciding features, and the query as IR.

pgvector's distance operators (`<=>` cosine, `<->` L2, `<#>` inner product, `<+>` L1) are not
PostgreSQL grammar that sqlglot knows: its PostgreSQL dialect reads `<=>` as MySQL's null-safe
equality and `<#>` as `<` followed by `#>`. They are rewritten to PostgreSQL's explicit
`OPERATOR(<=>)` form before parsing (outside strings, quoted names and comments) and back after.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from tools.advise.features import QueryFeatures
from tools.errors import Located, SchemaError, SourceSpan

logging.getLogger("sqlglot").setLevel(logging.ERROR)

VECTOR_OPERATORS = ("<=>", "<->", "<#>", "<+>", "<~>", "<%>")
_VECTOR_RE = re.compile("|".join(re.escape(op) for op in VECTOR_OPERATORS))

AGGREGATE_NAMES = {
    "Count": "count", "Sum": "sum", "Avg": "avg", "Min": "min", "Max": "max", "ArrayAgg": "array_agg",
    "GroupConcat": "string_agg", "LogicalOr": "bool_or", "LogicalAnd": "bool_and", "PercentileCont": "percentile_cont",
    "PercentileDisc": "percentile_disc", "Stddev": "stddev", "StddevPop": "stddev_pop", "StddevSamp": "stddev_samp",
    "Variance": "variance", "VariancePop": "var_pop", "CountIf": "count", "ApproxDistinct": "count",
}
ANONYMOUS_AGGREGATES = frozenset(("jsonb_agg", "json_agg", "jsonb_object_agg", "json_object_agg", "every", "bit_and",
                                  "bit_or", "mode", "regr_slope", "corr", "covar_pop", "xmlagg"))

# JSON(B) operators and functions; `@>`, `<@` and `?` count only on a JSON operand (they work on arrays too).
JSON_NODES = {
    "JSONExtract": "->", "JSONExtractScalar": "->>", "JSONBExtract": "#>", "JSONBExtractScalar": "#>>",
    "JSONBContains": "?", "JSONBContainsTopKey": "?", "JSONBContainsAnyTopKeys": "?|", "JSONBContainsAllTopKeys": "?&", "JSONBPathExists": "@?",
    "JSONBDeletePath": "#-",
}
SCHEMA_STATEMENTS = (exp.Create, exp.Alter, exp.Drop, exp.TruncateTable, exp.Comment, exp.Grant)
SCHEMA_COMMANDS = ("ALTER", "CREATE", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE", "REINDEX", "CLUSTER")
OTHER_COMMANDS = ("SET", "RESET", "SHOW", "VACUUM", "ANALYZE", "EXPLAIN", "COPY", "LOCK", "REFRESH", "DO", "CALL",
                  "PREPARE", "EXECUTE", "DEALLOCATE", "LISTEN", "NOTIFY", "DECLARE", "FETCH", "SAVEPOINT", "RELEASE")


@dataclass(slots=True)
class ParsedSql:
    """The statements of an SQL text and what they do."""

    text: str
    statements: list[exp.Expression]
    features: QueryFeatures
    params: dict[str, str] = field(default_factory=dict)  # "$1" -> TypeScript expression ($queryRaw)


def protect_vector_operators(sql: str) -> str:
    """`a <=> b` -> `a OPERATOR(<=>) b`, leaving strings, quoted names and comments alone."""
    out, index = [], 0
    for start, end, code in _code_spans(sql):
        out.append(sql[index:start])
        out.append(_VECTOR_RE.sub(lambda m: f" OPERATOR({m.group(0)}) ", code))
        index = end
    out.append(sql[index:])
    return "".join(out)


def restore_vector_operators(sql: str) -> str:
    return re.sub(r"OPERATOR\((<[=\-#+~%]>)\)", r"\1", sql)


def _code_spans(sql: str):
    """(start, end, text) of the stretches of `sql` that are code, not strings/identifiers/comments."""
    pattern = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|\$(\w*)\$.*?\$\1\$", re.S)
    index = 0
    for match in pattern.finditer(sql):
        if match.start() > index:
            yield index, match.start(), sql[index:match.start()]
        index = match.end()
    if index < len(sql):
        yield index, len(sql), sql[index:]


def parse_sql(text: str, *, source: str = "sql", path: str = "<sql>", line_offset: int = 0) -> ParsedSql:
    """Parse PostgreSQL text; a syntax error is a located `SchemaError` (exit 65)."""
    try:
        statements = [s for s in sqlglot.parse(protect_vector_operators(text), dialect="postgres") if s is not None]
    except ParseError as error:
        detail = error.errors[0] if error.errors else {}
        line = int(detail.get("line") or 1) + line_offset
        column = int(detail.get("col") or 1)
        message = str(detail.get("description") or error).split("\n")[0]
        raise SchemaError([Located(f"cannot parse the SQL: {message}", SourceSpan(path, line, column),
                                   _line(text, line - line_offset), help="give one PostgreSQL query")]) from None
    if not statements:
        raise SchemaError([Located("no SQL statement found", SourceSpan(path, 1 + line_offset, 1))])
    for statement in statements:
        if isinstance(statement, exp.Command) and str(statement.this).upper() not in SCHEMA_COMMANDS + OTHER_COMMANDS:
            raise SchemaError([Located(f"cannot parse the SQL: `{statement.this}` is not a PostgreSQL statement",
                                       SourceSpan(path, 1 + line_offset, 1), _line(text, 1),
                                       help="give one PostgreSQL query")])
    return ParsedSql(text, statements, sql_features(statements, source))


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def sql_features(statements: list[exp.Expression], source: str = "sql") -> QueryFeatures:
    features = QueryFeatures(source=source)
    for statement in statements:
        _statement_features(statement, features)
    if source != "sql":
        features.raw_sql = True
    return features


def _statement_features(tree: exp.Expression, f: QueryFeatures) -> None:
    kind = _statement_kind(tree)
    if kind in ("begin", "commit", "rollback"):
        f.transaction = True
        return
    _set_operation(f, kind)
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if table.name and table.name not in ctes:
            f.add("tables", table.name)
    for join in tree.find_all(exp.Join):
        f.joins += 1
        f.join_kinds.append(_join_kind(join))
    _expression_features(tree, f)
    f.ctes += len(ctes)
    f.subqueries += _subquery_count(tree)
    f.set_operations += sum(1 for _ in tree.find_all(exp.Union, exp.Intersect, exp.Except))
    if isinstance(tree, exp.Insert):
        _insert_batch(tree, f)


def _statement_kind(tree: exp.Expression) -> str:
    if isinstance(tree, exp.Transaction):
        return "begin"
    if isinstance(tree, (exp.Commit, exp.Rollback)):
        return "commit"
    if isinstance(tree, SCHEMA_STATEMENTS):
        return "ddl"
    if isinstance(tree, exp.Command):
        word = str(tree.this).upper()
        return "ddl" if word in SCHEMA_COMMANDS else word.lower()
    return {exp.Insert: "insert", exp.Update: "update", exp.Delete: "delete", exp.Merge: "merge"}.get(type(tree), "select")


def _set_operation(f: QueryFeatures, kind: str) -> None:
    operation = "schema" if kind == "ddl" else "write" if kind in ("insert", "update", "delete", "merge") else "read"
    if f.operation == "unknown" or (operation == "schema") or (operation == "write" and f.operation == "read"):
        f.operation = operation
        f.statement = kind


def _join_kind(join: exp.Join) -> str:
    if isinstance(join.this, exp.Lateral) or (isinstance(join.this, exp.Subquery) and "LATERAL" in join.sql().upper()):
        return "lateral"
    side = (join.side or "").lower()
    if side in ("left", "right", "full"):
        return side
    return "cross" if (join.kind or "").upper() == "CROSS" else "inner"


def _expression_features(tree: exp.Expression, f: QueryFeatures) -> None:
    for node in tree.walk():
        name = type(node).__name__
        if isinstance(node, exp.Window):
            f.add("window_functions", _function_name(node.this))
        elif isinstance(node, exp.AggFunc) and not isinstance(node.parent, exp.Window) and name in AGGREGATE_NAMES:
            f.add("aggregates", AGGREGATE_NAMES[name])
        elif isinstance(node, exp.Anonymous):
            lowered = node.name.lower()
            if lowered in ANONYMOUS_AGGREGATES and not isinstance(node.parent, exp.Window):
                f.add("aggregates", lowered)
            elif lowered.startswith(("jsonb_", "json_")) and not lowered.endswith(("_agg", "build_object", "build_array")):
                f.add("jsonb_operators", lowered + "()")
        elif name in JSON_NODES:
            f.add("jsonb_operators", JSON_NODES[name])
        elif isinstance(node, (exp.ArrayContainsAll, exp.ArrayContainedBy)) and _jsonish(node):
            f.add("jsonb_operators", "@>" if isinstance(node, exp.ArrayContainsAll) else "<@")
        elif isinstance(node, exp.Operator) and str(node.args.get("operator")) in VECTOR_OPERATORS:
            f.add("vector_operators", str(node.args["operator"]))
        elif isinstance(node, exp.Select):
            f.group_by = f.group_by or bool(node.args.get("group"))
            f.having = f.having or bool(node.args.get("having"))
            distinct = node.args.get("distinct")
            f.distinct = f.distinct or bool(distinct)
            f.distinct_on = f.distinct_on or bool(isinstance(distinct, exp.Distinct) and distinct.args.get("on"))


def _function_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return AGGREGATE_NAMES.get(type(node).__name__) or node.sql_name().lower()


def _jsonish(node: exp.Expression) -> bool:
    """`@>`/`<@` on JSON: a JSON literal or cast on either side (on arrays they are array operators)."""
    for side in (node.this, node.expression):
        if isinstance(side, exp.Literal) and side.is_string and side.this.lstrip()[:1] in "{[":
            return True
        if isinstance(side, exp.Cast) and side.to.this in (exp.DataType.Type.JSON, exp.DataType.Type.JSONB):
            return True
    return False


def _subquery_count(tree: exp.Expression) -> int:
    """SELECTs nested in another statement, not counting CTE bodies and the arms of a UNION."""
    count = 0
    for select in tree.find_all(exp.Select):
        if select is tree:
            continue
        parent = select.parent
        while isinstance(parent, exp.Subquery) and isinstance(parent.parent, exp.CTE):
            parent = parent.parent
        if isinstance(parent, (exp.CTE, exp.Union, exp.Intersect, exp.Except)) or parent is None:
            continue
        if isinstance(parent, (exp.Insert,)):
            continue
        count += 1
    return count


def _insert_batch(tree: exp.Insert, f: QueryFeatures) -> None:
    values = tree.expression
    if isinstance(values, exp.Values):
        f.batch_size = (f.batch_size or 0) + len(values.expressions)
    elif values is not None:
        f.batch_dynamic = True  # INSERT … SELECT / unnest($1): as many rows as the source has
    if tree.args.get("conflict") is not None:
        f.statement = "upsert"
