"""Renaming a table breaks the application version that is still running during the deploy.

Why: the rename is instant (ACCESS EXCLUSIVE, briefly), but every query of the code deployed
before it names the old table and fails until the new version is live. With Prisma, renaming the
model and keeping `@@map("OldName")` avoids touching the database.
Exemptions: tables created earlier in the same migration.

Bad:
```sql
ALTER TABLE "Post" RENAME TO "Article";
```

Good:
```sql
CREATE TABLE "Draft" ("id" TEXT NOT NULL);
ALTER TABLE "Draft" RENAME TO "Article";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import display
from tools.lint.rewrites import step
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident


class RenamingTable(Rule):
    id = "renaming-table"
    severity = Severity.HIGH
    on = ("RenameStmt",)
    squawk = ("renaming-table",)

    def check(self, stmt, ctx):
        if stmt.node.get("renameType") != "OBJECT_TABLE":
            return
        table = stmt.table
        if ctx.exempt_new_table(self, stmt, table):
            return
        new = stmt.node.get("newname", "")
        ctx.report(
            self, stmt,
            f"Renaming table {table} to {new} breaks the application version still running during the deploy: its "
            f"queries use {table}.",
            help="Keep the table name (Prisma: rename the model and add @@map), or rename and leave a view with the old "
                 "name until every client uses the new one.",
            lock=(table, ACCESS_EXCLUSIVE),
            data={"new_name": new, "rewrite": [
                step("same migration: rename, and keep the old name working",
                     f"ALTER TABLE {display(table)} RENAME TO {quote_ident(new)};\n"
                     f"CREATE VIEW {display(table)} AS SELECT * FROM {quote_ident(new)};"),
                step("a later migration, once nothing uses the old name", f"DROP VIEW {display(table)};"),
            ]},
        )
