"""Renaming a column breaks the application version that is still running during the deploy.

Why: the rename is instant (ACCESS EXCLUSIVE, briefly), but the code deployed before it keeps using
the old name and fails until the new version replaces it; rolling back the code fails the other
way round. With Prisma, renaming the field and keeping `@map("old_name")` avoids touching the
database at all.
Exemptions: tables created earlier in the same migration.

Bad:
```sql
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
```

Good:
```sql
ALTER TABLE "User" ADD COLUMN "fullName" TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.rewrites import expand_contract_rename
from tools.lint.rule import Rule


class RenamingColumn(Rule):
    id = "renaming-column"
    severity = Severity.HIGH
    on = ("RenameStmt",)
    squawk = ("renaming-column",)

    def check(self, stmt, ctx):
        if stmt.node.get("renameType") != "OBJECT_COLUMN":
            return
        table = stmt.table
        if ctx.exempt_new_table(self, stmt, table):
            return
        old, new = stmt.node.get("subname", ""), stmt.node.get("newname", "")
        column = ctx.state.column(table, old)
        type_sql = column.type.sql() if column and column.type else None
        ctx.report(
            self, stmt,
            f"Renaming {table}.{old} to {new} breaks the application version still running during the deploy: its "
            f"queries use \"{old}\".",
            help="Keep the column name in the database (Prisma: rename the field and add @map(\"" + old + "\")), or "
                 "rename in steps: add the new column, write both, backfill, switch readers, drop the old one.",
            lock=(table, ACCESS_EXCLUSIVE),
            data={"column": old, "new_name": new, "rewrite": expand_contract_rename(table, old, new, type_sql)},
        )
