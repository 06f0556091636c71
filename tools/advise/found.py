"""Every Prisma, Drizzle and Kysely query in a TypeScript file, with its features and context.

Used by `advise` for a pasted snippet and by `advise --scan` for a whole project. A query found
in a loop that writes one row per element is a per-row write; a write inside an HTTP handler for
an event-like model or route is a high-frequency write (the words are data, below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tools.advise.features import QueryFeatures
from tools.advise.sqlread import parse_sql
from tools.advise.tsbuilders import builder_features, builder_kind, is_array_expression, kysely_raw_call, raw_template
from tools.advise.names import lower_first
from tools.advise.tschain import (CallContext, Chain, blank_template_type_arguments, chain_of, context_of,
                                  is_sql_template, outermost_calls)
from tools.advise.tsprisma import WRITES, prisma_call, prisma_features
from tools.errors import SourceSpan, TripleOrmError
from tools.prisma.schema import PrismaModel, PrismaSchema
from tools.sync.drizzle_names import camel_case
from tools.typescript.parse import SourceFile, parse_typescript, string_value, unwrap

# A model or a route whose name says "many small writes": a write to it in a request handler is a
# high-frequency write even without a loop.
HOT_MODEL_WORDS = ("log", "event", "tracking", "metric", "telemetry", "analytics", "audit", "activity", "view",
                   "click", "impression", "heartbeat", "ping", "pageview", "session")
HOT_ROUTE_WORDS = ("event", "track", "log", "metric", "telemetry", "ingest", "beacon", "heartbeat", "collect",
                   "analytics", "pageview", "ping", "view")
HOT_DOC_WORDS = ("high-volume", "high volume", "per second", "a day", "per day", "million", "high-frequency")


@dataclass(slots=True)
class FoundQuery:
    orm: str  # prisma | drizzle | kysely
    chain: Chain
    features: QueryFeatures
    context: CallContext
    span: SourceSpan
    text: str
    model: PrismaModel | None = None
    operation: str = ""
    sql: str | None = None  # the SQL of $queryRaw / sql`…`.execute / db.execute(sql`…`)
    sql_params: dict[str, str] = field(default_factory=dict)  # "$1" -> TypeScript expression

    def to_dict(self) -> dict[str, Any]:
        return {"orm": self.orm, "location": self.span.to_dict(), "operation": self.operation,
                "model": self.model.name if self.model else None, "features": self.features.to_dict()}


def parse_for_queries(text: str, path: str = "<text>") -> SourceFile:
    """Parse TypeScript for the query finder (type arguments of tagged templates blanked, offsets kept)."""
    return parse_typescript(blank_template_type_arguments(text), path)


def find_queries(source: SourceFile, schema: PrismaSchema) -> list[FoundQuery]:
    found: list[FoundQuery] = []
    tables = frozenset(lower_first(m.name) for m in schema.models.values()) | frozenset(
        camel_case(m.name) for m in schema.models.values())
    for call in outermost_calls(source):
        chain = chain_of(source, call)
        query = _classify(source, chain, schema, tables)
        if query is not None:
            _apply_context(source, query, schema)
            found.append(query)
    return _drop_nested(found)


def _classify(source: SourceFile, chain: Chain, schema: PrismaSchema, tables: frozenset[str]) -> FoundQuery | None:
    span, text = source.span(chain.node), source.text_of(chain.node)
    hit = prisma_call(chain, schema)
    if hit is not None:
        model, operation = hit
        if model is not None:
            features = prisma_features(source, chain, model, operation, schema)
            return FoundQuery("prisma", chain, features, CallContext(), span, text, model, operation)
        return _prisma_raw(source, chain, operation, span, text)
    if kysely_raw_call(source, chain):
        return _raw_template(source, chain, raw_template(source, chain), "kysely", span, text)
    kind = builder_kind(chain, tables)
    if kind is None:
        return None
    features = builder_features(source, chain, kind)
    first = chain.first_call()
    query = FoundQuery(kind, chain, features, CallContext(), span, text, operation=first.name if first else "")
    if kind == "drizzle" and first is not None and first.name == "execute" and first.args:
        arg = unwrap(first.args[0])
        template = arg.child_by_field_name("arguments") if arg.type == "call_expression" else arg
        if is_sql_template(source, template):
            query.sql, query.sql_params = template_sql(source, template)
    return query


def _prisma_raw(source: SourceFile, chain: Chain, operation: str, span, text) -> FoundQuery | None:
    step = next(s for s in chain.steps if s.call and s.name == operation)
    if operation == "$transaction":
        features = QueryFeatures("prisma", operation="unknown", statement="transaction", transaction=True)
        return FoundQuery("prisma", chain, features, CallContext(), span, text, None, operation)
    node = step.node.child_by_field_name("arguments")
    if node is not None and node.type == "template_string":
        return _raw_template(source, chain, node, "prisma", span, text, operation)
    args = step.args
    if operation.endswith("Unsafe") and args and unwrap(args[0]).type in ("string", "template_string"):
        found = _raw_template(source, chain, unwrap(args[0]), "prisma", span, text, operation)
        if not found.sql_params:  # $queryRawUnsafe(sql, a, b): $1, $2 are the arguments after the SQL
            found.sql_params = {f"${i}": source.text_of(a) for i, a in enumerate(args[1:], 1)}
        return found
    features = QueryFeatures("prisma", operation="read" if "query" in operation else "write", statement="raw", raw_sql=True)
    return FoundQuery("prisma", chain, features, CallContext(), span, text, None, operation)


def _raw_template(source: SourceFile, chain: Chain, template, orm: str, span, text, operation="sql") -> FoundQuery:
    sql, params = template_sql(source, template)
    try:
        features = parse_sql(sql, source=orm, path=source.path, line_offset=source.span(template).line - 1).features
    except TripleOrmError:
        features = QueryFeatures(orm, operation="read", statement="raw")
        features.notes.append("the SQL in the template could not be parsed")
    features.raw_sql = True
    return FoundQuery(orm, chain, features, CallContext(), span, text, None, operation, sql, params)


def template_sql(source: SourceFile, template) -> tuple[str, dict[str, str]]:
    """The SQL of a tagged template with `${expr}` replaced by `$1`, `$2`…, and what each stands for."""
    if template.type == "string":
        return string_value(source, template) or "", {}
    pieces, params = [], {}
    for child in template.children:
        if child.type == "template_substitution":
            expression = child.named_children[0] if child.named_children else child
            number = len(params) + 1
            params[f"${number}"] = source.text_of(expression)
            pieces.append(f"${number}")
        elif child.type not in ("`",):
            pieces.append(source.text_of(child))
    return "".join(pieces), params


def _apply_context(source: SourceFile, query: FoundQuery, schema: PrismaSchema) -> None:
    context = context_of(source, query.chain.node)
    query.context = context
    f = query.features
    f.transaction = f.transaction or context.in_transaction
    if not f.is_write:
        return
    single_row = _single_row_write(source, query)
    if context.in_loop and single_row:
        f.per_row_writes = True
        f.high_frequency = f.high_frequency or context.in_handler
    elif context.in_handler and (_hot_model(query.model) or _hot_route(context.route)):
        f.high_frequency = True


def _single_row_write(source: SourceFile, query: FoundQuery) -> bool:
    """A write of one row per statement (create, update, upsert, delete; insert of one object)."""
    if query.orm == "prisma":
        return query.operation in WRITES and not query.operation.startswith(("createMany", "updateMany", "deleteMany"))
    values = query.chain.find("values")
    if values and values[0].args:
        arg = unwrap(values[0].args[0])
        return arg.type == "object" or (arg.type != "array" and not is_array_expression(source, arg))
    return query.features.statement in ("update", "delete", "upsert")


def _hot_model(model: PrismaModel | None) -> bool:
    if model is None:
        return False
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model.name).lower().split() + model.db_name.lower().split("_")
    doc = (model.documentation or "").lower()
    return any(w.rstrip("s") in HOT_MODEL_WORDS for w in words) or any(w in doc for w in HOT_DOC_WORDS)


def _hot_route(route: str | None) -> bool:
    return bool(route) and any(w in route.lower() for w in HOT_ROUTE_WORDS)


def _drop_nested(found: list[FoundQuery]) -> list[FoundQuery]:
    """A query inside another query's arguments (a Kysely subquery, a call inside $transaction([...]))
    is part of it: keep the outer one, and mark a transaction's members."""
    out = []
    for query in found:
        outer = next((o for o in found if o is not query and _contains(o.chain.node, query.chain.node)), None)
        if outer is None:
            out.append(query)
        elif outer.operation == "$transaction":
            query.features.transaction = True
            out.append(query)
    return [q for q in out if q.operation != "$transaction" or not any(
        o is not q and _contains(q.chain.node, o.chain.node) for o in out)]


def _contains(outer, inner) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte and outer != inner
