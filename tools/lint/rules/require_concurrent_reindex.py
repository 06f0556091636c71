"""`REINDEX` without CONCURRENTLY blocks writes to the table and the reads that use the index.

Why: a plain REINDEX locks the table against writes (SHARE) and the index against every query that
would use it (ACCESS EXCLUSIVE) for the whole rebuild. `REINDEX ... CONCURRENTLY` (PostgreSQL 12+)
rebuilds next to the old index and swaps, under SHARE UPDATE EXCLUSIVE.
Exemptions: `REINDEX SYSTEM`, which has no concurrent form.

Bad:
```sql
REINDEX INDEX "Post_authorId_idx";
```

Good (runner = plain):
```sql
REINDEX INDEX CONCURRENTLY "Post_authorId_idx";
```
"""

from __future__ import annotations

import re

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import rel_key
from tools.lint.rule import Rule


class RequireConcurrentReindex(Rule):
    id = "require-concurrent-reindex"
    severity = Severity.HIGH
    on = ("ReindexStmt",)
    squawk = ("require-concurrent-reindex",)
    weight = "blocking"

    def check(self, stmt, ctx):
        node = stmt.node
        if node.get("kind") == "REINDEX_OBJECT_SYSTEM":
            return
        if any(p.get("DefElem", {}).get("defname") == "concurrently" for p in node.get("params") or ()):
            return
        target = rel_key(node.get("relation")) if node.get("relation") else node.get("name", "")
        fix = None
        match = re.search(r"\b(INDEX|TABLE|SCHEMA|DATABASE)\b", stmt.text, re.IGNORECASE)
        if match and not ctx.in_transaction(stmt):
            at = stmt.start + match.end()
            fix = ctx.edit_fix("reindex CONCURRENTLY", (at, at, " CONCURRENTLY"))
        ctx.report(
            self, stmt,
            f"REINDEX of {target} without CONCURRENTLY blocks writes to the table and every read that uses the index "
            f"until the rebuild ends.",
            help="Use REINDEX ... CONCURRENTLY (PostgreSQL 12+, outside a transaction).",
            fix=fix, lock=(target, ACCESS_EXCLUSIVE),
        )
