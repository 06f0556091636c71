"""`TRUNCATE ... CASCADE` also empties every table that has a foreign key to the truncated ones.

Why: CASCADE follows foreign keys recursively: truncating `a` also truncates `b` (referencing
`a`) and `c` (referencing `b`), deleting data nobody named, under ACCESS EXCLUSIVE locks on all of
them.
Exemptions: TRUNCATE without CASCADE (it fails instead of spreading).

Bad:
```sql
TRUNCATE "Session" CASCADE;
```

Good:
```sql
TRUNCATE "Session";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE, cascade_targets
from tools.lint.nodes import rel_key
from tools.lint.rule import Rule


class BanTruncateCascade(Rule):
    id = "ban-truncate-cascade"
    severity = Severity.HIGH
    on = ("TruncateStmt",)
    squawk = ("ban-truncate-cascade",)

    def check(self, stmt, ctx):
        if stmt.node.get("behavior") != "DROP_CASCADE":
            return
        tables = [rel_key(r.get("RangeVar")) for r in stmt.node.get("relations") or ()]
        also = [t for t in cascade_targets(tables, ctx.state) if t not in tables]
        known = f" (from the migration history: {', '.join(also)})" if also else ""
        ctx.report(
            self, stmt,
            f"TRUNCATE {', '.join(tables)} CASCADE also empties every table with a foreign key to "
            f"{'them' if len(tables) > 1 else 'it'}, recursively{known}, deleting data this statement does not name.",
            help="Remove CASCADE and list exactly the tables to truncate.",
            lock=(tables[0] if tables else "", ACCESS_EXCLUSIVE), data={"also_truncated": also},
        )
