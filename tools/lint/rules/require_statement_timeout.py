"""A migration that scans or rewrites a table without `statement_timeout` can hold its locks for hours.

Why: index builds, validations, rewrites and backfills run for as long as the table is big, holding
their locks all the while; a `statement_timeout` bounds the damage when the table is bigger than
expected (set it generously for deliberate long index builds).
Exemptions: statements that only touch tables created earlier in the same migration, and
catalog-only changes (reported once per file, at the first slow statement). No automatic fix: the
right timeout depends on the size of the biggest table, which only the person knows.

Bad:
```sql
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
```

Good:
```sql
SET statement_timeout = '15min';
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.timeouts import MissingTimeout

SUGGESTED = "15min"


class RequireStatementTimeout(MissingTimeout):
    id = "require-statement-timeout"
    severity = Severity.LOW
    squawk = ("require-statement-timeout",)
    setting = "statement_timeout"
    no_hazard = "finishes without reading or writing every row of an existing table"

    def hazard(self, stmt, ctx):
        return ctx.slow(stmt)

    def report_hazard(self, stmt, ctx, hazard):
        table, what = hazard
        ctx.report(
            self, stmt,
            f"This statement {what} of {table} with no statement_timeout: on a table bigger than expected it holds its "
            f"locks for as long as it runs.",
            help=f"Start the migration with SET statement_timeout = '{SUGGESTED}' (or what the biggest table needs).",
            data={"table": table},
        )
