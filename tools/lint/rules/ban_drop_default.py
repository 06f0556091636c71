"""Dropping a column default breaks inserts that relied on it.

Why: code that inserts without naming the column (older application versions, raw SQL, seeds) now
writes NULL, or fails outright when the column is NOT NULL. The change itself is quick (ACCESS
EXCLUSIVE, briefly).
Exemptions: tables created, and columns added, earlier in the same migration; defaults set again
later in the same migration.

Bad:
```sql
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
```

Good:
```sql
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'MEMBER';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.rule import Rule


class BanDropDefault(Rule):
    id = "ban-drop-default"
    severity = Severity.LOW
    max_severity = Severity.MEDIUM
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_ColumnDefault"})
    squawk = ("ban-drop-default",)
    file_wide = True

    def check(self, stmt, ctx):
        table = stmt.table
        notes = ctx.notes(self.id, lambda: {"dropped": [], "set": set()})
        for index, cmd in enumerate(stmt.cmds):
            subtype, column = cmd.get("subtype"), cmd.get("name", "")
            if subtype == "AT_ColumnDefault" and cmd.get("def"):
                notes["set"].add((table, column))
            elif subtype == "AT_ColumnDefault" and not ctx.exempt_new_table(self, stmt, table):
                if ctx.exempt_new_column(self, stmt, index, table, column):
                    continue
                known = ctx.state.column(table, column)
                notes["dropped"].append((stmt, index, table, column, bool(known and known.not_null)))

    def finish(self, ctx):
        notes = ctx.scratch.get(self.id)
        for stmt, index, table, column, not_null in notes["dropped"] if notes else ():
            if (table, column) in notes["set"]:
                ctx.exempt(self, stmt, f"the default of {table}.{column} is set again in this migration")
                continue
            effect = "fail (the column is NOT NULL)" if not_null else "write NULL"
            ctx.report(
                self, stmt,
                f"Dropping the default of {table}.{column}: inserts that do not name the column now {effect}.",
                help="Deploy code that always sets the column before dropping its default.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
                severity=Severity.MEDIUM if not_null else None, data={"column": column},
            )
