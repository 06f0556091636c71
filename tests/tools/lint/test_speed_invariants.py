"""What the linter's speed relies on and must not break (the figures themselves: evals/bench_lint.py)."""

from __future__ import annotations

import gc

import pytest

from tools.lint.engine import Linter
from tools.lint.history import SchemaState
from tools.lint.rules import REGISTRY
from tools.gcpause import cycle_collector_paused
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


def histories() -> list[list[str]]:
    """The SQL of every corpus migration history, oldest first (empty where the corpus is absent)."""
    from testkit.corpus import corpus_schemas

    return [[path.read_text(encoding="utf-8-sig") for path in sorted(schema.migrations.glob("*/migration.sql"))]
            for schema in corpus_schemas()]


# files where the shortcut must stand aside: an ignore comment above the first statement would govern
# the SET instead, so the DROP COLUMN is no longer ignored and the fix must be refused
TRICKY = [
    '-- triple-orm-ignore ban-drop-column: emptied and unused since v2\nALTER TABLE "User" DROP COLUMN "legacy";\n'
    'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n',
    'BEGIN;\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\nCOMMIT;\nCREATE INDEX "User_bio_idx" ON "User"("bio");\n',
]

SHORTCUT_SETTINGS = {
    "defaults": {},
    # the LOW timeout rule and the single-statement rule become relevant to a MEDIUM fix
    "severities raised": {"require-statement-timeout": "HIGH", "prefer-robust-stmts": "HIGH", "regenerate-drizzle-and-kysely": "MEDIUM"},
}


@pytest.mark.parametrize("runner", ["prisma", "drizzle", "plain"])
@pytest.mark.parametrize("settings", list(SHORTCUT_SETTINGS), ids=list(SHORTCUT_SETTINGS))
def test_the_leading_set_shortcut_agrees_with_linting_again(runner: str, settings: str) -> None:
    # `SET lock_timeout` before the first statement is accepted without linting again when the
    # outcome is certain: wherever the shortcut says so, linting the fixed file must agree
    linter = Linter(LintSettings(rules=SHORTCUT_SETTINGS[settings]))
    with cycle_collector_paused():
        taken = sum(shortcuts_checked(linter, runner, history) for history in histories() + [[sql for _, sql in every_example()], TRICKY])
    assert taken >= (1000 if histories() else 1)


def shortcuts_checked(linter: Linter, runner: str, history: list[str]) -> int:
    """Lint a history; wherever the shortcut accepts a fix, lint the fixed file to confirm. How many."""
    from tools.lint.fixcheck import FixCheck
    from tools.lint.parse import parse_sql

    taken, state = 0, SchemaState()
    for number, text in enumerate(history):
        parsed, before = parse_sql(text), state.copy()
        findings = linter.lint_parsed(parsed, f"{number}.sql", runner, state, verify_fixes=False).findings
        check = FixCheck(linter, parsed, f"{number}.sql", runner, before, None, findings)
        for finding in findings:
            if finding.fix and check.setting_first_is_certain(finding):
                taken += 1
                assert check.ok_by_relinting([finding]), (runner, number, text[:300])
    return taken


def every_case() -> list[tuple[str, LintSettings, list[str], str]]:
    """(runner, settings, history, SQL) of every YAML case and docstring example, exemptions collected."""
    from pathlib import Path

    import yaml

    from tools.lint.settings import parse_pg_version, parse_rule_table, parse_version

    out = [(runner, LintSettings(collect_exemptions=True), [], sql) for runner, sql in every_example()]
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for case in data["cases"].values():
            config = {**data.get("config_all", {}), **case.get("config", {})}
            settings = LintSettings(rules=parse_rule_table(config.get("rules", {})), collect_exemptions=True)
            if "pg-version" in config:
                settings = settings.with_(pg_version=parse_pg_version(config["pg-version"]))
            if "prisma-version" in config:
                settings = settings.with_(prisma_version=parse_version(str(config["prisma-version"])))
            for sql in (case.get("fail_sql"), case.get("pass_sql")):
                if sql:
                    out.append((config.get("runner", "plain"), settings, case.get("history") or [], sql))
    return out


def lint_everything(cases) -> list:
    from tools.lint import lint_sql

    reports = [lint_sql(sql, runner=runner, settings=settings, history=history) for runner, settings, history, sql in cases]
    return [([f.to_dict() for f in r.findings], r.exemptions) for r in reports]


def test_alter_table_subcommand_dispatch_changes_nothing(monkeypatch) -> None:
    # a rule declaring `alter_subtypes` is not called for other ALTER TABLEs: it must not have had
    # anything to say (finding, note or exemption) about them
    cases = every_case()
    filtered = lint_everything(cases)
    for rule in REGISTRY:
        monkeypatch.setattr(rule, "alter_subtypes", None)
    assert lint_everything(cases) == filtered
    assert sum(len(findings) for findings, _ in filtered) > 500


def located(stmt) -> list[int]:
    """Every location in the statement's tree, as a byte offset into the file."""
    out, stack = [], [stmt.node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out += [stmt.byte_base + v for k, v in item.items() if k == "location" and isinstance(v, int) and v >= 0]
            stack += [v for v in item.values() if isinstance(v, (dict, list))]
        elif isinstance(item, list):
            stack += item
    return sorted(out)


@pytest.mark.parametrize("text", ["ascii", "non-ascii"])
def test_fix_checks_parse_only_what_changed_and_agree_with_a_full_parse(text: str) -> None:
    # a statement inserted before another is parsed alone and the other one moved: every place in
    # every tree must be where a parse of the whole edited file puts it
    import random

    from tools.findings import TextEdit
    from tools.lint.parse import apply_text_edits, parse_sql, reparse_edited

    sql = ('CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT);\n\n-- CreateIndex\n'
           'CREATE INDEX "User_name_idx" ON "User"("name");\nALTER TABLE "User" ADD COLUMN "bio" TEXT  ;\n'
           'ALTER TABLE "Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id");\nSELECT 1')
    if text == "non-ascii":
        sql = "-- é ✓\n" + sql.replace('"bio"', '"bïo"')
    parsed, rng = parse_sql(sql), random.Random(7)
    for _ in range(300):
        edits = set()
        for stmt in rng.sample(parsed.statements, rng.randint(1, 3)):
            edits.add(rng.choice([TextEdit(stmt.start, stmt.start, "SET LOCAL lock_timeout = '5s';\n"),
                                  TextEdit(stmt.start, stmt.start, "SELECT 'ü';\n"), TextEdit(stmt.end, stmt.end, " "),
                                  TextEdit(stmt.start, stmt.start, "SET x = '1';"), TextEdit(len(sql), len(sql), "\nCOMMIT;\n")]))
        edits = sorted(edits, key=lambda e: (e.start, e.end, e.text))
        fast = reparse_edited(parsed, edits)
        if fast is None:
            continue
        full = parse_sql(apply_text_edits(sql, edits))
        assert [(s.kind, s.start, s.end, s.text) for s in fast.statements] == [(s.kind, s.start, s.end, s.text) for s in full.statements]
        assert [located(s) for s in fast.statements] == [located(s) for s in full.statements]
