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
from tools.lint.rule import Rule
from tools.lint.transactions import DRIZZLE, PRISMA

SUGGESTED = "5s"
QUIET_KINDS = ("VariableSetStmt", "TransactionStmt")  # statements no timeout rule would point at


def sets_setting(stmt, name: str) -> bool:
    """`SET [LOCAL] name = <non-zero>` (0 means no timeout at all)."""
    if stmt.kind != "VariableSetStmt" or stmt.node.get("name") != name:
        return False
    if stmt.node.get("kind") not in ("VAR_SET_VALUE", None):
        return False
    values = [a.get("A_Const", {}) for a in stmt.node.get("args") or ()]
    texts = [str(v.get("sval", {}).get("sval", v.get("ival", {}).get("ival", 0))) for v in values]
    return bool(texts) and texts[0] not in ("0", "")


def blocking_lock(stmt, ctx):
    """(table, mode) of the first lock on an existing table that blocks writes (or reads), or None."""
    locks = ctx.locks(stmt)
    for taken in locks:
        if taken.table not in ctx.created and conflicts(taken.mode, ROW_EXCLUSIVE):
            return taken.table, taken.mode
    return None


class RequireLockTimeout(Rule):
    id = "require-lock-timeout"
    severity = Severity.MEDIUM
    on = ("*",)
    squawk = ("require-lock-timeout",)

    def check(self, stmt, ctx):
        state = ctx.notes(self.id)
        if state.get("done"):
            if state.get("at") is not None and stmt.kind not in QUIET_KINDS:
                ctx.exempt(self, stmt, f"reported once per migration, at statement {state['at'] + 1}")
            return
        if sets_setting(stmt, "lock_timeout"):
            state["done"] = True
            return
        lock = blocking_lock(stmt, ctx)
        if lock is None:
            if stmt.kind not in QUIET_KINDS:
                ctx.exempt(self, stmt, "takes no lock that blocks reads or writes of an existing table")
            return
        state["done"], state["at"] = True, stmt.index
        table, mode = lock
        ctx.report(
            self, stmt,
            f"This statement waits for {'an' if mode[0] in 'AEIOU' else 'a'} {mode} lock on {table} with no lock_timeout: "
            f"while it waits, every later query "
            f"on {table} queues behind it.",
            help=f"Start the migration with SET lock_timeout = '{SUGGESTED}' (and retry the deploy if it times out)."
                 + (" Prisma and drizzle-kit run the file in a transaction, so SET LOCAL keeps it to this migration."
                    if ctx.runner in (PRISMA, DRIZZLE) else ""),
            fix=session_setting_fix(ctx, "lock_timeout", SUGGESTED), lock=(table, mode),
        )
