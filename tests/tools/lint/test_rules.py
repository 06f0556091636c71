"""Every rule: registered, documented with Bad/Good examples that are executed, and YAML cases that pass.

Case files live in `cases/<rule-id>.yaml` (sqlfluff's layout): each case has `fail_sql` (the rule
must fire) or `pass_sql` (it must not), optional `config` (runner, pg-version, prisma-version,
rules), `history` (earlier migrations, oldest first), and checks: `severity`, `count`,
`message_contains`, `also` / `absent` (other rules), `fix_sql` (applying the rule's fixes to
`fail_sql` gives exactly this text, and linting it no longer raises the rule), `no_fix`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tools.lint import lint_sql
from tools.lint.engine import apply_edits
from tools.lint.rules import REGISTRY, RULES_BY_ID
from tools.lint.settings import LintSettings, parse_pg_version, parse_rule_table, parse_version

CASES = Path(__file__).parent / "cases"
RULES_DIR = Path(__import__("tools.lint.rules", fromlist=["x"]).__file__).parent
KEBAB = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")


def settings_for(config: dict, rule_id: str) -> LintSettings:
    rules = parse_rule_table(config.get("rules", {}))
    if RULES_BY_ID[rule_id].opt_in and "rules" not in config:
        rules[rule_id] = "on"
    settings = LintSettings(rules=rules)
    if "pg-version" in config:
        settings = settings.with_(pg_version=parse_pg_version(config["pg-version"]))
    if "prisma-version" in config:
        settings = settings.with_(prisma_version=parse_version(str(config["prisma-version"])))
    return settings


def run_case(rule_id: str, sql: str, config: dict, history: list[str] | None = None):
    return lint_sql(sql, runner=config.get("runner", "plain"), settings=settings_for(config, rule_id), history=history)


def load_cases():
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for name, case in data["cases"].items():
            config = {**data.get("config_all", {}), **case.get("config", {})}
            params.append(pytest.param(data["rule"], case, config, id=f"{data['rule']}::{name}"))
    return params


# -- the registry --------------------------------------------------------------------------------

def test_every_rule_file_is_registered_and_every_registered_rule_has_a_file() -> None:
    from tools.lint.ruleids import rule_ids

    files = {p.stem for p in RULES_DIR.glob("*.py") if not p.stem.startswith("_")}
    registered = {cls.__module__.rsplit(".", 1)[1] for cls in REGISTRY}
    assert files == registered, f"unregistered: {files - registered}; without a file: {registered - files}"
    assert rule_ids() == set(RULES_BY_ID)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_rule_identity(rule) -> None:
    assert KEBAB.match(rule.id), rule.id
    assert rule.__module__.rsplit(".", 1)[1] == rule.id.replace("-", "_")
    assert list(RULES_BY_ID).count(rule.id) == 1


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_docstring_is_a_complete_spec(rule) -> None:
    spec = rule.spec()
    assert spec.summary and not spec.summary.startswith(("Why", "Bad")), rule.id
    assert len(spec.why) > 40, f"{rule.id}: the Why section explains the lock or the failure"
    assert spec.exemptions, f"{rule.id}: an Exemptions line (\"none\" is an answer)"
    kinds = [e.kind for e in spec.examples]
    assert "bad" in kinds and "good" in kinds, f"{rule.id}: needs a Bad and a Good SQL block"


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.id)
def test_rule_has_yaml_cases(rule) -> None:
    path = CASES / f"{rule.id}.yaml"
    assert path.is_file(), f"no case file {path.name}"
    data = yaml.safe_load(path.read_text())
    assert data["rule"] == rule.id
    cases = data["cases"].values()
    assert any("fail_sql" in c for c in cases) and any("pass_sql" in c for c in cases)


# -- the docstring examples ----------------------------------------------------------------------

def docstring_examples() -> list:
    return [pytest.param(rule, example, id=f"{rule.id}::{example.kind}{number}")
            for rule in REGISTRY for number, example in enumerate(rule.spec().examples, 1)]


@pytest.mark.parametrize("rule,example", docstring_examples())
def test_docstring_example(rule, example) -> None:
    history, sql = [], example.sql
    if "-- a later migration:" in sql:  # examples that need an earlier migration say so
        earlier, sql = sql.split("-- a later migration:")
        history = [earlier]
    report = run_case(rule.id, sql, dict(example.settings), history)
    raised = [f.rule for f in report.findings]
    if example.kind == "bad":
        assert rule.id in raised, f"Bad example of {rule.id} does not raise it: {raised}"
    else:
        assert rule.id not in raised, f"Good example of {rule.id} raises it: {report.findings}"


# -- the YAML cases -----------------------------------------------------------------------------

@pytest.mark.parametrize("rule_id,case,config", load_cases())
def test_yaml_case(rule_id: str, case: dict, config: dict) -> None:
    sql = case.get("fail_sql", case.get("pass_sql"))
    report = run_case(rule_id, sql, config, case.get("history"))
    mine = [f for f in report.findings if f.rule == rule_id]
    raised = {f.rule for f in report.findings}
    if "pass_sql" in case:
        assert not mine, f"{rule_id} fired on pass_sql: {[f.message for f in mine]}"
    else:
        assert mine, f"{rule_id} did not fire; got {sorted(raised)}"
        _check_details(case, mine)
        if "fix_sql" in case:
            _check_fix(rule_id, case, config, sql, mine)
    assert set(case.get("also", [])) <= raised
    assert not set(case.get("absent", [])) & raised


def _check_details(case: dict, mine: list) -> None:
    if "count" in case:
        assert len(mine) == case["count"], [f.message for f in mine]
    if "severity" in case:
        assert {f.severity.value for f in mine} == {case["severity"]}
    if "message_contains" in case:
        assert any(case["message_contains"] in f.message for f in mine), [f.message for f in mine]
    if case.get("no_fix"):
        assert all(f.fix is None for f in mine), [f.fix for f in mine]
    for finding in mine:
        loc = finding.location
        assert loc is not None and loc.line >= 1 and loc.column >= 1
        assert (loc.end_line, loc.end_column) >= (loc.line, loc.column)


def _check_fix(rule_id: str, case: dict, config: dict, sql: str, mine: list) -> None:
    fixes = [f.fix for f in mine if f.fix is not None]
    assert fixes, f"{rule_id} offered no fix"
    fixed = apply_edits(sql, fixes)
    assert fixed is not None and fixed.rstrip("\n") == case["fix_sql"].rstrip("\n")
    again = run_case(rule_id, fixed, config, case.get("history"))
    assert rule_id not in {f.rule for f in again.findings}, "the fixed SQL still raises the rule"
