"""The rule table: stable kebab-case ids, every catalog difference kind mapped to one, every rule
reachable from the code that reports it, and the closing SQL of the kinds the seeds cannot reach."""

from __future__ import annotations

import re
from pathlib import Path

import tools.drift
from tools.catalog.compare import KINDS, Difference
from tools.catalog.model import Catalog, Column, EnumType, Index, IndexColumn, Table
from tools.drift.closing_sql import ClosingSql
from tools.drift.rules import GROUP_TITLES, KIND_RULES, RULES
from tools.findings import Severity


def test_rule_ids_are_stable_kebab_case_with_a_group_and_a_summary():
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", rule.id), rule.id
        assert rule.group in GROUP_TITLES and rule.summary and isinstance(rule.severity, Severity)
    assert len(RULES) >= 60


def test_every_difference_kind_has_a_rule():
    kinds = {k for group in KINDS.values() for k in group}
    assert set(KIND_RULES) == kinds
    assert set(KIND_RULES.values()) <= set(RULES)


def test_every_rule_is_reported_somewhere():
    """A rule no module names is a rule that can never fire."""
    folder = Path(tools.drift.__file__).parent
    code = "".join(p.read_text() for p in folder.glob("*.py") if p.name != "rules.py")
    mapped = set(KIND_RULES.values())
    prefixes = re.findall(r'"((?:drizzle|kysely)-[a-z-]+)"', code)
    unreached = [r for r in RULES if r not in mapped and f'"{r}"' not in code and r not in prefixes]
    assert unreached == []


def _catalog() -> Catalog:
    catalog = Catalog()
    table = catalog.add_table(Table("Post", columns=[Column("id", "integer", nullable=False)]))
    table.indexes.append(Index("Post_id_idx", [IndexColumn("id")]))
    catalog.add_enum(EnumType("Mood", ["a", "b", "c"]))
    return catalog


def test_closing_sql_of_kinds_no_seed_reaches():
    """Statements for differences the seeded tests cannot produce in a transaction (an invalid index
    needs CREATE INDEX CONCURRENTLY) or that a corpus schema does not have (schemas, extensions)."""
    close = ClosingSql(_catalog(), Catalog())
    assert close(Difference("index-invalid", "public", "Post", "Post_id_idx")) == 'REINDEX INDEX CONCURRENTLY "Post_id_idx";'
    assert close(Difference("schema-missing", "audit", None, expected="audit")) == 'CREATE SCHEMA IF NOT EXISTS "audit";'
    assert close(Difference("extension-missing", None, None, "citext")) == 'CREATE EXTENSION IF NOT EXISTS "citext";'
    assert close(Difference("other-object", "public", "t")) is None
    added = close(Difference("enum-values", "public", "Mood", expected=["a", "b", "c"], actual=["a", "c"]))
    assert added == """ALTER TYPE "Mood" ADD VALUE 'b' BEFORE 'c';"""
    assert close(Difference("view-missing", "public", "v")) is None
