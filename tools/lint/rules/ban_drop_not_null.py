"""Dropping NOT NULL lets NULLs in that code written for the old schema does not expect.

Why: readers (and the generated Drizzle and Kysely types) assume the column always has a value;
once NULLs are written by the new code, older code that is still running crashes or misbehaves on
them. The change itself is quick (ACCESS EXCLUSIVE, briefly); the risk is in the contract.
Exemptions: tables created, and columns added, earlier in the same migration.

Bad:
```sql
ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;
```

Good:
```sql
ALTER TABLE "User" ALTER COLUMN "name" SET DEFAULT '';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.rule import Rule


class BanDropNotNull(Rule):
    id = "ban-drop-not-null"
    severity = Severity.MEDIUM
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_DropNotNull"})
    squawk = ("ban-drop-not-null",)

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            name = cmd.get("name", "")
            if cmd.get("subtype") != "AT_DropNotNull" or ctx.exempt_new_table(self, stmt, table):
                continue
            if ctx.exempt_new_column(self, stmt, index, table, name):
                continue
            ctx.report(
                self, stmt,
                f"Dropping NOT NULL on {table}.{name} lets NULLs in that code written for the old schema does not handle.",
                help="Make sure every reader handles NULL before deploying this, and regenerate the Drizzle and Kysely types.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), data={"column": name},
            )
