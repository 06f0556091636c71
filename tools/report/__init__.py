"""One list of findings, many renderers: terminal text, JSON, SARIF, rdjson, GitLab Code Quality, GitHub.

Every checker (lint, drift, health, types) returns `Finding`s; a command renders them with

    render(findings, "sarif", tool=ToolInfo("triple-orm lint", version), base=Path.cwd())

The renderers know nothing about any one checker: the tool's name and version, the folder the
paths are relative to, optional rule descriptions (`rules`) and the files' text (`sources`, to show
source lines and turn fix offsets into lines and columns) are all they get.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from tools.findings import Finding

FORMATS = ("text", "json", "sarif", "rdjson", "gitlab", "github")


@dataclass(frozen=True)
class ToolInfo:
    """Who produced the findings, for the formats that carry it (SARIF driver, rdjson source)."""

    name: str
    version: str
    url: str = "https://github.com/triple-orm/triple-orm"
    rule_url: Callable[[str], str] | None = None  # rule id -> documentation link
    rules: Mapping[str, str] = field(default_factory=dict)  # rule id -> one-line description


@dataclass
class RenderInput:
    findings: Sequence[Finding]
    tool: ToolInfo
    base: Path
    sources: Mapping[str, str] | None = None  # path as in the findings -> file text
    summary: Mapping[str, object] | None = None  # extra facts for text/json (files linted, cache hits)
    color: bool = False


def render(findings: Sequence[Finding], fmt: str, *, tool: "ToolInfo | str", base: Path | None = None,
           sources: Mapping[str, str] | None = None, summary: Mapping[str, object] | None = None,
           color: bool = False, extra: Mapping[str, object] | None = None) -> str:
    """The findings in format `fmt` (one of FORMATS) as a string ready to print or write.

    `tool` is a ToolInfo or just the tool's name; `base` is the folder the findings' paths are
    relative to (default: the current directory).
    """
    if isinstance(tool, str):
        from tools import __version__

        tool = ToolInfo(tool, __version__)
    data = RenderInput(findings, tool, base or Path.cwd(), sources, summary, color)
    if fmt == "text":
        from tools.report.text import render_text

        return render_text(data)
    if fmt == "json":
        from tools.report.jsonfmt import render_json

        return render_json(data, extra)
    if fmt == "sarif":
        from tools.report.sarif import render_sarif

        return render_sarif(data)
    if fmt == "rdjson":
        from tools.report.rdjson import render_rdjson

        return render_rdjson(data)
    if fmt == "gitlab":
        from tools.report.gitlab import render_gitlab

        return render_gitlab(data)
    if fmt == "github":
        from tools.report.github import render_github

        return render_github(data)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
