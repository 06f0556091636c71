"""A value added with `ALTER TYPE ... ADD VALUE` cannot be used before the transaction commits.

Why: PostgreSQL refuses to use a new enum value in the transaction that added it ("unsafe use of
new value"), and Prisma runs a multi-statement migration as one transaction: adding a value and
making it a column's default, or updating rows to it, in the same migration fails. Before
PostgreSQL 12, `ADD VALUE` cannot run inside a transaction block at all.
Exemptions: enums created in the same transaction; statements that commit on their own (plain SQL
outside BEGIN ... COMMIT, or a Prisma migration of a single statement).

Bad (runner = prisma):
```sql
ALTER TYPE "Status" ADD VALUE 'ARCHIVED';
ALTER TABLE "Post" ALTER COLUMN "status" SET DEFAULT 'ARCHIVED'::"Status";
```

Good (runner = plain):
```sql
ALTER TYPE "Status" ADD VALUE 'ARCHIVED';
ALTER TABLE "Post" ALTER COLUMN "status" SET DEFAULT 'ARCHIVED'::"Status";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import const_strings, key_of_names, strings, type_names_in
from tools.lint.rule import Rule


class EnumValueUsedInSameTransaction(Rule):
    id = "enum-value-used-in-same-transaction"
    severity = Severity.CRITICAL
    on = ("*",)

    def check(self, stmt, ctx):
        pending = ctx.notes(self.id)  # (enum, value) -> index of the ADD VALUE statement
        if stmt.kind == "AlterEnumStmt" and not stmt.node.get("oldVal"):
            self._added(stmt, ctx, pending)
            return
        if not pending or not ctx.in_transaction(stmt):
            return
        literals = set(const_strings(stmt.node))
        if not literals:
            return
        mentioned = self._enums_mentioned(stmt, ctx)
        for (enum, value), added in pending.items():
            if value in literals and enum in mentioned and ctx.plan.same_transaction(added, stmt.index):
                ctx.report(
                    self, stmt,
                    f"'{value}' was added to enum {enum} earlier in this transaction (statement {added + 1}): PostgreSQL "
                    f"rejects its use until that transaction commits (unsafe use of new value), so the migration fails.",
                    help="Add the enum value in a migration of its own and use it in the next one.",
                    data={"enum": enum, "value": value},
                )
                return

    def _added(self, stmt, ctx, pending):
        enum = key_of_names(strings(stmt.node.get("typeName")))
        if not ctx.in_transaction(stmt):
            return
        created = ctx.created_types.get(enum)
        if created is not None and ctx.plan.same_transaction(created, stmt.index):
            ctx.exempt(self, stmt, f"enum {enum} is created in the same transaction")
            return
        if ctx.pg_version < 12:
            ctx.report(self, stmt, f"ALTER TYPE {enum} ADD VALUE cannot run inside a transaction block before "
                       f"PostgreSQL 12: the migration fails.", help="Run it in a migration of its own, outside a transaction.")
            return
        pending[(enum, stmt.node.get("newVal", ""))] = stmt.index

    @staticmethod
    def _enums_mentioned(stmt, ctx) -> set[str]:
        """Enums named in the statement (casts, column types) or typing a column of the table it changes."""
        out = {key_of_names(names) for names in type_names_in(stmt.node)}
        table = ctx.state.tables.get(stmt.table)
        if table is not None:
            out.update(c.type.key for c in table.columns.values() if c.type is not None)
        return out
