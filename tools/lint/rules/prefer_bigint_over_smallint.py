"""A smallint overflows at 32,767: use integer or bigint unless the range is truly tiny.

Why: `smallint` (and SMALLSERIAL) saves two bytes per row at most (often nothing, after
alignment) and rejects values above 32,767; widening it later rewrites the table under an ACCESS
EXCLUSIVE lock. Prisma maps it with `@db.SmallInt`.
Exemptions: none.

Bad:
```sql
CREATE TABLE "Product" ("stock" SMALLINT NOT NULL);
```

Good:
```sql
CREATE TABLE "Product" ("stock" INTEGER NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN

SMALL_TYPES = {"int2": "bigint", "smallint": "bigint", "smallserial": "bigserial", "serial2": "serial8"}


class PreferBigintOverSmallint(Rule):
    id = "prefer-bigint-over-smallint"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES
    squawk = ("prefer-bigint-over-smallint",)

    def check(self, stmt, ctx):
        for declared in ctx.declared(stmt):
            if declared.type.name not in SMALL_TYPES:
                continue
            wide = SMALL_TYPES[declared.type.name]
            fix = ctx.edit_fix(f"use {wide}", (*declared.span, wide + ("[]" if declared.type.array else ""))) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Column {declared.table}.{declared.column} is a smallint: values above 32,767 are rejected, and "
                f"widening it later rewrites the table.",
                help="Use integer or bigint (Prisma: drop @db.SmallInt).",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
