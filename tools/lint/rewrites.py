"""Safe rewrites the rules suggest: in-file edits (`Fix`) and multi-migration recipes (`data.rewrite`).

A rewrite that fits in the file being linted is a `Fix` with text edits; the engine keeps it only
if linting the edited file shows the problem gone. A rewrite that needs several deploys (a
`VALIDATE` in a later migration, a concurrent index in a migration of its own, expand-and-contract
for a rename) is a list of steps, each the SQL of one migration, under the finding's
`data["rewrite"]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.findings import Fix
from tools.lint.nodes import display
from tools.lint.sqltext import quote_ident
from tools.lint.transactions import DRIZZLE, PRISMA

if TYPE_CHECKING:
    from tools.lint.context import FileContext
    from tools.lint.parse import Statement


def step(title: str, sql: str) -> dict:
    return {"title": title, "sql": sql.strip() + "\n"}


def separate_transaction_possible(ctx: "FileContext", stmt: "Statement") -> bool:
    """Whether a statement added after `stmt` would run in a transaction of its own."""
    return not ctx.in_transaction(stmt)


def not_valid_fix(ctx: "FileContext", stmt: "Statement", cmd_index: int, table: str, name: str) -> tuple[Fix, list[dict]]:
    """`ADD CONSTRAINT ... NOT VALID`, then `VALIDATE CONSTRAINT` where it does not hold the lock."""
    _, cmd_end = ctx.cmd_span(stmt, cmd_index)
    validate = f"ALTER TABLE {display(table)} VALIDATE CONSTRAINT {quote_ident(name)};"
    edits = [(cmd_end, cmd_end, " NOT VALID")]
    steps = []
    if separate_transaction_possible(ctx, stmt):
        # in autocommit mode the VALIDATE commits on its own: it only takes SHARE UPDATE EXCLUSIVE
        edits.append((stmt.end, _after_semicolon(ctx, stmt), f";\n{validate}"))
        title = "add NOT VALID, then VALIDATE CONSTRAINT as a separate statement"
    else:
        title = "add NOT VALID here; validate in the next migration"
        steps = [step("next migration: validate without blocking writes", validate)]
    fix = ctx.edit_fix(title, *edits)
    return fix, steps


def _after_semicolon(ctx: "FileContext", stmt: "Statement") -> int:
    """The offset just past the statement's semicolon (or its end when it has none)."""
    text = ctx.text
    pos = stmt.end
    while pos < len(text) and text[pos].isspace() and text[pos] != "\n":
        pos += 1
    return pos + 1 if pos < len(text) and text[pos] == ";" else stmt.end


def own_migration_steps(ctx: "FileContext", stmt: "Statement", concurrent_sql: str) -> list[dict]:
    """How to run a CONCURRENTLY statement given the runner (it cannot run in a transaction)."""
    if ctx.runner == PRISMA:
        return [step("a migration of its own (Prisma runs a single-statement migration outside a transaction)", concurrent_sql)]
    if ctx.runner == DRIZZLE:
        return [step("outside drizzle-kit migrate (it wraps every migration in one transaction): run it with psql "
                     "before deploying, then keep the plain statement in the migration with IF NOT EXISTS", concurrent_sql)]
    return [step("outside any transaction block", concurrent_sql)]


def with_keyword(sql: str, after_word: str, keyword: str) -> str:
    """`sql` with `keyword` inserted after the first `after_word` (case-insensitive)."""
    import re

    return re.sub(rf"\b{after_word}\b", lambda m: f"{m.group(0)} {keyword}", sql, count=1, flags=re.IGNORECASE)


def insert_keyword_fix(ctx: "FileContext", stmt: "Statement", after_word: str, keyword: str, title: str) -> Fix | None:
    """Insert `keyword` after the first occurrence of the word `after_word` in the statement."""
    import re

    match = re.search(rf"\b{after_word}\b", ctx.text[stmt.start:stmt.end], re.IGNORECASE)
    if not match:
        return None
    at = stmt.start + match.end()
    return ctx.edit_fix(title, (at, at, f" {keyword}"))


def session_setting_fix(ctx: "FileContext", name: str, value: str) -> Fix:
    """`SET [LOCAL] name = value;` before the first statement of the file."""
    first = ctx.statements[0].start if ctx.statements else 0
    local = "LOCAL " if ctx.statements and ctx.in_transaction(ctx.statements[0]) else ""
    # SET LOCAL lasts until the end of the migration's transaction; plain SET would stay on the
    # runner's connection after the migration
    return ctx.edit_fix(f"set {name} at the start of the migration", (first, first, f"SET {local}{name} = '{value}';\n"))


def expand_contract_rename(table: str, old: str, new: str, type_sql: str | None) -> list[dict]:
    """The expand-and-contract steps that rename a column without breaking running code."""
    t, o, n = display(table), quote_ident(old), quote_ident(new)
    column_type = type_sql or "<type>"
    return [
        step("migration 1 (expand): add the new column and keep both in step",
             f"ALTER TABLE {t} ADD COLUMN {n} {column_type};\n"
             f"-- a trigger (or the application) writes both {o} and {n} until every reader uses {n}"),
        step("migration 2: backfill in batches", f"UPDATE {t} SET {n} = {o} WHERE {n} IS NULL AND <batch condition>;"),
        step("deploy the code that reads and writes only the new column", "-- no SQL"),
        step("migration 3 (contract): drop the old column", f"ALTER TABLE {t} DROP COLUMN {o};"),
    ]
