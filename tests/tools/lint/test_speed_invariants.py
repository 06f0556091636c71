"""What the linter's speed relies on and must not break (the figures themselves: evals/bench_lint.py)."""

from __future__ import annotations

import gc

from tools.lint.engine import Linter
from tools.lint.history import SchemaState
from tools.lint.rules import REGISTRY
from tools.lint.runner import cycle_collector_paused
from tools.lint.settings import LintSettings


def every_example() -> list[tuple[str, str]]:
    """(runner, SQL) of every Bad and Good example in the rules' docstrings."""
    return [(example.settings.get("runner", "plain"), example.sql) for rule in REGISTRY for example in rule.spec().examples]


def test_linting_leaves_no_reference_cycles() -> None:
    # the runner pauses Python's cycle collector while linting: any cycle would be memory that only
    # comes back when the collector runs again, so linting must leave none behind
    linter = Linter(LintSettings(rules={rule.id: "on" for rule in REGISTRY if rule.opt_in}))
    examples = every_example()
    for runner, sql in examples[:3]:  # imports and lazy module state settle first
        linter.lint_text(sql, "warm.sql", runner, SchemaState())
    with cycle_collector_paused():
        gc.collect()
        state = SchemaState()
        results = [linter.lint_text(sql, f"{number}.sql", runner, state) for number, (runner, sql) in enumerate(examples)]
        del results, state
        assert gc.collect() == 0


def test_the_cycle_collector_is_restored() -> None:
    assert gc.isenabled()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # a caller that had turned it off keeps it off
    finally:
        gc.enable()
