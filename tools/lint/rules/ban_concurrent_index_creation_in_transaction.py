"""`CONCURRENTLY` cannot run in a transaction, and Prisma and drizzle-kit run migrations in one.

Why: `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY` and
`DETACH PARTITION ... CONCURRENTLY` commit several times internally, so PostgreSQL refuses them
inside a transaction block (ERROR 25001) and the migration fails. Prisma sends a migration with
more than one statement as one implicit transaction (since Prisma 7.4 a file holding
`CREATE INDEX CONCURRENTLY` is sent statement by statement, but `DROP INDEX CONCURRENTLY` is not
recognised by that splitter yet); drizzle-kit runs every migration inside one transaction.
Exemptions: a Prisma migration whose only statement is the concurrent one; plain SQL outside
BEGIN ... COMMIT; Prisma 7.4+ for `CREATE INDEX CONCURRENTLY`.

Bad (runner = prisma):
```sql
ALTER TABLE "User" ADD COLUMN "email" TEXT;
CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");
```

Good (runner = prisma):
```sql
CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");
```

Good (runner = prisma, prisma-version = 7.4):
```sql
ALTER TABLE "User" ADD COLUMN "email" TEXT;
CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.rewrites import own_migration_steps
from tools.lint.rule import Rule
from tools.lint.transactions import DRIZZLE, PRISMA


def concurrent_operation(stmt) -> str | None:
    """What the statement does CONCURRENTLY, or None."""
    node = stmt.node
    if stmt.kind == "IndexStmt" and node.get("concurrent"):
        return "CREATE INDEX CONCURRENTLY"
    if stmt.kind == "DropStmt" and node.get("concurrent"):
        return "DROP INDEX CONCURRENTLY"
    if stmt.kind == "ReindexStmt" and any(p.get("DefElem", {}).get("defname") == "concurrently" for p in node.get("params") or ()):
        return "REINDEX CONCURRENTLY"
    if stmt.kind == "AlterTableStmt":
        for cmd in node.get("cmds") or ():
            part = cmd.get("AlterTableCmd", {})
            if part.get("subtype") == "AT_DetachPartition" and (part.get("def") or {}).get("PartitionCmd", {}).get("concurrent"):
                return "DETACH PARTITION CONCURRENTLY"
    return None


class BanConcurrentIndexCreationInTransaction(Rule):
    id = "ban-concurrent-index-creation-in-transaction"
    severity = Severity.CRITICAL
    on = ("IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt")
    alter_subtypes = frozenset({"AT_DetachPartition"})
    squawk = ("ban-concurrent-index-creation-in-transaction",)

    def check(self, stmt, ctx):
        operation = concurrent_operation(stmt)
        if operation is None:
            return
        if not ctx.in_transaction(stmt):
            ctx.exempt(self, stmt, f"runs outside a transaction under the {ctx.runner} runner")
            return
        ctx.report(
            self, stmt,
            f"{operation} cannot run inside a transaction block, and {self._why(ctx)}: the migration fails "
            f"(ERROR 25001).",
            help=self._help(ctx, operation),
            data={"runner": ctx.runner, "rewrite": own_migration_steps(ctx, stmt, stmt.text + ";")},
        )

    @staticmethod
    def _why(ctx) -> str:
        if ctx.runner == PRISMA and ctx.plan.wrapped:
            return f"Prisma runs this {len(ctx.statements)}-statement migration as one transaction"
        if ctx.runner == DRIZZLE and ctx.plan.wrapped:
            return "drizzle-kit migrate runs every migration inside one transaction"
        return "this statement is inside BEGIN ... COMMIT"

    @staticmethod
    def _help(ctx, operation: str) -> str:
        if ctx.runner == PRISMA:
            extra = " (Prisma 7.4+ also accepts CREATE INDEX CONCURRENTLY beside other statements)" if operation.startswith("CREATE") else ""
            return f"Move it into a migration of its own: Prisma runs a single-statement migration outside a transaction{extra}."
        if ctx.runner == DRIZZLE:
            return "drizzle-kit cannot run it: run it with psql before deploying, or drop CONCURRENTLY for a small table."
        return "Move it outside BEGIN ... COMMIT."
