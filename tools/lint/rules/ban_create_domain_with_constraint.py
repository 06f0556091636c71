"""Domains with CHECK constraints are hard to change later without blocking every table that uses them.

Why: changing a domain's constraint re-checks every column of that type in every table, and ORMs
(Prisma, Drizzle, Kysely) see a domain only as its base type, so the rule the database enforces is
invisible in the code. Table-level CHECK constraints can be added `NOT VALID` and validated
without blocking writes.
Exemptions: domains without constraints.

Bad:
```sql
CREATE DOMAIN "email" AS TEXT CHECK (VALUE LIKE '%@%');
```

Good:
```sql
CREATE DOMAIN "email" AS TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import contype, key_of_names, strings
from tools.lint.rule import Rule


class BanCreateDomainWithConstraint(Rule):
    id = "ban-create-domain-with-constraint"
    severity = Severity.LOW
    on = ("CreateDomainStmt",)
    squawk = ("ban-create-domain-with-constraint",)

    def check(self, stmt, ctx):
        checks = [c["Constraint"] for c in stmt.node.get("constraints") or () if contype(c.get("Constraint", {})) == "CHECK"]
        if not checks:
            return
        domain = key_of_names(strings(stmt.node.get("domainname")))
        ctx.report(
            self, stmt,
            f"Domain {domain} carries a CHECK constraint: changing it later re-checks every column of that type, and "
            f"the ORMs only see the base type.",
            help="Put the check on the table columns instead (ADD CONSTRAINT ... CHECK ... NOT VALID, then VALIDATE).",
            span=ctx.element_span(stmt, checks[0].get("location")),
        )
