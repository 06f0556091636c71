"""`VACUUM FULL` and `CLUSTER` rewrite the table under an ACCESS EXCLUSIVE lock for the whole run.

Why: both copy the entire table (and rebuild its indexes) while holding ACCESS EXCLUSIVE: the
table is unreadable for minutes on a large table. PostgreSQL 19 adds `REPACK (CONCURRENTLY)`;
before that, the pg_repack or pg_squeeze extensions do the same online.
Exemptions: plain `VACUUM` (no FULL), which does not block reads or writes.

Bad:
```sql
VACUUM FULL "Event";
```

Good:
```sql
VACUUM "Event";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE, strip_def
from tools.lint.nodes import display, rel_key
from tools.lint.rewrites import step
from tools.lint.rule import Rule


class PreferRepack(Rule):
    id = "prefer-repack"
    severity = Severity.MEDIUM
    on = ("VacuumStmt", "ClusterStmt")
    squawk = ("prefer-repack",)
    weight = "blocking"

    def check(self, stmt, ctx):
        if stmt.kind == "VacuumStmt":
            if "full" not in {strip_def(o) for o in stmt.node.get("options") or ()}:
                return
            tables = [rel_key(r.get("VacuumRelation", {}).get("relation")) for r in stmt.node.get("rels") or ()]
            what = "VACUUM FULL"
        else:
            tables = [rel_key(stmt.node["relation"])] if stmt.node.get("relation") else []
            what = "CLUSTER"
        target = ", ".join(tables) or "every table"
        modern = ctx.pg_version >= 19
        # no text fix: REPACK is PostgreSQL 19 syntax, which the parser (PostgreSQL 18's grammar) cannot
        # re-lint, and a fix is only offered when re-linting proves it
        steps = [step("instead of the statement", f"REPACK (CONCURRENTLY) {display(t)};") for t in tables] if modern else []
        ctx.report(
            self, stmt,
            f"{what} rewrites {target} under an ACCESS EXCLUSIVE lock: no reads or writes until the copy is done.",
            help="Use REPACK (CONCURRENTLY) (PostgreSQL 19+)." if modern else
                 "Use the pg_repack or pg_squeeze extension, which rebuild the table without a long lock.",
            lock=(tables[0] if tables else "", ACCESS_EXCLUSIVE),
            data={"rewrites": True, **({"rewrite": steps} if steps else {})},
        )
