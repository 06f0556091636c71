"""Lint one migration file: parse once, dispatch each statement to the rules that look at its type.

The order for a file is: parse (PostgreSQL's grammar) -> plan its transactions from the runner ->
for each statement, the rules registered for its node type, then the statement is applied to the
schema state -> file-wide rules -> ignore comments -> severity settings -> fixes, kept only when
linting the fixed text again shows the problem gone and nothing as serious introduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.findings import Fix, Severity
from tools.lint.context import Exemption, FileContext, RawFinding
from tools.lint.history import SchemaState
from tools.lint.ignores import apply_ignores, find_ignores, unused_ignore_problems
from tools.lint.nodes import cmd_column_def, key_of_names, rel_key, strings
from tools.lint.parse import ParsedFile, parse_sql
from tools.lint.settings import LintSettings
from tools.lint.sqltext import SqlText
from tools.lint.transactions import plan_transactions


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

    def __init__(self, settings: LintSettings, only: frozenset[str] | None = None):
        from tools.lint.rules import REGISTRY

        self.settings = settings
        self.known = {cls.id for cls in REGISTRY}
        self.rules = [cls() for cls in REGISTRY if _enabled(cls, settings) and (only is None or cls.id in only)]
        self._restricted: dict[frozenset[str], Linter] = {}
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
        # node type -> the rules to call for it (its own, then the ones that look at every statement)
        self.handlers: dict[str, tuple] = {kind: tuple(rules) + tuple(self.every) for kind, rules in self.dispatch.items()}
        self.default_handlers = tuple(self.every)
        self._alter_handlers: dict[frozenset[str], tuple] = {}  # subcommand types -> the rules they concern

    def lint_text(self, text: str, path: str, runner: str, state: SchemaState | None = None,
                  verify_fixes: bool = True, prisma_version: tuple[int, int] | None = None) -> FileResult:
        """Lint one file. `state` (the schema before this file) is advanced past it."""
        return self.lint_parsed(parse_sql(text), path, runner, state, verify_fixes, prisma_version)

    def lint_parsed(self, parsed: ParsedFile, path: str, runner: str, state: SchemaState | None = None,
                    verify_fixes: bool = True, prisma_version: tuple[int, int] | None = None,
                    counting: bool = False) -> FileResult:
        """Lint a parsed file; `counting` (fix checks) skips working out exact spans."""
        state = state if state is not None else SchemaState()
        before = state.copy() if verify_fixes else None
        prisma_version = prisma_version or self.settings.prisma_version
        ctx = self._run_rules(parsed, path, runner, state, prisma_version, counting)
        findings = self._finalise(ctx, parsed)
        ctx.close()
        if verify_fixes and any(f.fix for f in findings):
            from tools.lint.fixcheck import verify_fixes as verify

            findings = verify(self, findings, parsed, path, runner, before, prisma_version)
        spans = [(s.start, s.end) for s in parsed.statements]
        return FileResult(path, parsed.sql, findings, ctx.exemptions or [], len(parsed.statements), runner, spans)

    def alter_handlers(self, stmt) -> tuple:
        """The rules an ALTER TABLE concerns, given the types of its subcommands (most rules look at one or two)."""
        subtypes = frozenset([cmd.get("subtype") for cmd in stmt.cmds])
        found = self._alter_handlers.get(subtypes)
        if found is None:
            found = self._alter_handlers[subtypes] = tuple(
                rule for rule in self.handlers.get(stmt.kind, self.default_handlers)
                if rule.alter_subtypes is None or rule.alter_subtypes & subtypes)
        return found

    def restricted(self, rule_ids: frozenset[str]) -> "Linter":
        """The same settings with only some rules (cached): fix checks need only the relevant ones."""
        if rule_ids not in self._restricted:
            self._restricted[rule_ids] = Linter(self.settings, only=rule_ids)
        return self._restricted[rule_ids]

    def _run_rules(self, parsed: ParsedFile, path: str, runner: str, state: SchemaState,
                   prisma_version: tuple[int, int] | None, counting: bool = False) -> FileContext:
        plan = plan_transactions(parsed.statements, runner, prisma_version)
        ctx = FileContext(path, parsed, self.settings, state, plan)
        ctx.counting = counting
        state.origin = path
        if parsed.errors and "syntax-error" in self.by_id:
            self.by_id["syntax-error"].report_errors(ctx, parsed.errors)
        handlers, default = self.handlers, self.default_handlers
        for stmt in parsed.statements:
            for rule in handlers.get(stmt.kind, default) if not stmt.cmds else self.alter_handlers(stmt):
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


def _enabled(cls, settings: LintSettings) -> bool:
    setting = settings.rules.get(cls.id)
    if setting == "off":
        return False
    return not cls.opt_in or setting is not None


def _track_created(ctx: FileContext, stmt) -> None:
    if stmt.cmds:
        table = stmt.table
        ctx.added_columns.update((table, (cmd_column_def(c) or {}).get("colname", "")) for c in stmt.cmds if c.get("subtype") == "AT_AddColumn")
    if stmt.kind in ("CreateStmt", "CreateTableAsStmt") or (stmt.kind == "SelectStmt" and stmt.node.get("intoClause")):
        into = stmt.node.get("into") or stmt.node.get("intoClause") or {}
        ctx.created.setdefault(rel_key(stmt.node.get("relation") or into.get("rel")), stmt.index)
    elif stmt.kind in ("CreateEnumStmt", "CompositeTypeStmt", "CreateDomainStmt"):
        if stmt.kind == "CreateDomainStmt":
            names = strings(stmt.node.get("domainname"))
        elif stmt.kind == "CompositeTypeStmt":
            names = [(stmt.node.get("typevar") or {}).get("relname", "")]
        else:
            names = strings(stmt.node.get("typeName"))
        ctx.created_types.setdefault(key_of_names(names), stmt.index)


def apply_edits(text: str, fixes: list[Fix]) -> str | None:
    """The text with every edit of `fixes` applied, or None when two edits overlap."""
    from tools.lint.parse import apply_text_edits

    return apply_text_edits(text, [e for fix in fixes for e in fix.edits])


def replay_into(text: str, state: SchemaState, origin: str = "") -> None:
    """Apply a file's statements to the schema state without linting it (an earlier migration)."""
    state.origin = origin
    for stmt in parse_sql(text).statements:
        state.apply(stmt.kind, stmt.node)
