"""GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues.

Severities map onto GitLab's five: CRITICAL -> blocker, HIGH -> critical, MEDIUM -> major,
LOW -> minor, INFO -> info. Fingerprints are stable across runs so that GitLab can tell new issues
from old ones in a merge request.
"""

from __future__ import annotations

from tools.findings import Severity
from tools.report import RenderInput
from tools.report.common import to_json, fingerprints, path_of, uri

SEVERITY = {Severity.CRITICAL: "blocker", Severity.HIGH: "critical", Severity.MEDIUM: "major", Severity.LOW: "minor",
            Severity.INFO: "info"}


def render_gitlab(data: RenderInput) -> str:
    prints = fingerprints(data.findings, data.tool.name)
    issues = []
    for finding, fingerprint in zip(data.findings, prints):
        loc = finding.location
        begin = loc.line if loc else 1
        end = loc.end_line if loc and loc.end_line is not None else begin
        issues.append({
            "type": "issue",
            "check_name": finding.rule,
            "description": finding.message,
            "content": {"body": finding.help} if finding.help else None,
            "categories": ["Bug Risk"] if finding.severity.at_least(Severity.HIGH) else ["Style"],
            "severity": SEVERITY[finding.severity],
            "fingerprint": fingerprint,
            "location": {"path": uri(path_of(finding)), "lines": {"begin": begin, "end": end}},
        })
    for issue in issues:
        if issue["content"] is None:
            del issue["content"]
    return to_json(issues, pretty=len(data.findings) <= 2000)
