"""`CREATE INDEX` without CONCURRENTLY blocks every write to the table while the index is built.

Why: a plain `CREATE INDEX` holds a SHARE lock for the whole build (minutes on a big table):
reads go on, but every INSERT, UPDATE and DELETE waits. `CREATE INDEX CONCURRENTLY` builds it
under SHARE UPDATE EXCLUSIVE, which lets writes continue, but cannot run inside a transaction:
with Prisma it needs a migration of its own (or Prisma 7.4+), with drizzle-kit it must run
outside the migrator.
Exemptions: tables created earlier in the same migration (empty: Prisma's CREATE TABLE + CREATE
INDEX pairs).

Bad:
```sql
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
```

Good:
```sql
CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post"("authorId");
```

Good:
```sql
CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL);
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import SHARE
from tools.lint.rewrites import insert_keyword_fix, own_migration_steps, with_keyword
from tools.lint.rule import Rule
from tools.lint.transactions import DRIZZLE, PRISMA


class RequireConcurrentIndexCreation(Rule):
    id = "require-concurrent-index-creation"
    severity = Severity.HIGH
    on = ("IndexStmt",)
    squawk = ("require-concurrent-index-creation",)
    weight = "blocking"

    def check(self, stmt, ctx):
        if stmt.node.get("concurrent"):
            return
        table = stmt.table
        if ctx.exempt_new_table(self, stmt, table):
            return
        fix = None
        if not ctx.in_transaction(stmt):
            fix = insert_keyword_fix(ctx, stmt, "INDEX", "CONCURRENTLY", "build the index CONCURRENTLY")
        name = stmt.node.get("idxname")
        ctx.report(
            self, stmt,
            f"Building {'index ' + name if name else 'an index'} on {table} without CONCURRENTLY holds a SHARE lock for "
            f"the whole build: every INSERT, UPDATE and DELETE on {table} waits.",
            help=self._help(ctx),
            fix=fix, lock=(table, SHARE),
            data={"index": name, "rewrite": own_migration_steps(ctx, stmt, with_keyword(stmt.text, "INDEX", "CONCURRENTLY") + ";")},
        )

    @staticmethod
    def _help(ctx) -> str:
        if ctx.runner == PRISMA and ctx.plan.wrapped:
            return ("Use CREATE INDEX CONCURRENTLY in a migration of its own (prisma migrate dev --create-only, then edit): "
                    "Prisma runs a single-statement migration outside a transaction. Prisma 7.4+ also accepts it beside "
                    "other statements.")
        if ctx.runner == DRIZZLE:
            return ("drizzle-kit runs migrations in a transaction, where CONCURRENTLY fails: build the index with "
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS through psql before deploying.")
        return "Use CREATE INDEX CONCURRENTLY (outside any transaction block)."
