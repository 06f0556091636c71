"""`DROP INDEX` without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table.

Why: the drop itself is quick, but it must wait for every running query on the table, and while it
waits every new query queues behind it: a long report query turns a one-millisecond drop into an
outage. `DROP INDEX CONCURRENTLY` waits without blocking others (it cannot run in a transaction).
Exemptions: indexes of tables created earlier in the same migration, and indexes created earlier
in it.

Bad:
```sql
DROP INDEX "Post_authorId_idx";
```

Good (runner = plain):
```sql
DROP INDEX CONCURRENTLY "Post_authorId_idx";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import key_of_names, object_names
from tools.lint.rewrites import insert_keyword_fix, own_migration_steps, with_keyword
from tools.lint.rule import Rule


class RequireConcurrentIndexDeletion(Rule):
    id = "require-concurrent-index-deletion"
    severity = Severity.MEDIUM
    on = ("DropStmt", "IndexStmt")
    squawk = ("require-concurrent-index-deletion",)

    def check(self, stmt, ctx):
        created = ctx.notes(self.id, set)
        if stmt.kind == "IndexStmt":
            created.add(stmt.node.get("idxname"))
            return
        if stmt.node.get("removeType") != "OBJECT_INDEX" or stmt.node.get("concurrent"):
            return
        indexes = [key_of_names(object_names(o)) for o in stmt.node.get("objects") or ()]
        tables = [ctx.state.index_table(i) for i in indexes]
        if all(i in created or (t is not None and t in ctx.created) for i, t in zip(indexes, tables)):
            ctx.exempt(self, stmt, "the index (or its table) is created earlier in this migration")
            return
        fix = None
        if not ctx.in_transaction(stmt) and len(indexes) == 1 and stmt.node.get("behavior") != "DROP_CASCADE":
            fix = insert_keyword_fix(ctx, stmt, "INDEX", "CONCURRENTLY", "drop the index CONCURRENTLY")
        table = next((t for t in tables if t), None)
        ctx.report(
            self, stmt,
            f"Dropping index {', '.join(indexes)} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on "
            f"{table or 'its table'}: it waits for running queries, and every new query waits behind it.",
            help="Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction), and set lock_timeout.",
            fix=fix, lock=(table or indexes[0], ACCESS_EXCLUSIVE),
            data={"index": indexes[0], "rewrite": own_migration_steps(
                ctx, stmt, with_keyword(stmt.text, "INDEX", "CONCURRENTLY") + ";")},
        )
