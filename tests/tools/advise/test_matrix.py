"""The decision matrix: each rule fires on its features and prefers its ORM, reasons name the
features, ties go to the default, and a project's overrides change, disable and add rules."""

from __future__ import annotations

import pytest

from tools.advise.features import QueryFeatures
from tools.advise.matrix import DEFAULT_MATRIX, load_matrix
from tools.errors import ConfigError

# rule -> (features that make it hold, the ORM it prefers, a word its reason must contain)
CASES = {
    "schema-change": (dict(operation="schema"), "prisma", "migrations"),
    "per-row-writes": (dict(operation="write", statement="create", per_row_writes=True), "drizzle", "loop"),
    "batch-write": (dict(operation="write", statement="insert", batch_size=500), "drizzle", "500 rows"),
    "high-frequency-write": (dict(operation="write", statement="insert", high_frequency=True), "drizzle", "high-frequency"),
    "jsonb": (dict(operation="read", jsonb_operators=["->>"]), "drizzle", "->>"),
    "complex-joins": (dict(operation="read", joins=3, join_kinds=["inner", "inner", "left"]), "kysely", "3 joins"),
    "analytics": (dict(operation="read", group_by=True, aggregates=["sum"]), "kysely", "SUM"),
    "window-functions": (dict(operation="read", window_functions=["rank"]), "kysely", "rank"),
    "ctes": (dict(operation="read", ctes=2), "kysely", "2 CTEs"),
    "subqueries": (dict(operation="read", subqueries=1), "kysely", "subquery"),
    "raw-sql": (dict(operation="read", raw_sql=True), "kysely", "raw SQL"),
    "vector-search": (dict(operation="read", vector_operators=["<=>"]), "kysely", "<=>"),
    "deep-include": (dict(operation="read", relations=6, include_depth=3), "kysely", "depth 3"),
    "distinct-on": (dict(operation="read", distinct=True, distinct_on=True), "kysely", "DISTINCT ON"),
}


def features(**values) -> QueryFeatures:
    return QueryFeatures("sql", **values)


def test_every_default_rule_has_a_case() -> None:
    assert set(DEFAULT_MATRIX["rules"]) - {"aggregate-over-join", "simple-crud"} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_and_decides(rule: str) -> None:
    values, orm, word = CASES[rule]
    decision = load_matrix().decide(features(**values))
    fired = {r.rule: r for r in decision.reasons}
    assert rule in fired and decision.orm == orm
    assert word in fired[rule].text
    assert decision.reasons[0].rule in CASES or decision.reasons[0].orm[0] == orm


def test_simple_crud_is_a_tie_won_by_the_default() -> None:
    decision = load_matrix().decide(features(operation="read", statement="select"))
    assert decision.orm == "prisma" and decision.acceptable == ["prisma", "drizzle"]
    assert decision.gap("kysely") == 2 and decision.gap("drizzle") == 0


def test_nothing_decisive_falls_back_to_the_familiar_default() -> None:
    decision = load_matrix().decide(QueryFeatures("intent"))
    assert decision.orm == "prisma" and decision.reasons[0].rule == "default"
    assert "familiar default" in decision.reasons[0].text


def test_analytics_beats_jsonb_and_schema_change_beats_everything() -> None:
    mixed = features(operation="read", jsonb_operators=["->>"], group_by=True, aggregates=["count"], joins=2)
    assert load_matrix().decide(mixed).orm == "kysely"
    ddl = features(operation="schema", joins=5, group_by=True)
    assert load_matrix().decide(ddl).orm == "prisma"


def test_overrides_change_disable_and_add_rules() -> None:
    matrix = load_matrix({
        "default": "drizzle",
        "rules": {
            "jsonb": {"prefer": "kysely"},
            "deep-include": {"enabled": False},
            "big-joins": {"when": {"joins": {"min": 4}}, "prefer": "prisma", "weight": 50, "reason": "{joins}: ours"},
        },
    })
    assert matrix.decide(features(operation="read", jsonb_operators=["@>"])).orm == "kysely"
    assert matrix.decide(features(operation="read", relations=8, include_depth=4)).orm == "drizzle"
    big = matrix.decide(features(operation="read", joins=4, join_kinds=["inner"] * 4))
    assert big.orm == "prisma" and big.reasons[0].text == "4 joins (4 inner): ours"
    assert matrix.decide(features(operation="read")).orm == "drizzle"  # the new default wins the tie


@pytest.mark.parametrize("overrides, message", [
    ({"default": "typeorm"}, "unknown ORM 'typeorm'"),
    ({"rules": {"jsonb": {"prefer": "sequelize"}}}, "unknown ORM 'sequelize'"),
    ({"rules": {"mine": {"when": {"colour": True}, "prefer": "kysely"}}}, "unknown feature `colour`"),
    ({"rules": {"mine": {"prefer": "kysely"}}}, "needs `when`"),
    ({"rules": {"jsonb": {"weight": "high"}}}, "weight must be an integer"),
    ({"rules": {"jsonb": 3}}, "must be a table"),
])
def test_bad_overrides_are_configuration_errors(overrides, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("`", "`")):
        load_matrix(overrides)
