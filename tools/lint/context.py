"""What a rule sees while it lints one file: the statements, the transactions, the history, a reporter.

Facts several rules need are computed here once per file: the transaction each statement runs in,
the tables created earlier in the file (empty and unknown to the application, so nothing on them
can block anyone), the schema left by earlier migrations, and the exact text span of a statement,
an ALTER TABLE subcommand or a column. Rules report through `report` and explain their silence
through `exempt` (recorded only when asked, for the parity eval and `--explain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.findings import Fix, Severity, TextEdit
from tools.lint.columns import declared_types
from tools.lint.cost import slow_work
from tools.lint.history import SchemaState
from tools.lint.locks import lock_data, statement_locks
from tools.lint.parse import ParsedFile, Statement
from tools.lint.settings import LintSettings
from tools.lint.transactions import TransactionPlan


@dataclass(slots=True)
class RawFinding:
    """A finding before it gets its line/column: offsets into the file, the statement it is about."""

    rule: str
    severity: Severity
    message: str
    help: str
    start: int
    end: int
    statement: int  # index of the statement, -1 for the file as a whole
    fix: Fix | None = None
    data: dict[str, Any] | None = None


@dataclass(slots=True)
class Exemption:
    rule: str
    statement: int
    reason: str


class FileContext:
    """Per-file state shared by the rules of one lint run."""

    def __init__(self, path: str, parsed: ParsedFile, settings: LintSettings, state: SchemaState, plan: TransactionPlan):
        self.path = path
        self.sql = parsed.sql
        self.text = parsed.sql.text
        self.statements = parsed.statements
        self.settings = settings
        self.state = state  # the schema as of the current statement (earlier migrations + this file so far)
        self.plan = plan
        self.findings: list[RawFinding] = []
        self.exemptions: list[Exemption] | None = [] if settings.collect_exemptions else None
        self.created: dict[str, int] = {}  # table key -> index of the CREATE TABLE in this file
        self.created_types: dict[str, int] = {}
        self.scratch: dict[str, Any] = {}  # per-rule notes for file-wide rules, keyed by rule id
        self.added_columns: set[tuple[str, str]] = set()  # (table, column) added by an earlier statement
        # facts several rules ask for, computed once per statement (keyed by its index)
        self._locks: dict[int, list] = {}
        self._slow: dict[int, tuple[str, str] | None] = {}
        self._declared: dict[int, list] = {}
        self._cmd_spans: dict[int, list[tuple[int, int]]] = {}
        self.counting = False  # a fix check only counts findings: exact spans are not worked out

    # -- facts ---------------------------------------------------------------------------------
    @property
    def runner(self) -> str:
        return self.plan.runner

    @property
    def pg_version(self) -> int:
        return self.settings.pg_version

    def is_new_table(self, table: str) -> bool:
        """Created earlier in this file: empty, and no running application uses it yet."""
        return table in self.created

    def in_transaction(self, stmt: Statement) -> bool:
        return self.plan.in_transaction(stmt.index)

    def locks(self, stmt: Statement) -> list:
        """The table locks the statement takes (computed once, shared by the rules)."""
        found = self._locks.get(stmt.index)
        if found is None:
            found = self._locks[stmt.index] = statement_locks(stmt.kind, stmt.node, self.state)
        return found

    def slow(self, stmt: Statement) -> tuple[str, str] | None:
        """(table, what) when the statement's run time grows with a table (computed once)."""
        memo = self._slow
        if stmt.index not in memo:
            memo[stmt.index] = slow_work(stmt, self)
        return memo[stmt.index]

    def declared(self, stmt: Statement) -> list:
        """The column types the statement declares (computed once for the type rules)."""
        found = self._declared.get(stmt.index)
        if found is None:
            found = self._declared[stmt.index] = list(declared_types(stmt, self))
        return found

    def close(self) -> None:
        """Drop the per-file notes once the file is done: some facts point back at the context (a
        declared type finds its text through it), and without this the cycle would keep every file's
        parse tree alive until Python's cycle collector runs."""
        self.scratch, self._declared = {}, {}

    def notes(self, rule_id: str, factory: Any = dict) -> Any:
        found = self.scratch.get(rule_id)
        if found is None:
            found = self.scratch[rule_id] = factory()
        return found

    # -- reporting -----------------------------------------------------------------------------
    def report(self, rule: Any, stmt: Statement | None, message: str, *, help: str = "",
               span: tuple[int, int] | None = None, severity: Severity | None = None, fix: Fix | None = None,
               lock: tuple[str, str] | None = None, data: dict[str, Any] | None = None) -> None:
        start, end = span if span else ((stmt.start, stmt.end) if stmt else (0, 0))
        payload: dict[str, Any] = {}
        if stmt is not None:
            payload["statement"] = stmt.index + 1
        if lock is not None:
            payload.update(lock_data(*lock))
        if data:
            payload.update(data)
        self.findings.append(RawFinding(rule.id, severity or rule.severity, message, help, start, end,
                                        stmt.index if stmt else -1, fix, payload))

    def exempt(self, rule: Any, stmt: Statement, reason: str) -> None:
        if self.exemptions is not None:
            self.exemptions.append(Exemption(rule.id, stmt.index, reason))

    def exempt_new_column(self, rule: Any, stmt: Statement, index: int, table: str, column: str) -> bool:
        """True (and recorded) when the column is added earlier in this migration (or this statement)."""
        from tools.lint.nodes import cmd_column_def

        added = (table, column) in self.added_columns or any(
            cmd.get("subtype") == "AT_AddColumn" and (cmd_column_def(cmd) or {}).get("colname") == column
            for cmd in stmt.cmds[:index])
        if added:
            self.exempt(rule, stmt, f"{table}.{column} is added earlier in this migration")
        return added

    def exempt_new_table(self, rule: Any, stmt: Statement, table: str) -> bool:
        """True (and recorded) when `table` was created earlier in this file."""
        if table in self.created:
            self.exempt(rule, stmt, f"table {table} is created earlier in this migration")
            return True
        return False

    # -- places in the text ----------------------------------------------------------------------
    def at(self, stmt: Statement, location: int | None) -> int:
        """Character offset of a node's `location` (a byte offset, -1 when unknown)."""
        if location is None or location < 0:
            return stmt.start
        offset = self.sql.char_offset(stmt.byte_base + location)
        return offset if stmt.start <= offset <= stmt.end else stmt.start

    def element_span(self, stmt: Statement, location: int | None) -> tuple[int, int]:
        """From a node's location to the end of its list element (next top-level comma or paren)."""
        if self.counting:
            return stmt.start, stmt.end
        start = self.at(stmt, location)
        return start, element_end(self.text, start, stmt.end)

    def cmd_span(self, stmt: Statement, index: int) -> tuple[int, int]:
        """The text of the `index`-th subcommand of an ALTER TABLE statement."""
        if self.counting:
            return stmt.start, stmt.end
        spans = self._cmd_spans
        if stmt.index not in spans:
            relation = stmt.node.get("relation") or {}
            begin = self.at(stmt, relation.get("location"))
            spans[stmt.index] = alter_command_spans(self.text, begin, stmt.end)
        found = spans[stmt.index]
        return found[index] if index < len(found) else (stmt.start, stmt.end)

    def edit_fix(self, title: str, *edits: tuple[int, int, str]) -> Fix:
        return Fix(title, tuple(TextEdit(s, e, t) for s, e, t in edits))


def _skip_quoted(text: str, pos: int, end: int) -> int:
    """From an opening quote (' or " or $tag$) to just after its closing one."""
    char = text[pos]
    if char == "$":
        close = text.find("$", pos + 1)
        if close < 0:
            return pos + 1
        tag = text[pos:close + 1]
        found = text.find(tag, close + 1)
        return end if found < 0 else found + len(tag)
    pos += 1
    while pos < end:
        if text[pos] == char:
            if pos + 1 < end and text[pos + 1] == char:  # doubled quote inside the literal
                pos += 2
                continue
            return pos + 1
        pos += 1
    return end


def _top_level(text: str, start: int, end: int):
    """Yield (offset, char) of the characters at parenthesis depth 0, outside quotes and comments."""
    depth = 0
    pos = start
    while pos < end:
        char = text[pos]
        if char in "'\"" or (char == "$" and _is_dollar_tag(text, pos)):
            pos = _skip_quoted(text, pos, end)
            continue
        if text.startswith("--", pos):
            newline = text.find("\n", pos)
            pos = end if newline < 0 else newline
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                yield pos, char
                return
        elif depth == 0:
            yield pos, char
        pos += 1


def _is_dollar_tag(text: str, pos: int) -> bool:
    """`$$` or `$tag$` opens a dollar-quoted string; `$1` is a parameter."""
    close = text.find("$", pos + 1)
    tag = text[pos + 1:close]
    return close > pos and (not tag or (not tag[0].isdigit() and all(c.isalnum() or c == "_" for c in tag)))


def element_end(text: str, start: int, end: int) -> int:
    for pos, char in _top_level(text, start, end):
        if char in ",)":
            end = pos
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def alter_command_spans(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Split `<table> <cmd>, <cmd>, ...` at its top-level commas (skipping the table name first)."""
    pos = begin
    if pos < end and text[pos] == '"':
        pos = _skip_quoted(text, pos, end)
    while pos < end and not text[pos].isspace():
        if text[pos] == '"':
            pos = _skip_quoted(text, pos, end)
        else:
            pos += 1
    spans = []
    start = pos
    for offset, char in _top_level(text, pos, end):
        if char == ",":
            spans.append(_trimmed(text, start, offset))
            start = offset + 1
    spans.append(_trimmed(text, start, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
