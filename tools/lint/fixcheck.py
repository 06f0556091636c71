"""A fix is offered only if linting the fixed SQL shows that it works (squawk's `fix_sql` check).

"Works" means: the fixed rule reports fewer problems, and no rule at least as severe as the fixed
finding reports more (a fix may trade a HIGH lock problem for a LOW style note, never for another
HIGH). All fixes of a file are tried together first; when that fails they are added one by one,
most severe first, each kept only if it still works together with those already kept, so that
applying every fix offered never breaks the migration even when two fixes only work apart.

The check is cheap enough to run on every file: only the statements the edits touch are parsed
again (`reparse_edited`), and only the rules that could matter are run (the fixed ones, and those
that can report at or above the fixed finding's severity).

The most common fix, `SET [LOCAL] lock_timeout = '5s';` before the first statement (four files in
five of a typical history), is checked without linting again when the outcome is certain: the
statement that follows is seen by no rule but the few that look at every statement and pass over
a SET, it changes neither the schema state nor which statements share a transaction, and it
sets what the fixed rule asks for. A test compares this shortcut with the full check on every
corpus migration.
"""

from __future__ import annotations

import re
from collections import Counter

from tools.findings import Severity
from tools.lint.context import RawFinding
from tools.lint.history import SchemaState
from tools.lint.ignores import MARKER
from tools.lint.parse import ParsedFile, Statement, reparse_edited
from tools.lint.transactions import plan_transactions

MAX_SINGLE_FIX_CHECKS = 12  # when fixes conflict, at most this many more re-lints per file

# the edit of `rewrites.session_setting_fix`
_SETTING_FIRST = re.compile(r"SET (?:LOCAL )?(?P<name>[a-z_]+) = '(?P<value>[^']*)';\n\Z")
# The rules that look at every statement (`on = ("*",)`), and what each does with a SET statement
# placed before all the others: none reports it, and none keeps a note of it that changes what it
# reports on the statements after it, except the timeout rule whose setting it sets.
#   holding-access-exclusive-lock: a SET neither locks nor scans a table (NEITHER_LOCKS_NOR_SCANS);
#   enum-value-used-in-same-transaction: nothing is pending before the first statement;
#   require-lock-timeout / require-statement-timeout: a SET takes no lock and scans nothing, and a
#     SET of their own setting ends the search (`MissingTimeout.check`).
# Of the file-wide rules only identifier-too-long reads every statement, and the SET has no long name.
BLIND_TO_A_LEADING_SET = frozenset({
    "holding-access-exclusive-lock", "enum-value-used-in-same-transaction", "require-lock-timeout",
    "require-statement-timeout",
})


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
        self._answers: dict[frozenset[int], bool] = {}  # the same fixes come back when all are kept but the last

    def ok(self, fixed: list[RawFinding]) -> bool:
        key = frozenset(map(id, fixed))
        if key not in self._answers:
            certain = len(fixed) == 1 and self.setting_first_is_certain(fixed[0])
            self._answers[key] = certain or self.ok_by_relinting(fixed)
        return self._answers[key]

    def relevant(self, fixed: list[RawFinding]) -> frozenset[str]:
        """The fixed rules, and every rule that can report at or above the least severe fixed finding."""
        floor = min(f.severity.rank for f in fixed)
        return _at_or_above(self.linter, floor) | frozenset(f.rule for f in fixed)

    def setting_first_is_certain(self, finding: RawFinding) -> bool:
        """Whether `SET [LOCAL] x = 'v';` inserted before the first statement surely works (see the module doc).

        False means "lint again to know", never "it does not work".
        """
        parsed, fix = self.parsed, finding.fix
        if fix is None or len(fix.edits) != 1 or parsed.errors or len(parsed.statements) < 2:
            return False  # a single-statement Prisma migration would become a transaction
        edit, first = fix.edits[0], parsed.statements[0]
        match = _SETTING_FIRST.match(edit.text)
        if match is None or edit.start != edit.end or edit.start != first.start or MARKER in parsed.sql.text:
            return False  # ignore comments attach to the statement that follows them: it would change
        rule = self.linter.by_id.get(finding.rule)
        if getattr(rule, "setting", None) != match["name"] or match["value"] in ("", "0"):
            return False
        linter = self.linter.restricted(self.relevant([finding]))
        if any(r.id not in BLIND_TO_A_LEADING_SET for r in linter.handlers.get("VariableSetStmt", linter.default_handlers)):
            return False
        return self._same_transactions_with_a_leading_set()

    def _same_transactions_with_a_leading_set(self) -> bool:
        statements = self.parsed.statements
        before = plan_transactions(statements, self.runner, self.prisma_version)
        setting = Statement(-1, "VariableSetStmt", {}, 0, 0)
        after = plan_transactions([setting, *statements], self.runner, self.prisma_version)
        return after.groups[1:] == before.groups and (after.wrapped, after.split) == (before.wrapped, before.split)

    def ok_by_relinting(self, fixed: list[RawFinding]) -> bool:
        """Lint the file again with the fixes applied (the statements they touch parsed again)."""
        edits = [e for f in fixed if f.fix for e in f.fix.edits]
        new = reparse_edited(self.parsed, edits)
        if new is None:
            return False  # overlapping edits
        wanted = Counter(f.rule for f in fixed)
        relevant = self.relevant(fixed)
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
