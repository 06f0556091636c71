"""Which statements of a migration run inside the same transaction, given the tool that runs it.

- Prisma (`migrate deploy`/`dev`) sends the whole migration.sql as one simple-query message;
  PostgreSQL runs a multi-statement message as one implicit transaction, so every statement of a
  file with more than one shares a transaction (a single-statement file runs on its own). Since
  Prisma 7.4 (prisma-engines #5767) a file containing `CREATE INDEX CONCURRENTLY` is split and sent
  statement by statement instead; `DROP INDEX CONCURRENTLY` is not recognised by that splitter yet
  (prisma-engines #5847), so it still fails beside other statements.
- drizzle-kit (`migrate`, and drizzle-orm's `migrate()`) runs all pending files in one transaction,
  statement by statement at the `--> statement-breakpoint` markers.
- plain: psql-style, each statement commits on its own unless the file says BEGIN ... COMMIT.

An explicit BEGIN inside Prisma's implicit transaction turns it into a regular one (harmless); an
explicit COMMIT inside drizzle's transaction commits it early, and what follows runs unprotected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the settings import this module on every run, the parser only on a cache miss
    from tools.lint.parse import Statement

PRISMA, DRIZZLE, PLAIN = "prisma", "drizzle", "plain"
RUNNERS = (PRISMA, DRIZZLE, PLAIN)

_BEGIN = {"TRANS_STMT_BEGIN", "TRANS_STMT_START"}
_END = {"TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"}


@dataclass(frozen=True, slots=True)
class TransactionPlan:
    """For each statement, the id of the transaction it runs in (None: it commits on its own)."""

    groups: tuple[int | None, ...]
    runner: str
    wrapped: bool  # the runner itself opens a transaction around the file
    split: bool = False  # Prisma 7.4+ sends the statements one by one

    def in_transaction(self, index: int) -> bool:
        return self.groups[index] is not None

    def same_transaction(self, a: int, b: int) -> bool:
        return self.groups[a] is not None and self.groups[a] == self.groups[b]


def transaction_kind(stmt: "Statement") -> str | None:
    if stmt.kind != "TransactionStmt":
        return None
    kind = stmt.node.get("kind", "")
    if kind in _BEGIN:
        return "begin"
    if kind in _END:
        return "end"
    return None


def prisma_splits(statements: "list[Statement]", prisma_version: tuple[int, int] | None) -> bool:
    """Prisma 7.4+ runs a file holding CREATE INDEX CONCURRENTLY statement by statement."""
    if prisma_version is None or prisma_version < (7, 4):
        return False
    return any(s.kind == "IndexStmt" and s.node.get("concurrent") for s in statements)


def plan_transactions(statements: "list[Statement]", runner: str, prisma_version: tuple[int, int] | None = None) -> TransactionPlan:
    """Assign each statement to the transaction it will run in under `runner`."""
    split = runner == PRISMA and prisma_splits(statements, prisma_version)
    wrapped = (runner == PRISMA and len(statements) > 1 and not split) or runner == DRIZZLE
    groups: list[int | None] = []
    current: int | None = 0 if wrapped else None
    next_id = 1
    for stmt in statements:
        kind = transaction_kind(stmt)
        if kind == "begin" and current is None:
            current, next_id = next_id, next_id + 1
        groups.append(current)
        if kind == "end":
            if runner == PRISMA and wrapped:
                # the statements after a COMMIT start a new implicit transaction of the same message
                current, next_id = next_id, next_id + 1
            else:
                current = None
    return TransactionPlan(tuple(groups), runner, wrapped, split)
