"""The decision matrix: which ORM a query's features call for, as data a project can override.

The product's rules: Prisma owns the schema and the migrations; Drizzle for simple CRUD, batch
inserts and JSONB; Kysely for complex joins, analytics and raw SQL; Prisma as the familiar default.
Each rule names the features it tests (`when`), the ORM(s) it prefers, a weight and the reason in
terms of those features. Every rule that holds adds its weight to its ORM(s); the highest score
wins, ties go to the default ORM first, then to `order`. ORMs tied at the top are all acceptable
(the scanner reports a query only when its ORM is not one of them).

Overrides, in `[tool.triple-orm.advise]`:

    default = "prisma"                       # the tie-breaker and the choice when nothing decides
    [tool.triple-orm.advise.rules.jsonb]     # change a rule: prefer, weight, when, reason, enabled
    prefer = "kysely"
    [tool.triple-orm.advise.rules.deep-include]
    enabled = false
    [tool.triple-orm.advise.rules.big-joins] # or add one
    when = { joins = { min = 4 } }
    prefer = "kysely"
    weight = 10
    reason = "{joins}: our rule for reports"
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from tools.advise.features import _DERIVED, QueryFeatures, _describe
from tools.errors import ConfigError

ORMS = ("prisma", "drizzle", "kysely")

DEFAULT_MATRIX: dict[str, Any] = {
    "default": "prisma",
    "order": ["prisma", "drizzle", "kysely"],
    "rules": {
        "schema-change": {
            "when": {"operation": "schema"}, "prefer": "prisma", "weight": 100,
            "reason": "{operation}: Prisma owns the schema and the migrations (`prisma migrate dev`), and "
                      "`triple-orm sync` then regenerates the Drizzle schema and the Kysely types; "
                      "drizzle-kit push/migrate against this database would make it drift from the migrations",
        },
        "per-row-writes": {
            "when": {"per_row_writes": True, "operation": "write"}, "prefer": "drizzle", "weight": 5,
            "reason": "{per_row_writes}: one statement and one round trip per row; Drizzle sends the rows "
                      "as one multi-row INSERT (`db.insert(table).values(rows)`)",
        },
        "batch-write": {
            "when": {"batch": True, "operation": "write"}, "prefer": "drizzle", "weight": 4,
            "reason": "{batch}: Drizzle writes them in one multi-row INSERT with the column types checked, "
                      "returns what you ask for, and chunks are plain arrays",
        },
        "high-frequency-write": {
            "when": {"high_frequency": True, "operation": "write"}, "prefer": "drizzle", "weight": 3,
            "reason": "{high_frequency}: Drizzle is a thin layer over the driver (no query engine between "
                      "the code and PostgreSQL), the cheapest path per insert",
        },
        "jsonb": {
            "when": {"jsonb_operators": True}, "prefer": "drizzle", "weight": 3,
            "reason": "{jsonb_operators}: Prisma's Json filters stop at path equality and containment; "
                      "Drizzle types the column with $type<>() and writes the operator in sql`` beside typed columns",
        },
        "complex-joins": {
            "when": {"joins": {"min": 2}}, "prefer": "kysely", "weight": 4,
            "reason": "{joins}: Kysely writes the joins as SQL, with every alias and column checked against the DB "
                      "interface; Prisma would load relations in separate queries or need $queryRaw",
        },
        "analytics": {
            "when": {"group_by": True}, "prefer": "kysely", "weight": 4,
            "reason": "{group_by} over {aggregates}: analytics are Kysely's ground (typed aggregates, HAVING, "
                      "expressions in GROUP BY); Prisma's groupBy takes one table and plain columns only",
        },
        "aggregate-over-join": {
            "when": {"aggregates": True, "joins": {"min": 1}}, "prefer": "kysely", "weight": 3,
            "reason": "{aggregates} across {joins}: Prisma cannot aggregate over a join without $queryRaw",
        },
        "window-functions": {
            "when": {"window_functions": True}, "prefer": "kysely", "weight": 6,
            "reason": "{window_functions}: Prisma has no window functions; Kysely builds OVER (…) with `.over()`",
        },
        "ctes": {
            "when": {"ctes": {"min": 1}}, "prefer": "kysely", "weight": 6,
            "reason": "{ctes}: Kysely's `.with()` keeps each CTE typed; Prisma has none",
        },
        "subqueries": {
            "when": {"any": [{"subqueries": {"min": 1}}, {"set_operations": {"min": 1}}]}, "prefer": "kysely",
            "weight": 4,
            "reason": "{subqueries}{set_operations}: Kysely composes subqueries and set operations as typed builders",
        },
        "distinct-on": {
            "when": {"distinct_on": True}, "prefer": "kysely", "weight": 4,
            "reason": "{distinct_on} (the first row of each group): Prisma's `distinct` drops duplicates in memory "
                      "after fetching every row; Kysely keeps it in SQL with `.distinctOn()`",
        },
        "raw-sql": {
            "when": {"raw_sql": True}, "prefer": "kysely", "weight": 4,
            "reason": "{raw_sql}: the result of $queryRaw is whatever type you assert; Kysely builds the same SQL "
                      "(or its sql`` template) with the result typed from the schema",
        },
        "vector-search": {
            "when": {"vector_operators": True}, "prefer": "kysely", "weight": 5,
            "reason": "{vector_operators}: Prisma cannot select or compare an Unsupported(\"vector\") column; "
                      "Kysely puts the operator in sql`` inside a typed query",
        },
        "deep-include": {
            "when": {"any": [{"include_depth": {"min": 3}}, {"relations": {"min": 5}}]}, "prefer": "kysely",
            "weight": 4,
            "reason": "{include_depth}: Prisma runs one query per relation level; Kysely fetches the tree in one "
                      "query with jsonArrayFrom/jsonObjectFrom",
        },
        "simple-crud": {
            "when": {"complex": False, "batch": False, "per_row_writes": False, "high_frequency": False,
                     "jsonb_operators": False, "distinct_on": False, "operation": ["read", "write"]},
            "prefer": ["prisma", "drizzle"], "weight": 2,
            "reason": "{operation} on one table without joins or aggregates: simple CRUD, where Prisma (the team's "
                      "familiar default) and Drizzle both fit",
        },
    },
}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: dict[str, Any]
    prefer: tuple[str, ...]
    weight: int
    reason: str

    def holds(self, features: QueryFeatures) -> bool:
        return _holds(self.when, features)

    def explain(self, features: QueryFeatures) -> str:
        names = {name: _describe(features, name) for name in _REASON_FIELDS}
        return self.reason.format(**names).replace("  ", " ")


_REASON_FIELDS = ("operation", "joins", "include_depth", "aggregates", "group_by", "window_functions", "ctes",
                  "subqueries", "set_operations", "jsonb_operators", "vector_operators", "batch", "per_row_writes",
                  "high_frequency", "raw_sql", "transaction", "distinct_on")


@dataclass(slots=True)
class Reason:
    rule: str
    orm: tuple[str, ...]
    weight: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "prefers": list(self.orm), "weight": self.weight, "text": self.text}


@dataclass(slots=True)
class Decision:
    orm: str
    scores: dict[str, int]
    acceptable: list[str]
    reasons: list[Reason] = field(default_factory=list)

    def gap(self, orm: str) -> int:
        """How far `orm` is behind the recommendation (0 when it is acceptable)."""
        return self.scores[self.orm] - self.scores.get(orm, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"orm": self.orm, "scores": dict(self.scores), "acceptable": list(self.acceptable),
                "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(slots=True)
class DecisionMatrix:
    default: str
    order: tuple[str, ...]
    rules: list[Rule]

    def decide(self, features: QueryFeatures) -> Decision:
        scores = {orm: 0 for orm in ORMS}
        reasons = []
        for rule in self.rules:
            if rule.holds(features):
                for orm in rule.prefer:
                    scores[orm] += rule.weight
                reasons.append(Reason(rule.id, rule.prefer, rule.weight, rule.explain(features)))
        best = max(scores.values())
        ranking = [self.default] + [o for o in self.order if o != self.default]
        acceptable = [orm for orm in ranking if scores[orm] == best]
        if not reasons:
            reasons.append(Reason("default", (self.default,), 0,
                                  f"no deciding feature found: {self.default.capitalize()}, the familiar default"))
        reasons.sort(key=lambda r: (acceptable[0] not in r.orm, -r.weight))
        return Decision(acceptable[0], scores, acceptable, reasons)


def load_matrix(overrides: dict[str, Any] | None = None) -> DecisionMatrix:
    """The default matrix with a project's `[tool.triple-orm.advise]` overrides applied."""
    data = copy.deepcopy(DEFAULT_MATRIX)
    overrides = {k.replace("_", "-"): v for k, v in (overrides or {}).items()}
    default = overrides.get("default", data["default"])
    order = overrides.get("order", data["order"])
    _check_orm(default, "default")
    for orm in order:
        _check_orm(orm, "order")
    for rule_id, change in (overrides.get("rules") or {}).items():
        if not isinstance(change, dict):
            raise ConfigError(f"[tool.triple-orm.advise.rules.{rule_id}] must be a table")
        merged = {**data["rules"].get(rule_id, {}), **{k.replace("_", "-"): v for k, v in change.items()}}
        data["rules"][rule_id] = merged
    rules = [_rule(rule_id, spec) for rule_id, spec in data["rules"].items() if spec.get("enabled", True)]
    return DecisionMatrix(default, tuple(order), rules)


def _rule(rule_id: str, spec: dict[str, Any]) -> Rule:
    for key in ("when", "prefer"):
        if key not in spec:
            raise ConfigError(f"advise rule `{rule_id}` needs `{key}`",
                              help="a rule is: when = { feature = condition }, prefer = \"kysely\", weight = 3")
    prefer = (spec["prefer"],) if isinstance(spec["prefer"], str) else tuple(spec["prefer"])
    for orm in prefer:
        _check_orm(orm, f"rules.{rule_id}.prefer")
    _check_condition(rule_id, spec["when"])
    weight = spec.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise ConfigError(f"advise rule `{rule_id}`: weight must be an integer, not {weight!r}")
    return Rule(rule_id, spec["when"], prefer, weight, spec.get("reason", f"rule {rule_id}"))


def _check_orm(value: Any, where: str) -> None:
    if value not in ORMS:
        raise ConfigError(f"[tool.triple-orm.advise] {where}: unknown ORM {value!r}", help=f"use one of {', '.join(ORMS)}")


FEATURE_NAMES = frozenset(QueryFeatures.__dataclass_fields__) | frozenset(_DERIVED)


def _check_condition(rule_id: str, when: Any) -> None:
    if not isinstance(when, dict):
        raise ConfigError(f"advise rule `{rule_id}`: `when` must be a table of feature = condition")
    for name, condition in when.items():
        if name == "any":
            for part in condition:
                _check_condition(rule_id, part)
        elif name not in FEATURE_NAMES:
            raise ConfigError(f"advise rule `{rule_id}` tests unknown feature `{name}`",
                              help="features: " + ", ".join(sorted(FEATURE_NAMES)))


def _holds(when: dict[str, Any], features: QueryFeatures) -> bool:
    for name, condition in when.items():
        if name == "any":
            if not any(_holds(part, features) for part in condition):
                return False
        elif not _test(features.value(name), condition):
            return False
    return True


def _test(value: Any, condition: Any) -> bool:
    """bool: truthiness; str: equality; list: membership; {min, max}: bounds (on the length of a list)."""
    if isinstance(condition, bool):
        return bool(value) == condition
    if isinstance(condition, str):
        return value == condition
    if isinstance(condition, list):
        return value in condition
    if isinstance(condition, dict):
        number = len(value) if isinstance(value, list) else (value or 0)
        return number >= condition.get("min", number) and number <= condition.get("max", number)
    return value == condition
