"""`DETACH PARTITION` without CONCURRENTLY locks the partitioned table against reads and writes.

Why: a plain detach takes ACCESS EXCLUSIVE on the parent table: every query on any partition
waits. Since PostgreSQL 14, `DETACH PARTITION ... CONCURRENTLY` takes only SHARE UPDATE
EXCLUSIVE (it cannot run in a transaction).
Exemptions: PostgreSQL before 14 (no alternative exists there).

Bad:
```sql
ALTER TABLE "Event" DETACH PARTITION "Event_2023";
```

Good (runner = plain):
```sql
ALTER TABLE "Event" DETACH PARTITION "Event_2023" CONCURRENTLY;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import rel_key
from tools.lint.rule import Rule


class RequireConcurrentPartitionDetach(Rule):
    id = "require-concurrent-partition-detach"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_DetachPartition"})
    squawk = ("require-concurrent-partition-detach",)
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            if cmd.get("subtype") != "AT_DetachPartition":
                continue
            partition = (cmd.get("def") or {}).get("PartitionCmd", {})
            if partition.get("concurrent") or ctx.pg_version < 14:
                continue
            start, end = ctx.cmd_span(stmt, index)
            fix = ctx.edit_fix("detach CONCURRENTLY", (end, end, " CONCURRENTLY")) if not ctx.in_transaction(stmt) else None
            ctx.report(
                self, stmt,
                f"Detaching partition {rel_key(partition.get('name'))} takes an ACCESS EXCLUSIVE lock on {table}: every "
                f"query on the partitioned table waits.",
                help="Use DETACH PARTITION ... CONCURRENTLY (outside a transaction).",
                span=(start, end), fix=fix, lock=(table, ACCESS_EXCLUSIVE),
            )
