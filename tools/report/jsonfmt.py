"""JSON: `{"tool", "summary", "findings": [Finding.to_dict()...]}` plus whatever the command adds."""

from __future__ import annotations

from typing import Mapping

from tools.findings import Severity
from tools.report import RenderInput
from tools.report.common import to_json

PRETTY_UP_TO = 2000  # findings


def render_json(data: RenderInput, extra: Mapping[str, object] | None = None) -> str:
    counts = {s.value: 0 for s in Severity}
    for finding in data.findings:
        counts[finding.severity.value] += 1
    out: dict = {
        "tool": {"name": data.tool.name, "version": data.tool.version},
        "summary": {"findings": len(data.findings), "by_severity": counts, **dict(data.summary or {})},
        "findings": [f.to_dict() for f in data.findings],
    }
    out.update(extra or {})
    return to_json(out, pretty=len(data.findings) <= PRETTY_UP_TO)
