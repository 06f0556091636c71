"""Lint one migration file: parse once, dispatch each statement to the rules that look at its type.

The order for a file is: parse (PostgreSQL's grammar) -> plan its transactions from the runner ->
for each statement, the rules registered for its node type, then the statement is applied to the
schema state -> file-wide rules -> ignore comments -> severity settings -> fixes, kept only when
linting the fixed text again shows the problem gone and nothing as serious introduced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tools.findings import Fix, Severity
from tools.lint.context import Exemption, FileContext, RawFinding
from tools.lint.history import SchemaState
from tools.lint.ignores import apply_ignores, find_ignores, unused_ignore_problems
from tools.lint.nodes import rel_key
from tools.lint.parse import ParsedFile, parse_sql
from tools.lint.settings import LintSettings
from tools.lint.sqltext import SqlText
from tools.lint.transactions import plan_transactions

MAX_SINGLE_FIX_CHECKS = 12  # when fixes conflict, at most this many more re-lints per file


@dataclass
class FileResult:
    """The findings of one file (offsets into its text) and what the rules explained."""

    path: str
    sql: SqlText
    findings: list[RawFinding] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    statements: int = 0
    runner: str = "plain"
    statement_spans: list[tuple[int, int]] = field(default_factory=list)


class Linter:
    """The enabled rules, indexed by the statement types they look at."""

    def __init__(self, settings: LintSettings):
        from tools.lint.rules import REGISTRY

        self.settings = settings
        self.known = {cls.id for cls in REGISTRY}
        self.rules = [cls() for cls in REGISTRY if _enabled(cls, settings)]
        self.dispatch: dict[str, list] = {}
        self.every = []
        for rule in self.rules:
            if "*" in rule.on:
                self.every.append(rule)
            for kind in rule.on:
                if kind != "*":
                    self.dispatch.setdefault(kind, []).append(rule)
        self.finishers = [r for r in self.rules if r.file_wide]
        self.by_id = {r.id: r for r in self.rules}

    def lint_text(self, text: str, path: str, runner: str, state: SchemaState | None = None,
                  verify_fixes: bool = True, prisma_version: tuple[int, int] | None = None) -> FileResult:
        """Lint one file. `state` (the schema before this file) is advanced past it."""
        state = state if state is not None else SchemaState()
        before = state.copy() if verify_fixes else None
        prisma_version = prisma_version or self.settings.prisma_version
        parsed = parse_sql(text)
        ctx = self._run_rules(parsed, path, runner, state, prisma_version)
        findings = self._finalise(ctx, parsed)
        if verify_fixes and any(f.fix for f in findings):
            findings = self._verify_fixes(findings, text, path, runner, before, prisma_version)
        spans = [(s.start, s.end) for s in parsed.statements]
        return FileResult(path, parsed.sql, findings, ctx.exemptions or [], len(parsed.statements), runner, spans)

    def _run_rules(self, parsed: ParsedFile, path: str, runner: str, state: SchemaState,
                   prisma_version: tuple[int, int] | None) -> FileContext:
        plan = plan_transactions(parsed.statements, runner, prisma_version)
        ctx = FileContext(path, parsed, self.settings, state, plan)
        state.origin = path
        if parsed.errors and "syntax-error" in self.by_id:
            self.by_id["syntax-error"].report_errors(ctx, parsed.errors)
        every, dispatch = self.every, self.dispatch
        for stmt in parsed.statements:
            for rule in dispatch.get(stmt.kind, ()):
                rule.check(stmt, ctx)
            for rule in every:
                rule.check(stmt, ctx)
            state.apply(stmt.kind, stmt.node)
            _track_created(ctx, stmt)
        for rule in self.finishers:
            rule.finish(ctx)
        return ctx

    def _finalise(self, ctx: FileContext, parsed: ParsedFile) -> list[RawFinding]:
        ignores = find_ignores(ctx.text, parsed.statements)
        findings = apply_ignores(ctx.findings, ignores, self.known)
        unused = self.by_id.get("unused-ignore")
        if ignores and unused is not None:
            for ignore, message in unused_ignore_problems(ignores, self.known):
                findings.append(RawFinding(unused.id, unused.severity, message, unused.help_text, ignore.start, ignore.end,
                                           ignore.statement if ignore.statement is not None else -1, None, {}))
        overrides = self.settings.rules
        for finding in findings:
            setting = overrides.get(finding.rule)
            if setting and setting not in ("on", "off"):
                finding.severity = Severity(setting)
        findings.sort(key=lambda f: (f.start, f.rule))
        return findings

    def _verify_fixes(self, findings: list[RawFinding], text: str, path: str, runner: str,
                      before: SchemaState | None, prisma_version) -> list[RawFinding]:
        """Keep a fix only if re-linting the fixed text shows it works (squawk's `fix_sql` check).

        All fixes are tried together first; if that fails they are added one by one, most severe
        first, each kept only if it still works together with those already kept: applying every
        fix offered never breaks the migration, even when two fixes are only valid one at a time.
        """
        baseline = Counter(f.rule for f in findings)
        fixed = [f for f in findings if f.fix and f.fix.edits]
        check = _FixCheck(self, text, path, runner, before, prisma_version, baseline, findings)
        if check.ok(fixed):
            return findings
        accepted: list[RawFinding] = []
        for number, finding in enumerate(sorted(fixed, key=lambda f: -f.severity.rank)):
            if number < MAX_SINGLE_FIX_CHECKS and check.ok(accepted + [finding]):
                accepted.append(finding)
            else:
                finding.fix = None
        return findings


def _enabled(cls, settings: LintSettings) -> bool:
    setting = settings.rules.get(cls.id)
    if setting == "off":
        return False
    return not cls.opt_in or setting is not None


def _track_created(ctx: FileContext, stmt) -> None:
    if stmt.kind in ("CreateStmt", "CreateTableAsStmt"):
        relation = stmt.node.get("relation") or stmt.node.get("into", {}).get("rel")
        ctx.created.setdefault(rel_key(relation), stmt.index)
    elif stmt.kind in ("CreateEnumStmt", "CompositeTypeStmt", "CreateDomainStmt"):
        from tools.lint.nodes import key_of_names, strings

        if stmt.kind == "CreateDomainStmt":
            names = strings(stmt.node.get("domainname"))
        elif stmt.kind == "CompositeTypeStmt":
            names = [(stmt.node.get("typevar") or {}).get("relname", "")]
        else:
            names = strings(stmt.node.get("typeName"))
        ctx.created_types.setdefault(key_of_names(names), stmt.index)


def apply_edits(text: str, fixes: list[Fix]) -> str | None:
    """The text with every edit applied, or None when two edits overlap."""
    edits = sorted((e for fix in fixes for e in fix.edits), key=lambda e: (e.start, e.end))
    out, pos = [], 0
    for edit in edits:
        if edit.start < pos:
            return None
        out.append(text[pos:edit.start])
        out.append(edit.text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


class _FixCheck:
    """Re-lint a file with some fixes applied and compare with the original findings."""

    def __init__(self, linter: Linter, text: str, path: str, runner: str, before: SchemaState | None,
                 prisma_version, baseline: Counter, findings: list[RawFinding]):
        self.linter, self.text, self.path, self.runner = linter, text, path, runner
        self.before, self.prisma_version, self.baseline = before, prisma_version, baseline
        self.severity_of = {f.rule: f.severity for f in findings}

    def ok(self, fixed: list[RawFinding]) -> bool:
        new_text = apply_edits(self.text, [f.fix for f in fixed if f.fix])
        if new_text is None:
            return False
        state = self.before.copy() if self.before is not None else SchemaState()
        result = self.linter.lint_text(new_text, self.path, self.runner, state, verify_fixes=False,
                                       prisma_version=self.prisma_version)
        after = Counter(f.rule for f in result.findings)
        wanted = Counter(f.rule for f in fixed)
        floor = min(f.severity.rank for f in fixed)
        if any(after[rule] > self.baseline[rule] - count for rule, count in wanted.items()):
            return False  # the fix did not make its problem go away
        for rule, count in after.items():
            if count > self.baseline[rule] and rule not in wanted:
                severity = self.severity_of.get(rule)
                rank = severity.rank if severity else _default_rank(self.linter, rule)
                if rank >= floor:
                    return False  # the fix brought in something at least as serious
        return True


def _default_rank(linter: Linter, rule_id: str) -> int:
    rule = linter.by_id.get(rule_id)
    return rule.severity.rank if rule else Severity.CRITICAL.rank


def replay_into(text: str, state: SchemaState, origin: str = "") -> None:
    """Apply a file's statements to the schema state without linting it (an earlier migration)."""
    state.origin = origin
    for stmt in parse_sql(text).statements:
        state.apply(stmt.kind, stmt.node)
