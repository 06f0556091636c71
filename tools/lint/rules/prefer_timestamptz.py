"""`timestamp` (without time zone) drops the UTC offset: use `timestamptz`.

Why: `timestamp` stores the wall-clock digits and forgets the offset, so 21:00+02 and 21:00-06 are
stored as the same value although they are eight hours apart; every client must agree on an
implicit zone. `timestamptz` stores an instant. Prisma's `DateTime` maps to `timestamp(3)` unless
the field says `@db.Timestamptz(3)`.
Exemptions: none.

Bad:
```sql
CREATE TABLE "Event" ("at" TIMESTAMP(3) NOT NULL);
```

Good:
```sql
CREATE TABLE "Event" ("at" TIMESTAMPTZ(3) NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN


class PreferTimestamptz(Rule):
    id = "prefer-timestamptz"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES
    squawk = ("prefer-timestamp-tz", "prefer-timestamptz")

    def check(self, stmt, ctx):
        for declared in ctx.declared(stmt):
            if declared.type.name != "timestamp":
                continue
            mods = f"({declared.type.mods[0]})" if declared.type.mods else ""
            replacement = f"timestamptz{mods}" + ("[]" if declared.type.array else "")
            fix = ctx.edit_fix(f"use {replacement}", (*declared.span, replacement)) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Column {declared.table}.{declared.column} is timestamp without time zone: the UTC offset of every "
                f"value is lost.",
                help="Use timestamptz (Prisma: DateTime @db.Timestamptz(3)).",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
