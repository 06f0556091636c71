"""Dropping a database from a migration destroys everything in it.

Why: `DROP DATABASE` removes every table and all their data at once; it has no place in a schema
migration (and cannot even run inside a transaction).
Exemptions: none.

Bad:
```sql
DROP DATABASE "app";
```

Good:
```sql
DROP TABLE IF EXISTS "TemporaryImport";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.rule import Rule


class BanDropDatabase(Rule):
    id = "ban-drop-database"
    severity = Severity.CRITICAL
    on = ("DropdbStmt",)
    squawk = ("ban-drop-database",)

    def check(self, stmt, ctx):
        name = stmt.node.get("dbname", "")
        ctx.report(self, stmt, f"Dropping database {name} deletes every table and all their data.",
                   help="Remove this statement from the migration; drop databases by hand, deliberately.")
