"""Identifiers longer than 63 bytes are silently truncated by PostgreSQL.

Why: PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and only emits a NOTICE: two
long names that share a prefix collide, and the name in the database no longer matches the one in
schema.prisma or the Drizzle schema, which shows up as drift.
Exemptions: none.

Bad:
```sql
CREATE INDEX "Subscription_organizationId_billingPeriodStart_billingPeriodEnd_idx" ON "Subscription"("organizationId");
```

Good:
```sql
CREATE INDEX "Subscription_org_period_idx" ON "Subscription"("organizationId");
```
"""

from __future__ import annotations

import re

from tools.findings import Severity
from tools.lint.rule import Rule

MAX_IDENTIFIER_BYTES = 63
# cheap test before scanning: a run of 64+ identifier characters, quoted or not
_LONG_RUN = re.compile(r'"(?:[^"]|""){64,}"|[\w$\u0080-\uffff]{64,}')


class IdentifierTooLong(Rule):
    id = "identifier-too-long"
    severity = Severity.MEDIUM
    on = ("*",)
    squawk = ("identifier-too-long",)

    def check(self, stmt, ctx):
        if not _LONG_RUN.search(stmt.text):
            return
        from pglast import parser

        try:
            tokens = parser.scan(stmt.text)
        except Exception:
            return
        for token in tokens:
            if token.name != "IDENT":
                continue
            raw = stmt.text[token.start:token.end + 1]
            name = raw[1:-1].replace('""', '"') if raw.startswith('"') else raw.lower()
            size = len(name.encode("utf-8"))
            if size > MAX_IDENTIFIER_BYTES:
                start = stmt.start + token.start
                ctx.report(
                    self, stmt,
                    f"\"{name}\" is {size} bytes long: PostgreSQL truncates it to {MAX_IDENTIFIER_BYTES} bytes, so the name "
                    f"in the database differs from the one in the schema.",
                    help="Give it a shorter name (Prisma: map: \"...\" on the index or constraint).",
                    span=(start, start + len(raw)), data={"identifier": name},
                )
