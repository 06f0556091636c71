"""Dropping a column deletes its data and breaks the application versions still using it.

Why: `DROP COLUMN` is instant (ACCESS EXCLUSIVE, briefly) but irreversible: the data is gone
without a backup, and the application version still running during the deploy keeps selecting
or inserting the column and fails until the new version is live. Prisma's `migrate dev` warns
about it ("All data in the column will be lost").
Exemptions: tables created, and columns added, earlier in the same migration.

Bad:
```sql
ALTER TABLE "User" DROP COLUMN "legacyId";
```

Good:
```sql
ALTER TABLE "User" ADD COLUMN "legacyId" TEXT;
ALTER TABLE "User" DROP COLUMN "legacyId";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.rule import Rule


class BanDropColumn(Rule):
    id = "ban-drop-column"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_DropColumn"})
    squawk = ("ban-drop-column",)
    weight = "loses-data"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            name = cmd.get("name", "")
            if cmd.get("subtype") != "AT_DropColumn" or ctx.exempt_new_table(self, stmt, table):
                continue
            if ctx.exempt_new_column(self, stmt, index, table, name):
                continue
            ctx.report(
                self, stmt,
                f"Dropping column {table}.{name} deletes its data for good, and the application version still running "
                f"during the deploy fails on every query that uses it.",
                help="Deploy code that no longer uses the column first (Prisma: remove the field, release), then drop it in "
                     "a later migration. If the data is still needed, copy it or rename the column instead.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), data={"column": name},
            )
