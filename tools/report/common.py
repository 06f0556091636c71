"""What several renderers share: severity mappings, stable fingerprints, fix offsets to positions."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Iterator, Mapping, Sequence

from tools.findings import Finding, Severity, TextEdit


def path_of(finding: Finding) -> str:
    return finding.location.file if finding.location else ""


def uri(path: str) -> str:
    """A relative path with forward slashes, as SARIF, GitLab and GitHub expect."""
    return PurePosixPath(Path(path).as_posix()).as_posix()


def fingerprints(findings: Sequence[Finding], tool: str) -> list[str]:
    """A stable id per finding: rule, file and message (which names the table and column), not the line.

    Inserting a statement above a finding does not change its fingerprint, so code-scanning and
    Code Quality keep tracking the same issue; identical findings in one file get an occurrence number.
    """
    seen: Counter = Counter()
    out = []
    for finding in findings:
        base = f"{tool}|{finding.rule}|{uri(path_of(finding))}|{finding.message}"
        seen[base] += 1
        out.append(hashlib.sha256(f"{base}|{seen[base]}".encode()).hexdigest()[:32])
    return out


def edit_positions(edit: TextEdit, text: str | None) -> tuple[int, int, int, int] | None:
    """(line, column, end_line, end_column) of an edit, 1-based, end exclusive; None without the text."""
    if text is None:
        return None
    return (*_line_col(text, edit.start), *_line_col(text, edit.end))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def end_exclusive(finding: Finding) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) with an exclusive end column (SARIF, rdjson)."""
    loc = finding.location
    if loc is None:
        return 1, 1, 1, 1
    end_line = loc.end_line if loc.end_line is not None else loc.line
    end_column = (loc.end_column if loc.end_column is not None else loc.column) + 1
    return loc.line, loc.column, end_line, end_column


def read_sources(findings: Sequence[Finding], base: Path, given: Mapping[str, str] | None) -> dict[str, str]:
    """The text of each file the findings are in (given, or read from disk; unreadable ones skipped)."""
    out = dict(given or {})
    for path in {path_of(f) for f in findings}:
        if path and path not in out:
            try:
                out[path] = (base / path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
    return out


def by_file(findings: Sequence[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(path_of(finding), []).append(finding)
    yield from groups.items()


def to_json(value, pretty: bool = True) -> str:
    """JSON text, with orjson when it is installed (the agent's dependencies bring it): several times
    faster on big reports; the standard library otherwise (indented only for small outputs, since
    its fast C encoder does not indent)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover
        import json

        return json.dumps(value, indent=2 if pretty else None, ensure_ascii=False, default=_plain) + "\n"
    return orjson.dumps(value, default=_plain, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n"


def _plain(value):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]
