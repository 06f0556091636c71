"""Catalog differences become findings: the rule, how serious, what it means, where, and the SQL.

`DifferenceFindings(expected, actual)` turns each `Difference` of `compare_catalogs(expected,
actual)` into one `Finding` whose message names the object the way a person writes it (`User.email`,
`billing.Invoice`), whose location is the `schema.prisma` line the object comes from (for an object
the schema does not know: the line of the model that holds it), and whose `data` carries the kind,
both sides and `sql`, the statement that would close the gap (`tools.drift.closing_sql`).
"""

from __future__ import annotations

from typing import Any

from tools.catalog.compare import Difference
from tools.catalog.model import Catalog, Column, Index
from tools.drift.closing_sql import ClosingSql
from tools.drift.rules import DRIFT, KIND_RULES, OUTSIDE_MODEL, RULES, UNKNOWN, DriftRule
from tools.errors import SourceSpan
from tools.findings import Finding, Location, Severity

_HELP = {
    DRIFT: "bring the database back to the schema with this SQL in a new migration; if the database is right, "
           "change schema.prisma instead",
    UNKNOWN: "Prisma's next migration would drop it: declare it in schema.prisma (`prisma db pull` shows how) "
             "or drop it",
    OUTSIDE_MODEL: "Prisma's schema language cannot describe it; listed so that you know it is there",
}

_RULE_HELP = {
    "enum-order-drift": "not drift to Prisma (it appends new values and ignores the order); if ORDER BY on this "
                        "enum matters, this SQL puts the values in the schema's order",
    "view-column-drift": "Prisma's migrations never create or change views: change the view in a migration of "
                         "your own, or the view block",
}


def location_of(span: SourceSpan | None) -> Location | None:
    """A finding's location from a source span (whose end column is exclusive)."""
    if span is None:
        return None
    end_line = span.end_line or span.line
    end_column = max(span.column, (span.end_column or span.column + 1) - 1)
    return Location(span.file, span.line, span.column, end_line, end_column)


def display_name(schema: str | None, *parts: str | None, default_schema: str = "public") -> str:
    """`User.email`, or `billing.Invoice.total` outside the default schema."""
    names = [p for p in parts if p]
    if schema and schema != default_schema:
        names.insert(0, schema)
    return ".".join(names)


def prisma_can_express(index: Index) -> bool:
    """Whether `@@index`/`@@unique` can declare this index. Expression keys, NULLS FIRST/LAST,
    collations, INCLUDE, NULLS NOT DISTINCT and WHERE have no attribute (partial indexes only exist
    as a Prisma 7 preview), so such an index written by hand in a migration is outside the model,
    not drift (Prisma's drift check drops them: `prisma/prisma-engines #5789`)."""
    keys_ok = all(not c.expression and c.nulls_first is None and not c.collation for c in index.columns)
    return keys_ok and not index.predicate and not index.include and not index.nulls_not_distinct


class DifferenceFindings:
    """Findings of one catalog comparison (expected: the schema's catalog; actual: the database's)."""

    def __init__(self, expected: Catalog, actual: Catalog, comparison: str, side: str = "the database"):
        self.expected, self.actual, self.comparison, self.side = expected, actual, comparison, side
        self.default = expected.default_schema
        self.sql = ClosingSql(expected, actual)

    def __call__(self, difference: Difference) -> Finding:
        rule = RULES[self.rule_id(difference)]
        severity = self.severity(difference, rule)
        sql = self.sql(difference) if rule.group != OUTSIDE_MODEL or rule.id in _RULE_HELP else None
        help_text = _RULE_HELP.get(rule.id, _HELP.get(rule.group, ""))
        data: dict[str, Any] = {
            "comparison": self.comparison, "kind": difference.kind, "group": rule.group,
            "object": self.object_name(difference), **_sides(difference),
        }
        if sql:
            data["sql"] = sql
        return Finding(rule.id, severity, self.message(difference), help_text, self.location(difference), data=data)

    def prisma5_join_table(self, key: Difference, index: Difference) -> Finding:
        """One INFO finding for an implicit many-to-many table still on Prisma 5's unique index."""
        rule = RULES["implicit-m2m-unique-index"]
        table = display_name(key.schema, key.table, default_schema=self.default)
        sql = f"{self.sql(key)}\n{self.sql(index)}"
        message = (f"implicit many-to-many table {table} has Prisma 5's unique index {index.name} on (A, B) "
                   f"{'in' if self.side == 'the database' else 'after'} {self.side}, where Prisma 6 creates "
                   f"primary key {key.name}")
        return Finding(rule.id, rule.severity, message, "equivalent; under Prisma 6, `prisma migrate dev` writes this "
                       "migration once", self.location(key),
                       data={"comparison": self.comparison, "kind": "primary-key-missing", "group": rule.group,
                             "object": table, "sql": sql})

    def rule_id(self, d: Difference) -> str:
        if d.kind == "index-unexpected" and isinstance(d.actual, Index) and not prisma_can_express(d.actual):
            return "index-outside-prisma-model"
        return KIND_RULES[d.kind]

    def severity(self, d: Difference, rule: DriftRule) -> Severity:
        """The rule's severity, raised where the difference breaks writes or reads through Prisma."""
        if d.kind == "column-unexpected" and isinstance(d.actual, Column) and _blocks_inserts(d.actual):
            return Severity.HIGH  # Prisma Client never sends the column: every insert fails
        if d.kind == "column-nullability" and d.expected == "NOT NULL":
            return Severity.MEDIUM  # rows may hold NULL where Prisma Client's types promise a value
        if d.kind == "index-missing" and isinstance(d.expected, Index) and d.expected.unique:
            return Severity.HIGH  # uniqueness unenforced; upsert's ON CONFLICT finds no unique index
        if d.kind == "index-definition" and isinstance(d.expected, Index) and isinstance(d.actual, Index) \
                and d.expected.unique != d.actual.unique:
            return Severity.HIGH
        if d.kind == "index-unexpected" and isinstance(d.actual, Index) and d.actual.unique and rule.group == UNKNOWN:
            return Severity.MEDIUM  # a uniqueness the schema does not know can refuse inserts
        if d.kind == "column-default" and d.actual is None and d.expected is not None and self._required(d):
            return Severity.HIGH  # inserts that leave the column to its default now fail
        return rule.severity

    def _required(self, d: Difference) -> bool:
        table = self.actual.table(d.table or "", d.schema or self.default)
        column = table.column(d.name or "") if table else None
        return column is not None and not column.nullable

    def object_name(self, d: Difference) -> str:
        return display_name(d.schema, d.table, d.name, default_schema=self.default)

    def location(self, d: Difference) -> Location | None:
        if d.origin is not None:
            return location_of(d.origin)
        table = self.expected.table(d.table or "", d.schema or self.default)
        return location_of(table.origin) if table is not None else None

    def message(self, d: Difference) -> str:
        return describe(d, self.object_name(d), self.side)


def _blocks_inserts(column: Column) -> bool:
    return not column.nullable and column.default is None and column.identity is None and column.generated is None


def _sides(d: Difference) -> dict[str, Any]:
    plain = d.to_dict()
    return {"schema": d.schema, "table": d.table, "name": d.name, "expected": plain["expected"], "actual": plain["actual"]}


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def describe(d: Difference, name: str, side: str = "the database") -> str:
    """One sentence naming the object and both sides, in the user's words (`side`: what the schema
    is compared with, "the database" or "the database the migrations build")."""
    template = _MESSAGES.get(d.kind)
    if template is None:
        return f"{d.kind} {name}: {d.detail}" if d.detail else f"{d.kind} {name}"
    return template(d, name, side)


def _other(d: Difference, name: str, side: str) -> str:
    obj = d.actual if isinstance(d.actual, dict) else {}
    kind = str(obj.get("kind", "object")).replace("-", " ")
    on = f" on {obj['table']}" if obj.get("table") else ""
    return f"{kind} {obj.get('name', name)}{on} exists in {side}, outside Prisma's model"


_MESSAGES = {
    "schema-missing": lambda d, n, s: f"schema {d.schema} listed in the datasource does not exist in {s}",
    "extension-missing": lambda d, n, s: f"extension {d.name} listed in the datasource is not installed",
    "enum-missing": lambda d, n, s: f"enum {n} does not exist in {s}",
    "enum-unexpected": lambda d, n, s: f"enum type {n} ({_show(d.actual)}) exists in {s} but not in the schema",
    "enum-values": lambda d, n, s: f"enum {n} has values {_show(d.actual)} in {s}, {_show(d.expected)} in the schema ({d.detail})",
    "enum-order": lambda d, n, s: f"enum {n} has its values in another order in {s}: {_show(d.actual)} instead of {_show(d.expected)}",
    "table-missing": lambda d, n, s: f"table {n} does not exist in {s}",
    "table-unexpected": lambda d, n, s: f"table {n} exists in {s} but no model maps to it",
    "table-renamed": lambda d, n, s: f"table {n} is named {d.actual} in {s}",
    "column-missing": lambda d, n, s: f"column {n} does not exist in {s}",
    "column-unexpected": lambda d, n, s: f"column {n} exists in {s} but no field maps to it"
                                      + (" (NOT NULL without a default: inserts through Prisma fail)"
                                         if isinstance(d.actual, Column) and _blocks_inserts(d.actual) else ""),
    "column-renamed": lambda d, n, s: f"column {n} is named {d.actual} in {s}",
    "column-type": lambda d, n, s: f"column {n} is {d.actual} in {s}, {d.expected} in the schema",
    "column-nullability": lambda d, n, s: f"column {n} is {d.actual} in {s}, {d.expected} in the schema",
    "column-default": lambda d, n, s: f"column {n} has default {_show(d.actual)} in {s}, {_show(d.expected)} in the schema",
    "column-identity": lambda d, n, s: f"column {n} is an identity column ({_show(d.actual)}) in {s}; the schema says {_show(d.expected)}",
    "column-generated": lambda d, n, s: f"generated column {n} is computed as {_show(d.actual)} in {s}, {_show(d.expected)} in the schema",
    "primary-key-missing": lambda d, n, s: f"primary key {n} does not exist in {s}",
    "primary-key-unexpected": lambda d, n, s: f"primary key {n} exists in {s} but the model declares none",
    "primary-key": lambda d, n, s: f"primary key {n} covers ({_show(d.actual)}) in {s}, ({_show(d.expected)}) in the schema",
    "primary-key-name": lambda d, n, s: f"primary key {n} is named {d.actual} in {s}",
    "index-missing": lambda d, n, s: f"index {n} does not exist in {s}",
    "index-unexpected": lambda d, n, s: f"index {n} exists in {s} but the schema does not declare it",
    "index-renamed": lambda d, n, s: f"index {n} is named {d.actual} in {s}",
    "index-definition": lambda d, n, s: f"index {n} {d.detail} between {s} and the schema",
    "index-invalid": lambda d, n, s: f"index {n} is invalid: left behind by a failed CREATE INDEX CONCURRENTLY",
    "foreign-key-missing": lambda d, n, s: f"foreign key {n} does not exist in {s}",
    "foreign-key-unexpected": lambda d, n, s: f"foreign key {n} exists in {s} but no relation declares it",
    "foreign-key-renamed": lambda d, n, s: f"foreign key {n} is named {d.actual} in {s}",
    "foreign-key-action": lambda d, n, s: f"foreign key {n} has {d.detail}",
    "foreign-key-definition": lambda d, n, s: f"foreign key {n} {d.detail} between {s} and the schema",
    "foreign-key-not-valid": lambda d, n, s: f"foreign key {n} was added NOT VALID and never validated: existing rows are unchecked",
    "view-missing": lambda d, n, s: f"view {n} is declared in the schema but does not exist (Prisma's migrations never create views: "
                                 "queries on it fail until a migration creates it)",
    "view-unexpected": lambda d, n, s: f"{d.detail.split(' outside')[0]} {n} exists in {s}, outside Prisma's model",
    "view-column-missing": lambda d, n, s: f"view column {n} is declared in the schema but the view has no such column",
    "view-column-unexpected": lambda d, n, s: f"view column {n} exists in {s} but the view block does not declare it",
    "view-column-type": lambda d, n, s: f"view column {n} is {d.actual} in {s}, {d.expected} in the schema",
    "other-object": _other,
}
