"""A slow statement runs while an earlier statement of the same transaction holds ACCESS EXCLUSIVE.

Why: a lock is held until the transaction ends, not until the statement that took it ends. After a
quick `ALTER TABLE "A" ADD COLUMN` (ACCESS EXCLUSIVE on A), a `CREATE INDEX` or a backfill later in
the same transaction (a Prisma migration, a drizzle-kit run) keeps A locked for its whole run:
every query on A, even a SELECT, waits; a plain `CREATE INDEX` on A alone would have let reads go
on.
Exemptions: statements that commit on their own; slow statements that themselves take ACCESS
EXCLUSIVE on the locked table (their own rule reports them); tables created earlier in the same
migration.

Bad (runner = prisma):
```sql
ALTER TABLE "Post" ADD COLUMN "slug" TEXT;
CREATE INDEX "Post_slug_idx" ON "Post"("slug");
```

Good (runner = prisma):
```sql
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
ALTER TABLE "Post" ADD COLUMN "slug" TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.rule import Rule


# statements that take no lock on an existing table and read no table
NEITHER_LOCKS_NOR_SCANS = frozenset({
    "CreateEnumStmt", "AlterEnumStmt", "CreateDomainStmt", "CompositeTypeStmt", "CreateExtensionStmt",
    "CreateFunctionStmt", "CreateSchemaStmt", "CreateSeqStmt", "AlterSeqStmt", "VariableSetStmt", "TransactionStmt",
    "GrantStmt", "DoStmt", "CreateRoleStmt", "AlterOwnerStmt",
})


# the statements whose locks can include ACCESS EXCLUSIVE on an existing table
MAY_TAKE_ACCESS_EXCLUSIVE = frozenset({
    "AlterTableStmt", "DropStmt", "RenameStmt", "TruncateStmt", "VacuumStmt", "ClusterStmt", "RefreshMatViewStmt",
    "ViewStmt", "CreatePolicyStmt", "AlterPolicyStmt", "LockStmt", "CreateStmt",
})


class HoldingAccessExclusiveLock(Rule):
    id = "holding-access-exclusive-lock"
    severity = Severity.MEDIUM
    on = ("*",)
    weight = "blocking"

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in NEITHER_LOCKS_NOR_SCANS or (kind == "CreateStmt" and not stmt.node.get("partbound")):
            return  # nothing it does holds an existing table or takes long
        if not ctx.in_transaction(stmt):
            return  # its locks end with the statement
        held = ctx.notes(self.id)  # table -> index of the statement that took ACCESS EXCLUSIVE
        locks = {t.table: t.mode for t in ctx.locks(stmt)} if kind in MAY_TAKE_ACCESS_EXCLUSIVE else {}
        if held:
            work = ctx.slow(stmt)
            if work is not None:
                self._report(stmt, ctx, held, locks, work)
        for table, mode in locks.items():
            if mode == ACCESS_EXCLUSIVE and table not in ctx.created and table not in held:
                held[table] = stmt.index

    def _report(self, stmt, ctx, held, locks, work):
        table, what = work
        blocked = [t for t, since in held.items()
                   if ctx.plan.same_transaction(since, stmt.index) and not (t == table and locks.get(t) == ACCESS_EXCLUSIVE)]
        if not blocked:
            if table in held:
                ctx.exempt(self, stmt, f"the statement takes ACCESS EXCLUSIVE on {table} itself")
            return
        first = min(held[t] for t in blocked)
        line = ctx.sql.line_col(ctx.statements[first].start)[0]
        names = ", ".join(blocked)
        ctx.report(
            self, stmt,
            f"{names} {'is' if len(blocked) == 1 else 'are'} locked ACCESS EXCLUSIVE since statement {first + 1} (line {line}) "
            f"and stay{'s' if len(blocked) == 1 else ''} locked while this statement {what} of {table}: every query on "
            f"{names}, even a SELECT, waits for it.",
            help="Run the slow statement before the one that takes the ACCESS EXCLUSIVE lock, or in a migration of its own "
                 "(CONCURRENTLY / NOT VALID where possible).",
            lock=(blocked[0], ACCESS_EXCLUSIVE), data={"held_since_statement": first + 1, "slow_table": table, "work": what},
        )
