"""GitHub Actions workflow commands: one `::error file=...,line=...::message` line per finding.

The runner turns them into annotations on the pull request's diff. CRITICAL and HIGH are
`error`, MEDIUM `warning`, LOW and INFO `notice`. Values are escaped as the Actions toolkit does:
`%`, CR and LF everywhere, and also `:` and `,` inside properties.
"""

from __future__ import annotations

from tools.findings import Severity
from tools.report import RenderInput
from tools.report.common import path_of, uri

COMMAND = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice",
           Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(data: RenderInput) -> str:
    lines = []
    for finding in data.findings:
        props = [f"file={escape_property(uri(path_of(finding)))}"]
        loc = finding.location
        if loc is not None:
            props += [f"line={loc.line}", f"col={loc.column}"]
            if loc.end_line is not None:
                props.append(f"endLine={loc.end_line}")
            if loc.end_column is not None and (loc.end_line in (None, loc.line)):
                props.append(f"endColumn={loc.end_column}")
        props.append(f"title={escape_property(f'{finding.severity.value} {finding.rule}')}")
        body = finding.message + (f"\nHelp: {finding.help}" if finding.help else "")
        lines.append(f"::{COMMAND[finding.severity]} {','.join(props)}::{escape_data(body)}")
    return "\n".join(lines) + ("\n" if lines else "")
