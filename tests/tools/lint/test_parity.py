"""Parity with squawk over every corpus migration (CI only: needs ../shared/corpus and squawk-cli).

For each squawk rule one of our rules covers, every squawk finding must be matched by one of ours
on the same statement, or be left out by a documented exemption that the rule recorded there
("table created earlier in this migration", "binary-coercible type change", ...). The levels
asserted are the ones `evals/lint_parity.py` prints today (it shows the samples behind them).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from testkit.paths import REPO, require_corpus

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

EXPLAINED_AT_LEAST = 0.99  # per covered squawk rule: matched + documented exemptions
MATCHED_AT_LEAST = {"prisma": 0.65, "plain": 0.60}  # over all covered rules, matched on the same statement


def parity_module():
    spec = importlib.util.spec_from_file_location("lint_parity", REPO / "evals" / "lint_parity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_parity"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def parity():
    require_corpus()
    if not (Path(sys.executable).parent / "squawk").exists() and not shutil.which("squawk"):
        pytest.skip("squawk-cli is not installed (pip install -e '.[test]')")
    module = parity_module()
    files = module.corpus_files()
    return {mode: module.compare(mode, files) for mode in ("prisma", "plain")}


@pytest.mark.parametrize("mode", ["prisma", "plain"])
def test_every_covered_squawk_finding_is_matched_or_explained(parity, mode: str) -> None:
    result = parity[mode]
    weak = {name: f"{r.ratio(True):.1%} ({len(r.missed)} missed, e.g. {r.missed[:2]})"
            for name, r in result.rules.items() if r.ratio(True) < EXPLAINED_AT_LEAST}
    assert not weak, weak


@pytest.mark.parametrize("mode", ["prisma", "plain"])
def test_most_squawk_findings_are_matched_on_the_same_statement(parity, mode: str) -> None:
    rules = parity[mode].rules.values()
    matched = sum(r.matched for r in rules) / max(1, sum(r.total for r in rules))
    assert matched >= MATCHED_AT_LEAST[mode], f"{matched:.1%}"


def test_the_squawk_rules_of_peers_1_5_are_all_covered() -> None:
    from tools.lint.rules import REGISTRY

    covered = {s for rule in REGISTRY for s in rule.squawk}
    default_set = {
        "adding-field-with-default", "adding-foreign-key-constraint", "adding-not-nullable-field", "adding-required-field",
        "adding-serial-primary-key-field", "ban-alter-domain-with-add-constraint", "ban-char-field",
        "ban-concurrent-index-creation-in-transaction", "ban-create-domain-with-constraint", "ban-drop-column",
        "ban-drop-database", "ban-drop-not-null", "ban-drop-table", "ban-duplicate-column-assignments",
        "ban-truncate-cascade", "ban-uncommitted-transaction", "changing-column-type", "constraint-missing-not-valid",
        "disallowed-unique-constraint", "identifier-too-long", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
        "prefer-identity", "prefer-repack", "prefer-robust-stmts", "prefer-text-field", "prefer-timestamptz",
        "renaming-column", "renaming-table", "require-concurrent-index-creation", "require-concurrent-index-deletion",
        "require-concurrent-partition-detach", "require-concurrent-reindex", "require-enum-value-ordering",
        "require-lock-timeout", "require-statement-timeout", "require-table-schema", "transaction-nesting", "syntax-error",
    }
    assert default_set <= covered, default_set - covered
