"""A statement PostgreSQL cannot parse: the migration fails when it reaches it.

Why: PostgreSQL's own parser (libpg_query) rejects the statement, so the server will too; under a
runner that wraps the file in a transaction nothing of the migration is applied, otherwise the
statements before it are. The rest of the file is still linted statement by statement.
Exemptions: none.

Bad:
```sql
ALTER TABLE "User" ADD COLUMN ;
```

Good:
```sql
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.rule import Rule


class SyntaxError_(Rule):
    id = "syntax-error"
    severity = Severity.CRITICAL
    squawk = ("syntax-error",)

    def report_errors(self, ctx, errors) -> None:
        for error in errors:
            message = error.message[:1].upper() + error.message[1:]
            ctx.report(self, None, f"{message}: PostgreSQL rejects this statement and the migration fails there.",
                       help="Fix the SQL (the rest of the file was linted statement by statement).",
                       span=(error.start, error.end))
