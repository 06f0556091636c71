"""A BEGIN without a COMMIT leaves the migration's work uncommitted, so it is rolled back.

Why: when the session ends, PostgreSQL rolls back the open transaction: the migration tool
reports success but nothing was applied (or, under Prisma, the migration's bookkeeping ends up
inside the open transaction as well).
Exemptions: files where every BEGIN is followed by COMMIT or ROLLBACK.

Bad (runner = plain):
```sql
BEGIN;
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
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
from tools.lint.transactions import transaction_kind


class BanUncommittedTransaction(Rule):
    id = "ban-uncommitted-transaction"
    severity = Severity.CRITICAL
    on = ("TransactionStmt",)
    squawk = ("ban-uncommitted-transaction",)
    file_wide = True

    def check(self, stmt, ctx):
        kind = transaction_kind(stmt)
        if kind == "begin":
            ctx.scratch[self.id] = stmt
        elif kind == "end":
            ctx.scratch[self.id] = None

    def finish(self, ctx):
        begin = ctx.scratch.get(self.id)
        if begin is None:
            return
        end = len(ctx.text)
        tail = "" if ctx.text.endswith("\n") else "\n"
        ctx.report(
            self, begin, "This transaction is never committed: its statements are rolled back when the session ends.",
            help="Add COMMIT; at the end of the migration (or remove the BEGIN).",
            fix=ctx.edit_fix("add COMMIT at the end", (end, end, f"{tail}COMMIT;\n")),
        )
