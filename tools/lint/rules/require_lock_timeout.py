"""A migration that takes a blocking lock without `lock_timeout` can stall every query on the table.

Why: a statement waiting for its lock (behind a long query or an idle transaction) sits in the
lock queue, and every later query on the table queues behind it, even plain SELECTs when the
lock wanted is ACCESS EXCLUSIVE: a one-millisecond `ALTER TABLE` becomes an outage. With
`SET lock_timeout = '5s'` the migration fails fast instead and can be retried.
Exemptions: statements that lock only tables created earlier in the same migration, or take no
lock that blocks reads or writes (reported once per file, at the first statement that does).

Bad:
```sql
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
```

Good:
```sql
SET lock_timeout = '5s';
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ROW_EXCLUSIVE, conflicts
from tools.lint.rewrites import session_setting_fix
from tools.lint.timeouts import MissingTimeout
from tools.lint.transactions import DRIZZLE, PRISMA

SUGGESTED = "5s"


def blocking_lock(stmt, ctx):
    """(table, mode) of the first lock on an existing table that blocks writes (or reads), or None."""
    locks = ctx.locks(stmt)
    for taken in locks:
        if taken.table not in ctx.created and conflicts(taken.mode, ROW_EXCLUSIVE):
            return taken.table, taken.mode
    return None


class RequireLockTimeout(MissingTimeout):
    id = "require-lock-timeout"
    severity = Severity.MEDIUM
    squawk = ("require-lock-timeout",)
    setting = "lock_timeout"
    no_hazard = "takes no lock that blocks reads or writes of an existing table"

    def hazard(self, stmt, ctx):
        return blocking_lock(stmt, ctx)

    def report_hazard(self, stmt, ctx, hazard):
        table, mode = hazard
        ctx.report(
            self, stmt,
            f"This statement waits for {'an' if mode[0] in 'AEIOU' else 'a'} {mode} lock on {table} with no lock_timeout: "
            f"while it waits, every later query on {table} queues behind it.",
            help=f"Start the migration with SET lock_timeout = '{SUGGESTED}' (and retry the deploy if it times out)."
                 + (" Prisma and drizzle-kit run the file in a transaction, so SET LOCAL keeps it to this migration."
                    if ctx.runner in (PRISMA, DRIZZLE) else ""),
            fix=session_setting_fix(ctx, "lock_timeout", SUGGESTED), lock=(table, mode),
        )
