"""The ORM advisor: read a query (Prisma call, SQL, Drizzle or Kysely code, or a sentence), decide
which ORM should run it, and write it in that ORM (or in all three) against the project's schema.

    advice = advise("prisma.behaviorLog.create(...)", schema)
    advice.decision.orm, advice.features, advice.decision.reasons, advice.code["drizzle"].text()
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlglot import exp

from tools.advise.features import QueryFeatures
from tools.advise.found import FoundQuery, find_queries, parse_for_queries
from tools.advise.intent import IntentReading, read_intent
from tools.advise.ir import Param, Query, Unwritable
from tools.advise.matrix import ORMS, Decision, DecisionMatrix, load_matrix
from tools.advise.names import OrmNames
from tools.advise.sqlir import sql_to_query
from tools.advise.sqlread import parse_sql, protect_vector_operators
from tools.advise.write_drizzle import write_drizzle, write_drizzle_sql
from tools.advise.write_kysely import write_kysely, write_kysely_sql
from tools.advise.write_prisma import write_prisma, write_prisma_sql
from tools.advise.write_sql import query_sql
from tools.advise.written import ORM_TITLES, Written
from tools.errors import SchemaError, TripleOrmError, UsageError
from tools.prisma.schema import PrismaSchema

INPUT_KINDS = ("prisma", "drizzle", "kysely", "sql", "intent")
WRITERS: dict[str, Callable[[Query, OrmNames], Written]] = {
    "prisma": write_prisma, "drizzle": write_drizzle, "kysely": write_kysely}
SQL_WRITERS = {"prisma": write_prisma_sql, "drizzle": write_drizzle_sql, "kysely": write_kysely_sql}
_SQL_START = re.compile(r"^\s*(--[^\n]*\n\s*)*(select|with|insert|update|delete|alter|create|drop|begin|truncate|"
                        r"explain|comment|grant|revoke|values|merge)\b", re.I)
ASK_FOR_CODE = ("to write the query, give it as code or SQL (a Prisma call, a Drizzle or Kysely snippet, or the "
                "SQL you would run), or configure an LLM to write it from the sentence")


class AdviseInputError(UsageError):
    """The input is none of: a Prisma/Drizzle/Kysely query, SQL, a sentence."""


@dataclass(slots=True)
class QueryInput:
    """What the advisor read from its input."""

    kind: str  # prisma | drizzle | kysely | sql | intent
    features: QueryFeatures
    query: Query | None = None
    not_modelled: str | None = None  # why there is no IR
    sql: str | None = None  # SQL text to fall back on
    sql_params: dict[str, Param] = field(default_factory=dict)
    original: str = ""
    intent: IntentReading | None = None
    found: FoundQuery | None = None


@dataclass(slots=True)
class Advice:
    input: QueryInput
    decision: Decision
    code: dict[str, Written] = field(default_factory=dict)
    not_written: dict[str, str] = field(default_factory=dict)
    ask: str | None = None

    @property
    def features(self) -> QueryFeatures:
        return self.input.features

    @property
    def recommended(self) -> str:
        return self.decision.orm

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "input_kind": self.input.kind,
            "recommended": self.decision.orm,
            "acceptable": list(self.decision.acceptable),
            "scores": dict(self.decision.scores),
            "features": self.features.to_dict(),
            "reasons": [r.to_dict() for r in self.decision.reasons],
            "code": {orm: w.to_dict() for orm, w in self.code.items()},
        }
        if self.not_written:
            out["not_written"] = dict(self.not_written)
        if self.input.intent is not None:
            out["intent"] = self.input.intent.to_dict()
        if self.ask:
            out["ask"] = self.ask
        return out


def advise(text: str, schema: PrismaSchema, *, kind: str | None = None, matrix: DecisionMatrix | None = None,
           names: OrmNames | None = None, all_orms: bool = False, path: str = "<input>") -> Advice:
    """Decide and write. `kind` forces the reading of `text` (one of INPUT_KINDS)."""
    names = names or OrmNames(schema)
    query_input = read_input(text, schema, kind=kind, path=path)
    decision = (matrix or load_matrix()).decide(query_input.features)
    advice = Advice(query_input, decision)
    targets = list(ORMS) if all_orms else [decision.orm]
    if query_input.kind == "intent":
        advice.ask = ASK_FOR_CODE
        return advice
    for orm in targets:
        try:
            advice.code[orm] = write_in(orm, query_input, names)
        except Unwritable as why:
            advice.not_written[orm] = str(why)
    return advice


def write_in(orm: str, query_input: QueryInput, names: OrmNames) -> Written:
    """`query_input` written in `orm`: the builder where it can, the ORM's raw-SQL form where not."""
    if query_input.kind == orm and query_input.original:
        return Written(orm, query_input.original.strip().rstrip(";"), notes=["as given (already this ORM)"],
                       client=names.clients[orm])
    reason = query_input.not_modelled or ""
    if query_input.query is not None:
        try:
            return WRITERS[orm](query_input.query, names)
        except Unwritable as why:
            reason = str(why)
    sql, params = query_input.sql, query_input.sql_params
    if sql is None and query_input.query is not None:
        try:  # the query as SQL from the IR, for the ORM's raw-SQL form
            sql, params = query_sql(query_input.query)
        except Unwritable:
            sql = None
    if sql is not None:
        written = SQL_WRITERS[orm](sql, params, names)
        if reason:
            written.notes.insert(0, reason if reason.startswith(ORM_TITLES[orm]) else
                                 f"{ORM_TITLES[orm]}'s builder has no form for {reason}")
        return written
    raise Unwritable(reason or "the query could not be read")


# -- reading the input ------------------------------------------------------------------------------

def read_input(text: str, schema: PrismaSchema, *, kind: str | None = None, path: str = "<input>") -> QueryInput:
    if kind is not None and kind not in INPUT_KINDS:
        raise UsageError(f"unknown input kind {kind!r}", help=f"use one of {', '.join(INPUT_KINDS)}")
    if not text.strip():
        raise AdviseInputError("nothing to advise on: the input is empty",
                               help="give a Prisma call, a Drizzle or Kysely snippet, SQL, or a sentence")
    if kind == "sql" or (kind is None and _SQL_START.match(text)):
        try:
            return read_sql_input(text, schema, path)
        except SchemaError:
            if kind == "sql" or not _looks_like_prose(text):
                raise
    if kind in (None, "prisma", "drizzle", "kysely"):
        found = read_code_input(text, schema, path, kind)
        if found is not None:
            return found
        if kind is not None:
            raise AdviseInputError(f"no {kind} query found in the input",
                                   help="give one query call, e.g. prisma.user.findMany({ where: … })")
    if kind == "intent" or _looks_like_prose(text):
        reading = read_intent(text, schema)
        return QueryInput("intent", reading.features, not_modelled="a sentence", original=text, intent=reading)
    raise AdviseInputError("could not tell what the input is",
                           help="give a Prisma call, a Drizzle or Kysely query, SQL, or a sentence "
                                "(or say which with --kind)")


def read_sql_input(text: str, schema: PrismaSchema, path: str) -> QueryInput:
    parsed = parse_sql(text, path=path)
    query_input = QueryInput("sql", parsed.features, sql=text, original=text,
                             sql_params=_sql_params(parsed.statements))
    if len(parsed.statements) != 1:
        query_input.not_modelled = "several statements"
        return query_input
    try:
        query_input.query = sql_to_query(parsed.statements[0], schema, text=protect_vector_operators(text))
    except Unwritable as why:
        query_input.not_modelled = str(why)
    return query_input


def _sql_params(statements: list[exp.Expression]) -> dict[str, Param]:
    params: dict[str, Param] = {}
    for statement in statements:
        for node in statement.find_all(exp.Parameter, exp.Placeholder):
            if isinstance(node, exp.Placeholder) and node.name:
                params[f":{node.name}"] = Param(node.name)
            elif isinstance(node, exp.Parameter):
                number = node.this.this if isinstance(node.this, exp.Literal) else str(node.this)
                params[f"${number}"] = Param(f"p{number}")
    return params


def read_code_input(text: str, schema: PrismaSchema, path: str, kind: str | None) -> QueryInput | None:
    source = parse_for_queries(text, path)
    queries = [q for q in find_queries(source, schema) if kind is None or q.orm == kind]
    if not queries:
        return None
    main = max(queries, key=lambda q: (q.features.is_write or q.features.operation == "read", len(q.text)))
    return query_input_from(main, source, schema)


def query_input_from(found: FoundQuery, source, schema: PrismaSchema) -> QueryInput:
    """The IR (or the SQL to fall back on) of a query found in TypeScript."""
    from tools.advise.tsir import builder_query

    query_input = QueryInput(found.orm, found.features, original=found.text, found=found)
    if found.sql is not None:
        query_input.sql = found.sql
        query_input.sql_params = {k: Param(_identifier(v), v) for k, v in found.sql_params.items()}
        query_input.kind = found.orm if found.orm != "prisma" or found.model else found.orm
        try:
            statements = parse_sql(found.sql, path=source.path).statements
            query_input.query = sql_to_query(statements[0], schema, found.sql_params,
                                             text=protect_vector_operators(found.sql)) if len(statements) == 1 else None
        except (Unwritable, TripleOrmError) as why:
            query_input.not_modelled = str(why)
        return query_input
    try:
        if found.orm == "prisma" and found.model is not None:
            from tools.advise.tsprisma import prisma_query

            query_input.query = prisma_query(source, found.chain, found.model, found.operation, schema)
        elif found.orm in ("drizzle", "kysely"):
            query_input.query = builder_query(source, found, schema)
        else:
            query_input.not_modelled = f"{found.operation}"
    except Unwritable as why:
        query_input.not_modelled = str(why)
    return query_input


def _identifier(text: str) -> str:
    words = re.findall(r"[A-Za-z_$][\w$]*", text)
    return words[-1] if words else "value"


def _looks_like_prose(text: str) -> bool:
    """A sentence: words and spaces, few code characters."""
    code_chars = sum(text.count(c) for c in "(){};=<>`[]")
    words = re.findall(r"[^\W\d_]+", text)
    return len(words) >= 2 and code_chars <= 2
