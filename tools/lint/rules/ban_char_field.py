"""`char(n)` pads values with spaces and is almost always a mistake: use `text` or `varchar`.

Why: `character(n)` (`bpchar`) stores values blank-padded to n characters, compares them ignoring
the padding, and is no faster than `text`; values read back carry trailing spaces that TypeScript
code then has to trim. Prisma maps it with `@db.Char(n)`.
Exemptions: the internal one-byte `"char"` type (quoted), which is a different type.

Bad:
```sql
CREATE TABLE "Country" ("code" CHAR(2) NOT NULL);
```

Good:
```sql
CREATE TABLE "Country" ("code" TEXT NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN


class BanCharField(Rule):
    id = "ban-char-field"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES
    squawk = ("ban-char-field",)

    def check(self, stmt, ctx):
        for declared in ctx.declared(stmt):
            if declared.type.name != "bpchar":
                continue
            # text rather than varchar(n): a fix must not trade this finding for prefer-text-field
            replacement = "text" + ("[]" if declared.type.array else "")
            # editing generated SQL would leave it out of step with schema.prisma / the Drizzle schema
            fix = ctx.edit_fix(f"use {replacement}", (*declared.span, replacement)) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Column {declared.table}.{declared.column} uses char(n): values are blank-padded and read back with "
                f"trailing spaces.",
                help="Use text (Prisma: String without @db.Char), with a CHECK on its length if the length matters.",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
