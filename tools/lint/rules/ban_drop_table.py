"""Dropping a table deletes its data and breaks the application versions still using it.

Why: `DROP TABLE` is irreversible without a backup, takes ACCESS EXCLUSIVE on the table (and on
the tables its foreign keys point to), and the application version still running during the
deploy fails on every query of it.
Exemptions: tables created earlier in the same migration.

Bad:
```sql
DROP TABLE "AuditLog";
```

Good:
```sql
CREATE TABLE "Staging" ("id" TEXT);
DROP TABLE "Staging";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import key_of_names, object_names
from tools.lint.rule import Rule


class BanDropTable(Rule):
    id = "ban-drop-table"
    severity = Severity.HIGH
    on = ("DropStmt",)
    squawk = ("ban-drop-table",)
    weight = "loses-data"

    def check(self, stmt, ctx):
        if stmt.node.get("removeType") != "OBJECT_TABLE":
            return
        for obj in stmt.node.get("objects") or ():
            table = key_of_names(object_names(obj))
            if ctx.exempt_new_table(self, stmt, table):
                continue
            cascade = stmt.node.get("behavior") == "DROP_CASCADE"
            ctx.report(
                self, stmt,
                f"Dropping table {table} deletes all its rows for good"
                + (", CASCADE also drops the views and foreign keys that depend on it" if cascade else "")
                + ", and the application version still running during the deploy fails on every query of it.",
                help="Deploy code that no longer uses the table first, keep a backup (or rename the table and drop it "
                     "later), then drop it in a later migration.",
                lock=(table, ACCESS_EXCLUSIVE),
            )
