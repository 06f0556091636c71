"""`varchar(n)` makes every later length change a table-locking migration: use text with a CHECK.

Why: changing the limit of a `varchar(n)` takes an ACCESS EXCLUSIVE lock (and shortening it
rewrites the table), while a length CHECK on a `text` column can be replaced with the
`NOT VALID` / `VALIDATE` dance without blocking. `varchar(n)` and `text` perform the same.
Prisma's `@db.VarChar(n)` writes it; plain `String` is `text`.
Exemptions: `varchar` without a length.

Bad:
```sql
CREATE TABLE "User" ("name" VARCHAR(100) NOT NULL);
```

Good:
```sql
CREATE TABLE "User" ("name" TEXT NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN


class PreferTextField(Rule):
    id = "prefer-text-field"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES
    squawk = ("prefer-text-field",)

    def check(self, stmt, ctx):
        for declared in ctx.declared(stmt):
            if declared.type.name != "varchar" or not declared.type.mods:
                continue
            replacement = "text" + ("[]" if declared.type.array else "")
            fix = ctx.edit_fix("use text", (*declared.span, replacement)) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Column {declared.table}.{declared.column} is varchar({declared.type.mods[0]}): changing that limit later "
                f"takes an ACCESS EXCLUSIVE lock on the table.",
                help="Use text with a CHECK (length(col) <= n) constraint (Prisma: String without @db.VarChar).",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
