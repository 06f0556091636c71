"""SARIF 2.1.0, the format GitHub code scanning (and most CI dashboards) upload.

Levels: CRITICAL and HIGH are `error`, MEDIUM `warning`, LOW and INFO `note`; the exact severity
and the finding's data travel in `properties`. Regions end one column after the last character
(SARIF's end column is exclusive). A fix becomes a SARIF `fix` with line/column replacements when
the file's text is at hand, character offsets otherwise.
"""

from __future__ import annotations

from tools.findings import Finding, Severity
from tools.report import RenderInput
from tools.report.common import to_json, edit_positions, end_exclusive, fingerprints, path_of, read_sources, uri

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note",
         Severity.INFO: "note"}


def render_sarif(data: RenderInput) -> str:
    rule_ids = sorted({f.rule for f in data.findings} | set(data.tool.rules))
    index = {rule: i for i, rule in enumerate(rule_ids)}
    sources = read_sources([f for f in data.findings if f.fix], data.base, data.sources)
    prints = fingerprints(data.findings, data.tool.name)
    run = {
        "tool": {"driver": {"name": data.tool.name, "version": data.tool.version, "informationUri": data.tool.url,
                            "rules": [_rule(data, rule, _default_level(data.findings, rule)) for rule in rule_ids]}},
        "originalUriBaseIds": {"SRCROOT": {"uri": data.base.resolve().as_uri() + "/"}},
        "results": [_result(f, index[f.rule], prints[i], sources) for i, f in enumerate(data.findings)],
    }
    return to_json({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, pretty=len(data.findings) <= 2000)


def _default_level(findings: list[Finding], rule: str) -> str:
    severities = [f.severity for f in findings if f.rule == rule]
    return LEVEL[max(severities, key=lambda s: s.rank)] if severities else "warning"


def _rule(data: RenderInput, rule: str, level: str) -> dict:
    out: dict = {"id": rule, "name": rule, "shortDescription": {"text": data.tool.rules.get(rule, rule)},
                 "defaultConfiguration": {"level": level}}
    if data.tool.rule_url:
        out["helpUri"] = data.tool.rule_url(rule)
    return out


def _result(finding: Finding, rule_index: int, fingerprint: str, sources: dict[str, str]) -> dict:
    line, column, end_line, end_column = end_exclusive(finding)
    text = finding.message + (f"\nHelp: {finding.help}" if finding.help else "")
    location = {"physicalLocation": {
        "artifactLocation": {"uri": uri(path_of(finding)), "uriBaseId": "SRCROOT"},
        "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column},
    }}
    out: dict = {
        "ruleId": finding.rule, "ruleIndex": rule_index, "level": LEVEL[finding.severity],
        "message": {"text": text}, "locations": [location],
        "partialFingerprints": {"tripleOrmFinding/v1": fingerprint},
        "properties": {"severity": finding.severity.value, **({"data": finding.data} if finding.data else {})},
    }
    if finding.fix is not None and finding.fix.edits:
        out["fixes"] = [_fix(finding, sources.get(path_of(finding)))]
    return out


def _fix(finding: Finding, text: str | None) -> dict:
    replacements = []
    for edit in finding.fix.edits:  # type: ignore[union-attr]
        positions = edit_positions(edit, text)
        if positions:
            line, column, end_line, end_column = positions
            region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
        else:
            region = {"charOffset": edit.start, "charLength": edit.end - edit.start}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.text}})
    return {"description": {"text": finding.fix.title},  # type: ignore[union-attr]
            "artifactChanges": [{"artifactLocation": {"uri": uri(path_of(finding)), "uriBaseId": "SRCROOT"},
                                 "replacements": replacements}]}
