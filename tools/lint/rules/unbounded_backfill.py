"""An UPDATE or DELETE of a whole existing table inside a schema migration.

Why: one statement that rewrites every row holds row locks on all of them (blocking the
application's writes to those rows) until the migration's transaction ends, writes a copy of every
row (WAL, replication lag, table bloat), and under a migration runner cannot be resumed half way.
Backfills belong in batches (by key range, committed separately), outside the schema migration.
Exemptions: tables created earlier in the same migration; statements with a WHERE clause other than
`IS [NOT] NULL` tests (those select the whole backfill).

Bad:
```sql
UPDATE "User" SET "plan" = 'FREE' WHERE "plan" IS NULL;
```

Good:
```sql
UPDATE "User" SET "plan" = 'FREE' WHERE "id" = 'admin';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ROW_EXCLUSIVE
from tools.lint.nodes import walk
from tools.lint.rule import Rule

_NULL_TESTS_ONLY = {"NullTest", "BoolExpr", "ColumnRef", "String"}


def unbounded(where) -> bool:
    """No WHERE, or one that only tests columns for NULL (the shape of a backfill)."""
    if not where:
        return True
    kinds = {kind for kind, _ in walk({"w": where})}
    return kinds <= _NULL_TESTS_ONLY and "NullTest" in kinds


class UnboundedBackfill(Rule):
    id = "unbounded-backfill"
    severity = Severity.MEDIUM
    on = ("UpdateStmt", "DeleteStmt")
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        if not unbounded(stmt.node.get("whereClause")) or ctx.exempt_new_table(self, stmt, table):
            return
        verb = "updates" if stmt.kind == "UpdateStmt" else "deletes"
        ctx.report(
            self, stmt,
            f"This {verb} every{' matching' if stmt.node.get('whereClause') else ''} row of {table} in one statement: the "
            f"rows stay locked until the migration commits, and every row is rewritten at once (WAL, replication lag, bloat).",
            help="Run the backfill in batches by key range (each batch its own transaction) outside the schema migration, "
                 "or confirm the table is small.",
            lock=(table, ROW_EXCLUSIVE), data={"backfill": True},
        )
