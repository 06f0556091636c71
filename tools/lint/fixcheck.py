"""A fix is offered only if linting the fixed SQL shows that it works (squawk's `fix_sql` check).

"Works" means: the fixed rule reports fewer problems, and no rule at least as severe as the fixed
finding reports more (a fix may trade a HIGH lock problem for a LOW style note, never for another
HIGH). All fixes of a file are tried together first; when that fails they are added one by one,
most severe first, each kept only if it still works together with those already kept, so that
applying every fix offered never breaks the migration even when two fixes only work apart.

The check is cheap enough to run on every file: only the statements the edits touch are parsed
again (`reparse_edited`), and only the rules that could matter are run (the fixed ones, and those
that can report at or above the fixed finding's severity).
"""

from __future__ import annotations

from collections import Counter

from tools.findings import Severity
from tools.lint.context import RawFinding
from tools.lint.history import SchemaState
from tools.lint.parse import ParsedFile, reparse_edited

MAX_SINGLE_FIX_CHECKS = 12  # when fixes conflict, at most this many more re-lints per file


def verify_fixes(linter, findings: list[RawFinding], parsed: ParsedFile, path: str, runner: str,
                 before: SchemaState | None, prisma_version) -> list[RawFinding]:
    fixed = [f for f in findings if f.fix and f.fix.edits]
    check = FixCheck(linter, parsed, path, runner, before, prisma_version, findings)
    if check.ok(fixed):
        return findings
    accepted: list[RawFinding] = []
    for number, finding in enumerate(sorted(fixed, key=lambda f: -f.severity.rank)):
        if number < MAX_SINGLE_FIX_CHECKS and check.ok(accepted + [finding]):
            accepted.append(finding)
        else:
            finding.fix = None
    return findings


class FixCheck:
    """Re-lint a file with some fixes applied and compare with the original findings."""

    def __init__(self, linter, parsed: ParsedFile, path: str, runner: str, before: SchemaState | None,
                 prisma_version, findings: list[RawFinding]):
        self.linter, self.parsed, self.path, self.runner = linter, parsed, path, runner
        self.before, self.prisma_version = before, prisma_version
        self.baseline = Counter(f.rule for f in findings)

    def ok(self, fixed: list[RawFinding]) -> bool:
        edits = [e for f in fixed if f.fix for e in f.fix.edits]
        new = reparse_edited(self.parsed, edits)
        if new is None:
            return False  # overlapping edits
        floor = min(f.severity.rank for f in fixed)
        wanted = Counter(f.rule for f in fixed)
        relevant = _at_or_above(self.linter, floor) | frozenset(wanted)
        state = self.before.copy() if self.before is not None else SchemaState()
        result = self.linter.restricted(relevant).lint_parsed(new, self.path, self.runner, state, verify_fixes=False,
                                                              prisma_version=self.prisma_version, counting=True)
        after = Counter(f.rule for f in result.findings)
        if any(after[rule] > self.baseline[rule] - count for rule, count in wanted.items()):
            return False  # the fix did not make its problem go away
        return not any(count > self.baseline[rule] for rule, count in after.items() if rule not in wanted)


def _at_or_above(linter, floor: int) -> frozenset[str]:
    """The enabled rules that can report at `floor` or above (cached on the linter)."""
    cache = linter.__dict__.setdefault("_at_or_above", {})
    if floor not in cache:
        cache[floor] = frozenset(r.id for r in linter.rules if _highest(linter, r) >= floor)
    return cache[floor]


def _highest(linter, rule) -> int:
    """The most severe a rule can report, with the severity the configuration may give it."""
    setting = linter.settings.rules.get(rule.id)
    if setting and setting not in ("on", "off"):
        return Severity(setting).rank
    return rule.highest().rank
