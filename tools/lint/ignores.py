"""Ignore comments: `-- triple-orm-ignore rule-id[, rule-id]: reason` and the file-wide form.

    -- triple-orm-ignore ban-drop-column: the column was emptied and unused since v2.3
    ALTER TABLE "User" DROP COLUMN "legacyId";

    -- triple-orm-ignore-file prefer-text-field: lengths are enforced by the API schema

A line comment applies to the statement that follows it, or to the statement it ends (a comment
after the semicolon on the same line). The reason is required: an ignore without one is not
applied. An ignore naming an unknown rule, or one that matched nothing, is itself reported
(`unused-ignore`) so that stale ignores do not pile up. Ignores are applied here, by the runner,
never inside rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.lint.context import RawFinding
from tools.lint.parse import Statement

MARKER = "triple-orm-ignore"
_IGNORE = re.compile(r"triple-orm-ignore(?P<file>-file)?(?P<body>.*)", re.DOTALL)


@dataclass
class Ignore:
    rules: list[str]
    reason: str
    start: int
    end: int
    file_wide: bool
    statement: int | None = None  # the statement it applies to (None: file-wide or nothing follows)
    used: set[str] = field(default_factory=set)


def find_ignores(text: str, statements: list[Statement]) -> list[Ignore]:
    """Every ignore comment of the file, attached to the statement it governs."""
    if MARKER not in text:
        return []
    from pglast import parser

    try:
        tokens = parser.scan(text)
    except Exception:  # an unterminated literal: the scanner cannot tell comments apart
        return []
    out = []
    for token in tokens:
        if token.name not in ("SQL_COMMENT", "C_COMMENT"):
            continue
        body = text[token.start:token.end + 1]
        match = _IGNORE.search(body)
        if match:
            out.append(_ignore(text, token.start, token.end + 1, match, statements))
    return out


def _ignore(text: str, start: int, end: int, match: re.Match, statements: list[Statement]) -> Ignore:
    body = match.group("body").strip()
    if body.endswith("*/"):
        body = body[:-2].strip()
    names, _, reason = body.partition(":")
    rules = [n.strip() for n in names.split(",") if n.strip()]
    ignore = Ignore(rules, reason.strip(), start, end, bool(match.group("file")))
    if not ignore.file_wide:
        ignore.statement = _governed_statement(text, start, statements)
    return ignore


def _governed_statement(text: str, comment_start: int, statements: list[Statement]) -> int | None:
    line_start = text.rfind("\n", 0, comment_start) + 1
    for stmt in statements:
        if stmt.start <= comment_start < stmt.end:
            return stmt.index  # a comment inside a statement
    if text[line_start:comment_start].strip():
        for stmt in reversed(statements):
            if line_start <= stmt.end <= comment_start:
                return stmt.index  # a trailing comment on the line where the statement ends
    for stmt in statements:
        if stmt.start >= comment_start:
            return stmt.index
    return None


def apply_ignores(findings: list[RawFinding], ignores: list[Ignore], known_rules: set[str]) -> list[RawFinding]:
    """Drop the findings an ignore names (with a reason); mark which ignores were used."""
    if not ignores:
        return findings
    kept = []
    for finding in findings:
        match = _matching(finding, ignores, known_rules)
        if match is None:
            kept.append(finding)
        else:
            match.used.add(finding.rule)
    return kept


def _matching(finding: RawFinding, ignores: list[Ignore], known_rules: set[str]) -> Ignore | None:
    for ignore in ignores:
        if not ignore.reason or finding.rule not in ignore.rules:
            continue
        if ignore.file_wide or ignore.statement == finding.statement:
            return ignore
    return None


def unused_ignore_problems(ignores: list[Ignore], known_rules: set[str]) -> list[tuple[Ignore, str]]:
    """(ignore, message) for each ignore, or rule named in one, that did nothing."""
    problems = []
    for ignore in ignores:
        if not ignore.rules:
            problems.append((ignore, "this ignore comment names no rule"))
            continue
        if not ignore.reason:
            problems.append((ignore, f"ignore of {', '.join(ignore.rules)} has no reason after a colon, so it is not applied"))
            continue
        for rule in ignore.rules:
            if rule not in known_rules:
                problems.append((ignore, f"`{rule}` is not a rule of triple-orm lint"))
            elif rule not in ignore.used:
                where = "this file" if ignore.file_wide else "the statement it precedes"
                problems.append((ignore, f"`{rule}` reports nothing in {where}: remove the ignore"))
    return problems
