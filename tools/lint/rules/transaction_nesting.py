"""Explicit BEGIN/COMMIT inside a migration that the runner already wraps in a transaction.

Why: drizzle-kit runs every migration inside its own transaction: a COMMIT in the file commits it
early, so the statements after it run unprotected and a later failure leaves the migration half
applied. Prisma sends a multi-statement file as one implicit transaction, so BEGIN/COMMIT there are
redundant (harmless, but misleading). In plain SQL, a BEGIN inside BEGIN is ignored with a warning
and the inner COMMIT ends the outer transaction; a COMMIT without BEGIN does nothing.
Exemptions: one BEGIN ... COMMIT pair in a plain SQL file.

Bad (runner = drizzle):
```sql
BEGIN;
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
COMMIT;
```

Good (runner = plain):
```sql
BEGIN;
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
COMMIT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.rule import Rule
from tools.lint.transactions import DRIZZLE, PRISMA, transaction_kind


class TransactionNesting(Rule):
    id = "transaction-nesting"
    severity = Severity.MEDIUM
    max_severity = Severity.HIGH
    on = ("TransactionStmt",)
    squawk = ("transaction-nesting",)

    def check(self, stmt, ctx):
        kind = transaction_kind(stmt)
        if kind is None:
            return
        notes = ctx.notes(self.id, lambda: {"open": False})
        if ctx.plan.wrapped:
            self._wrapped(stmt, ctx, kind)
        elif kind == "begin" and notes["open"]:
            ctx.report(self, stmt, "BEGIN inside an open transaction is ignored (with a warning); the next COMMIT ends "
                       "the outer transaction.", help="Remove the inner BEGIN/COMMIT pair.")
        elif kind == "end" and not notes["open"]:
            ctx.report(self, stmt, "COMMIT/ROLLBACK without a BEGIN does nothing (PostgreSQL only warns).",
                       help="Remove it, or add the BEGIN it belongs to.", severity=Severity.LOW)
        notes["open"] = kind == "begin"

    def _wrapped(self, stmt, ctx, kind):
        if ctx.runner == DRIZZLE:
            message = ("drizzle-kit already runs this migration in a transaction: "
                       + ("this BEGIN is ignored, and the COMMIT that follows ends drizzle's transaction early."
                          if kind == "begin" else "this COMMIT ends it early, so what follows runs unprotected."))
            ctx.report(self, stmt, message, help="Remove BEGIN/COMMIT from drizzle-kit migrations.", severity=Severity.HIGH)
        elif ctx.runner == PRISMA:
            ctx.report(
                self, stmt,
                f"Prisma already runs this {len(ctx.statements)}-statement migration as one transaction: this "
                f"{'BEGIN' if kind == 'begin' else 'COMMIT'} is redundant.",
                help="Remove the explicit BEGIN/COMMIT (it is harmless with Prisma, but breaks under other runners).",
                severity=Severity.LOW,
            )
