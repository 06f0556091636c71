"""`json` keeps the text as written: use `jsonb`, which can be compared, indexed and queried efficiently.

Why: `json` has no equality operator (so no DISTINCT, GROUP BY, UNIQUE or comparison on the
column), cannot be GIN-indexed, and re-parses the text on every access. `jsonb` stores the parsed
value. Prisma's `Json` is `jsonb` unless the field says `@db.Json`.
Exemptions: none (keep `json` only when the exact text, key order and duplicates must survive).

Bad:
```sql
CREATE TABLE "Event" ("payload" JSON NOT NULL);
```

Good:
```sql
CREATE TABLE "Event" ("payload" JSONB NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN


class PreferJsonb(Rule):
    id = "prefer-jsonb"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES

    def check(self, stmt, ctx):
        for declared in ctx.declared(stmt):
            if declared.type.name != "json":
                continue
            replacement = "jsonb" + ("[]" if declared.type.array else "")
            fix = ctx.edit_fix("use jsonb", (*declared.span, replacement)) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Column {declared.table}.{declared.column} is json: it cannot be compared, grouped, made unique or "
                f"GIN-indexed, and is re-parsed on every read.",
                help="Use jsonb (Prisma: Json without @db.Json).",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
