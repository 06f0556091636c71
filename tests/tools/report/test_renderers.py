"""The generic renderers: the same findings as text, JSON, SARIF, rdjson, GitLab and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.findings import Finding, Fix, Location, Severity, TextEdit
from tools.report import FORMATS, ToolInfo, render
from tools.report.github import escape_data, escape_property

SOURCE = 'CREATE TABLE "Usér" ("id" TEXT);\nCREATE INDEX "i" ON "Usér"("id");\n'
TOOL = ToolInfo("triple-orm test", "9.9", rule_url=lambda r: f"https://example.test/rules/{r}", rules={"rule-a": "Rule A"})


def findings() -> list[Finding]:
    return [
        Finding("rule-a", Severity.HIGH, "Building an index on \"Usér\", 100% slow: blocks writes", "Use CONCURRENTLY.",
                Location("db/m.sql", 2, 1, 2, 33), Fix("add CONCURRENTLY", (TextEdit(45, 45, " CONCURRENTLY"),)),
                {"table": "Usér", "lock": "SHARE", "blocks": ["writes"], "statement": 2,
                 "rewrite": [{"title": "own migration", "sql": "CREATE INDEX CONCURRENTLY ...;"}]}),
        Finding("rule-b", Severity.INFO, "Regenerate, please,\nnow", "", Location("db/m.sql", 1, 1, 1, 31)),
        Finding("rule-a", Severity.CRITICAL, "Blocked", "Fix it.", Location("other.sql", 3, 5)),
    ]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "m.sql").write_text(SOURCE)
    return tmp_path


def test_every_format_renders(base: Path) -> None:
    for fmt in FORMATS:
        assert render(findings(), fmt, tool=TOOL, base=base)
    assert render([], "json", tool="triple-orm test")  # a name is enough


def test_json_round_trips_the_finding_shape(base: Path) -> None:
    data = json.loads(render(findings(), "json", tool=TOOL, base=base, extra={"files": [{"path": "db/m.sql"}]}))
    assert data["findings"] == [f.to_dict() for f in findings()]
    assert data["summary"]["by_severity"]["HIGH"] == 1 and data["files"] == [{"path": "db/m.sql"}]


def test_sarif_structure_levels_regions_and_fixes(base: Path) -> None:
    data = json.loads(render(findings(), "sarif", tool=TOOL, base=base))
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "triple-orm test" and driver["version"] == "9.9"
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["rule-a"]["shortDescription"]["text"] == "Rule A" and rules["rule-a"]["helpUri"].endswith("/rule-a")
    first, info, critical = run["results"]
    assert [first["level"], info["level"], critical["level"]] == ["error", "note", "error"]
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 34}
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "db/m.sql", "uriBaseId": "SRCROOT"}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 13}
    assert replacement["insertedContent"]["text"] == " CONCURRENTLY"
    assert first["properties"]["severity"] == "HIGH" and first["ruleIndex"] == list(rules).index("rule-a")
    assert len({r["partialFingerprints"]["tripleOrmFinding/v1"] for r in run["results"]}) == 3


def test_fingerprints_do_not_depend_on_the_line(base: Path) -> None:
    moved = findings()
    moved[0].location = Location("db/m.sql", 7, 1, 7, 33)
    first = json.loads(render(findings(), "gitlab", tool=TOOL, base=base))
    second = json.loads(render(moved, "gitlab", tool=TOOL, base=base))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]


def test_rdjson_counts_columns_in_utf8_bytes(base: Path) -> None:
    data = json.loads(render(findings(), "rdjson", tool=TOOL, base=base))
    assert data["source"]["name"] == "triple-orm test" and data["severity"] == "ERROR"
    first = data["diagnostics"][0]
    assert first["code"] == {"value": "rule-a", "url": "https://example.test/rules/rule-a"}
    assert first["location"]["range"]["end"] == {"line": 2, "column": 35}  # "é" takes two bytes
    suggestion = first["suggestions"][0]
    assert suggestion["text"] == " CONCURRENTLY" and suggestion["range"]["start"] == {"line": 2, "column": 13}


def test_gitlab_code_quality_fields(base: Path) -> None:
    issues = json.loads(render(findings(), "gitlab", tool=TOOL, base=base))
    assert [i["severity"] for i in issues] == ["critical", "info", "blocker"]
    assert issues[0]["location"] == {"path": "db/m.sql", "lines": {"begin": 2, "end": 2}}
    assert issues[0]["check_name"] == "rule-a" and issues[0]["description"].startswith("Building")


def test_github_annotations_are_escaped(base: Path) -> None:
    lines = render(findings(), "github", tool=TOOL, base=base).splitlines()
    assert lines[0].startswith("::error file=db/m.sql,line=2,col=1,endLine=2,endColumn=33,title=HIGH rule-a::")
    assert "100%25 slow" in lines[0] and "%0AHelp: Use CONCURRENTLY." in lines[0]
    assert lines[1].startswith("::notice ") and "Regenerate, please,%0Anow" in lines[1]
    assert escape_property("a:b,c") == "a%3Ab%2Cc" and escape_data("50%\r\n") == "50%25%0D%0A"


def test_text_shows_source_facts_help_fix_and_steps(base: Path) -> None:
    text = render(findings(), "text", tool=TOOL, base=base, summary={"files_linted": 2})
    assert 'CREATE INDEX "i" ON "Usér"("id");' in text and "^^^^" in text
    assert "lock: SHARE" in text and "blocks: writes" in text and "statement" not in text.split("lock:")[1].split("\n")[0]
    assert "help: Use CONCURRENTLY." in text and "fix: add CONCURRENTLY" in text
    assert "step 1: own migration" in text and "CREATE INDEX CONCURRENTLY ...;" in text
    assert "3 finding(s) in 2 file(s)" in text and "files linted: 2" in text
    assert "\x1b[" not in text  # no colour unless asked
    assert "\x1b[" in render(findings(), "text", tool=TOOL, base=base, color=True)


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render([], "xml", tool=TOOL, base=Path("."))
