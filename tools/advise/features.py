"""The features of a query that decide which ORM should run it.

Every reader (SQL through sqlglot, Prisma/Drizzle/Kysely code through tree-sitter, a plain-language
intent through phrase lists) fills the same `QueryFeatures`, and the decision matrix reads only
these fields, so a rule written for "three joins and a GROUP BY" fires the same way whether the
query came as SQL, as a Prisma `include`, or as a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SOURCES = ("prisma", "drizzle", "kysely", "sql", "intent")
OPERATIONS = ("read", "write", "schema", "unknown")


@dataclass(slots=True)
class QueryFeatures:
    """What a query does, as far as the choice of ORM is concerned."""

    source: str  # prisma | drizzle | kysely | sql | intent
    operation: str = "unknown"  # read | write | schema | unknown
    statement: str = ""  # select, insert, update, delete, upsert, count, aggregate, group-by, ddl, raw…
    tables: list[str] = field(default_factory=list)  # as written (model, table export or table name)
    joins: int = 0  # explicit joins (SQL/builder joins; Prisma relation filters that need one)
    join_kinds: list[str] = field(default_factory=list)  # inner | left | right | full | cross | lateral
    include_depth: int = 0  # nesting of loaded relations (Prisma include/select, Drizzle `with`)
    relations: int = 0  # relation paths loaded in one call
    aggregates: list[str] = field(default_factory=list)  # count, sum, avg, min, max, …
    group_by: bool = False
    having: bool = False
    window_functions: list[str] = field(default_factory=list)
    ctes: int = 0
    subqueries: int = 0
    set_operations: int = 0  # UNION / INTERSECT / EXCEPT
    jsonb_operators: list[str] = field(default_factory=list)  # ->, ->>, @>, ?, jsonb_path_…, Prisma `path`
    vector_operators: list[str] = field(default_factory=list)  # pgvector <=>, <->, <#>
    batch_size: int | None = None  # rows written by one statement, when they can be counted
    batch_dynamic: bool = False  # rows come from a list of unknown length (createMany({ data: rows }))
    per_row_writes: bool = False  # one write statement per element of a loop
    high_frequency: bool = False  # a write on a hot path (event logging, a tracking endpoint)
    raw_sql: bool = False
    transaction: bool = False
    distinct: bool = False
    distinct_on: bool = False  # PostgreSQL's DISTINCT ON (…): the first row of each group
    notes: list[str] = field(default_factory=list)  # what the reader saw but could not classify

    @property
    def is_write(self) -> bool:
        return self.operation == "write"

    def value(self, name: str) -> Any:
        """A feature by name, including the derived ones the matrix may test."""
        if name in _DERIVED:
            return _DERIVED[name](self)
        return getattr(self, name)

    def add(self, name: str, item: str) -> None:
        """Append to a list feature once."""
        values = getattr(self, name)
        if item not in values:
            values.append(item)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name in ("source", "operation", "statement") or value not in (None, False, 0, [], ""):
                out[spec.name] = list(value) if isinstance(value, list) else value
        return out

    def summary(self) -> list[str]:
        """The decisive features in words, for reasons and the terminal."""
        return [text for text in (_describe(self, name) for name in _SUMMARY_ORDER) if text]


def _batch(f: QueryFeatures) -> bool:
    return f.batch_dynamic or (f.batch_size or 0) >= 2


_DERIVED = {
    "batch": _batch,
    "outer_joins": lambda f: sum(1 for k in f.join_kinds if k in ("left", "right", "full")),
    "aggregate_count": lambda f: len(f.aggregates),
    "tables_count": lambda f: len(set(f.tables)),
    "complex": lambda f: bool(f.joins >= 2 or f.group_by or f.window_functions or f.ctes or f.set_operations
                             or f.subqueries or f.raw_sql or f.vector_operators or f.include_depth >= 3),
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _describe(f: QueryFeatures, name: str) -> str:
    if name == "operation":
        return {"read": "a read", "write": f"a write ({f.statement})" if f.statement else "a write",
                "schema": "a schema change"}.get(f.operation, "")
    if name == "joins" and f.joins:
        kinds = ", ".join(f"{f.join_kinds.count(k)} {k}" for k in dict.fromkeys(f.join_kinds))
        return _plural(f.joins, "join") + (f" ({kinds})" if kinds else "")
    if name == "include_depth" and f.relations:
        return f"{_plural(f.relations, 'relation')} loaded, include depth {f.include_depth}"
    if name == "aggregates" and f.aggregates:
        return "aggregates " + ", ".join(a.upper() for a in f.aggregates)
    if name == "group_by" and f.group_by:
        return "GROUP BY" + (" with HAVING" if f.having else "")
    if name == "window_functions" and f.window_functions:
        return "window functions " + ", ".join(f.window_functions)
    if name == "ctes" and f.ctes:
        return _plural(f.ctes, "CTE")
    if name == "subqueries" and f.subqueries:
        return _plural(f.subqueries, "subquery").replace("subquerys", "subqueries")
    if name == "set_operations" and f.set_operations:
        return _plural(f.set_operations, "set operation")
    if name == "jsonb_operators" and f.jsonb_operators:
        return "JSONB operators " + " ".join(f.jsonb_operators)
    if name == "vector_operators" and f.vector_operators:
        return "pgvector operators " + " ".join(f.vector_operators)
    if name == "batch" and _batch(f):
        return f"a batch of {f.batch_size} rows" if f.batch_size and not f.batch_dynamic else "a batch of rows from a list"
    if name == "per_row_writes" and f.per_row_writes:
        return "one write per element of a loop"
    if name == "high_frequency" and f.high_frequency:
        return "a high-frequency write path"
    if name == "raw_sql" and f.raw_sql:
        return "raw SQL"
    if name == "transaction" and f.transaction:
        return "a transaction"
    if name == "distinct_on" and f.distinct_on:
        return "DISTINCT ON"
    return ""


_SUMMARY_ORDER = ("operation", "joins", "include_depth", "aggregates", "group_by", "window_functions", "ctes",
                  "subqueries", "set_operations", "jsonb_operators", "vector_operators", "batch", "per_row_writes",
                  "high_frequency", "raw_sql", "transaction", "distinct_on")
