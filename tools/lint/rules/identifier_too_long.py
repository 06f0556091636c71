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
# cheap tests before scanning: a long quoted piece, or 64 identifier characters in a row
_QUOTED_64 = re.compile(r'"[^"\s]{64}')
_LONG = re.compile(r'"[^"\s]{22}|[\w$]{22}')  # 22 characters can already take 64 bytes in UTF-8
# ASCII identifier characters -> "a", anything else -> " ": a run of 64 is then a plain substring
_IDENTIFIER_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")
_AS_RUNS = bytes(ord("a") if byte in _IDENTIFIER_CHARS else ord(" ") for byte in range(256))
_RUN_64 = b"a" * 64


def might_be_long(text: str) -> bool:
    """Whether `text` may hold an identifier over 63 bytes (a scan of the tokens confirms).

    Cheapest tests first: a quoted run of 64 characters, or 64 identifier characters in a row (found
    with a byte translation and a substring search, much faster than a regular expression).
    """
    if not text.isascii():
        return _LONG.search(text) is not None
    return _QUOTED_64.search(text) is not None or _RUN_64 in text.encode("ascii").translate(_AS_RUNS)


class IdentifierTooLong(Rule):
    id = "identifier-too-long"
    severity = Severity.MEDIUM
    squawk = ("identifier-too-long",)
    file_wide = True

    def finish(self, ctx):
        if not might_be_long(ctx.text):  # one regex over the file; most files stop here
            return
        for stmt in ctx.statements:
            if might_be_long(stmt.text):
                self._scan(stmt, ctx)

    def _scan(self, stmt, ctx):
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
