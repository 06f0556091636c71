"""Findings on changed lines as inline review comments, with a `suggestion` when the fix is verified.

A comment names the rule and severity, the lock the statement takes and what that lock blocks (from
the finding's data), the problem and the remedy. When the linter attached a fix (it attaches one
only after linting the fixed SQL: `tools.lint.fixcheck`), the comment carries a GitHub `suggestion`
block: the lines the comment spans, as they read once the fix is applied, so that "Commit
suggestion" applies exactly the linter's edit. The span grows to cover both the finding and the
edit (a `SET lock_timeout` inserted at the top of the file for a statement further down) as long as
it stays inside one hunk; otherwise the comment goes without a suggestion.

Drift the live database already had before the pull request (`agent.review.live`) is never an
inline comment: it sits on schema lines the pull request may touch, but it did not make it.

Every comment ends with a hidden fingerprint (`tools.report.common.fingerprints`: rule, file and
message, not the line), by which a re-run finds the comment it posted before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from agent.review.diff import ChangedFile
from tools.findings import Finding, Fix, Severity
from tools.health.markdown import _ICON as ICON

MARK = "<!-- triple-orm:finding {} -->"
MARK_PATTERN = re.compile(r"<!-- triple-orm:finding ([0-9a-f]{16,64}) -->")
MAX_SUGGESTION_LINES = 40  # a longer replacement is hard to review in a suggestion box
MAX_BODY = 65_000  # GitHub refuses a comment body over 65,536 characters


@dataclass
class InlineComment:
    fingerprint: str
    path: str
    line: int  # the last line the comment spans (GitHub's `line`)
    start_line: int | None  # the first, when it spans several
    body: str
    finding: Finding

    def payload(self) -> dict:
        """The comment as `POST /repos/{owner}/{repo}/pulls/{number}/reviews` takes it in `comments`."""
        out = {"path": self.path, "line": self.line, "side": "RIGHT", "body": self.body}
        if self.start_line is not None:
            out.update(start_line=self.start_line, start_side="RIGHT")
        return out


@dataclass
class CommentPlan:
    inline: list[InlineComment] = field(default_factory=list)
    not_inline: dict[str, str] = field(default_factory=dict)  # fingerprint -> why the finding is only in the summary


def plan_comments(findings: list[Finding], prints: list[str], changed: list[ChangedFile], root: Path, *,
                  min_severity: Severity = Severity.MEDIUM, max_inline: int = 30) -> CommentPlan:
    plan = CommentPlan()
    files = {f.path: f for f in changed}
    suggested: set[tuple] = set()  # one suggestion per distinct fix (several findings often share one)
    for finding, fingerprint in sorted(zip(findings, prints), key=lambda pair: -pair[0].severity.rank):
        where = files.get(finding.location.file) if finding.location else None
        if where is None:
            plan.not_inline[fingerprint] = "not in a file this pull request changes"
        elif (finding.data or {}).get("live") == "base-schema":  # agent.review.live.BASE_DRIFT
            plan.not_inline[fingerprint] = "drift already in the live database, not made by this pull request"
        elif not finding.severity.at_least(min_severity):
            plan.not_inline[fingerprint] = f"below {min_severity.value}"
        elif len(plan.inline) >= max_inline:
            plan.not_inline[fingerprint] = f"more than {max_inline} inline comments"
        else:
            comment = _comment(finding, fingerprint, where, root, suggested)
            if comment is None:
                plan.not_inline[fingerprint] = "not on a line of the diff"
            else:
                plan.inline.append(comment)
    plan.inline.sort(key=lambda c: (c.path, c.line, -c.finding.severity.rank))
    return plan


def _comment(finding: Finding, fingerprint: str, where: ChangedFile, root: Path, suggested: set) -> InlineComment | None:
    loc = finding.location
    first, last = loc.line, max(loc.line, loc.end_line or loc.line)
    suggestion = None
    key = (loc.file, tuple((e.start, e.end, e.text) for e in finding.fix.edits)) if finding.fix else None
    if finding.fix and finding.fix.edits and key not in suggested:
        text = _source(root / loc.file)
        span = _fix_span(text, finding.fix) if text is not None else None
        if span is not None:
            wide = (min(first, span[0]), max(last, span[1]))
            if wide[1] - wide[0] < MAX_SUGGESTION_LINES and where.commentable(*wide):
                suggestion = fixed_lines(text, finding.fix, *wide)
                if suggestion is not None:
                    first, last = wide
                    suggested.add(key)
    if not where.commentable(first, last):
        if not where.commentable(first, first):
            return None
        last = first  # a statement running past its hunk: the comment sits on its first line
    body = comment_body(finding, fingerprint, suggestion)
    return InlineComment(fingerprint, loc.file, last, first if first != last else None, body, finding)


def _source(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")  # the offsets of a fix count from after a BOM, as the linter reads
    except (OSError, UnicodeDecodeError):
        return None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, min(offset, len(text)))) + 1


def _fix_span(text: str, fix: Fix) -> tuple[int, int]:
    """The lines the fix's edits touch (an insertion touches the line it is inserted into)."""
    first = min(_line_of(text, e.start) for e in fix.edits)
    last = max(_line_of(text, e.end - 1 if e.end > e.start else e.start) for e in fix.edits)
    return first, last


def fixed_lines(text: str, fix: Fix, first: int, last: int) -> str | None:
    """Lines first..last of `text` as they read after the fix (None when an edit reaches past them)."""
    from tools.lint.engine import apply_edits

    fixed = apply_edits(text, [fix])
    if fixed is None:
        return None
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: first - 1])
    end = start + len("\n".join(lines[first - 1: last]))
    if any(e.start < start or e.end > end for e in fix.edits):
        return None
    grown = sum(len(e.text) - (e.end - e.start) for e in fix.edits)
    return fixed[start:end + grown]


def lock_phrase(finding: Finding) -> str:
    """'takes ACCESS EXCLUSIVE on users, blocking reads, writes' from the finding's data, or ''."""
    data = finding.data or {}
    if not data.get("lock"):
        return ""
    on = f" on `{data['table']}`" if data.get("table") else ""
    blocks = data.get("blocks") or []
    return f"takes `{data['lock']}`{on}" + (f", blocking {', '.join(blocks)}" if blocks else "")


def comment_body(finding: Finding, fingerprint: str, suggestion: str | None) -> str:
    """The comment; past GitHub's size limit the safe rewrite goes first, then the suggestion, then the
    message is cut (the summary and `triple-orm lint` still have all of it)."""
    body = _body(finding, fingerprint, suggestion, rewrites=True)
    if len(body) > MAX_BODY:
        body = _body(finding, fingerprint, suggestion, rewrites=False)
    if len(body) > MAX_BODY:
        body = _body(finding, fingerprint, None, rewrites=False)
    if len(body) > MAX_BODY:
        mark = MARK.format(fingerprint)
        body = body[: MAX_BODY - len(mark) - 10] + "…\n\n" + mark
    return body


def _body(finding: Finding, fingerprint: str, suggestion: str | None, rewrites: bool) -> str:
    lock = lock_phrase(finding)
    parts = [f"**{ICON[finding.severity]} {finding.severity.value}** · `{finding.rule}`" + (f" · {lock}" if lock else ""),
             finding.message]
    if finding.help:
        parts.append(f"**How to fix:** {finding.help}")
    if suggestion is not None:
        fence = "````" if "```" in suggestion else "```"
        parts.append(f"{fence}suggestion\n{suggestion}\n{fence}\n"
                     f"<sub>{finding.fix.title} — the linter checked that the fixed migration is no worse.</sub>")
    steps = [s for s in (finding.data or {}).get("rewrite") or () if isinstance(s, dict) and s.get("sql")]
    for number, step in enumerate(steps if rewrites else (), 1):
        parts.append(f"<details><summary>Safe rewrite, step {number}: {step.get('title', '')}</summary>\n\n"
                     f"```sql\n{str(step['sql']).rstrip()}\n```\n</details>")
    if steps and not rewrites:
        parts.append("<sub>The safe rewrite is too long for a comment: `triple-orm lint --format json` prints it.</sub>")
    parts.append(MARK.format(fingerprint))
    return "\n\n".join(parts)
