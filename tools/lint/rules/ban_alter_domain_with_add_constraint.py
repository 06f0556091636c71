"""Adding a constraint to a domain re-checks every column of that domain in every table.

Why: `ALTER DOMAIN ... ADD CONSTRAINT` validates the existing values of every column using the
domain, scanning each of those tables, and domains cannot be changed with the `NOT VALID` then
`VALIDATE` dance in a way that tools and ORMs understand. Table-level CHECK constraints can.
Exemptions: domains created earlier in the same migration; constraints added NOT VALID.

Bad:
```sql
ALTER DOMAIN "positive_int" ADD CONSTRAINT "positive" CHECK (VALUE > 0);
```

Good:
```sql
ALTER TABLE "Order" ADD CONSTRAINT "Order_quantity_positive" CHECK ("quantity" > 0) NOT VALID;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import is_not_valid, key_of_names, strings
from tools.lint.rule import Rule


class BanAlterDomainWithAddConstraint(Rule):
    id = "ban-alter-domain-with-add-constraint"
    severity = Severity.MEDIUM
    on = ("AlterDomainStmt",)
    squawk = ("ban-alter-domain-with-add-constraint",)

    def check(self, stmt, ctx):
        if stmt.node.get("subtype") != "C":
            return
        domain = key_of_names(strings(stmt.node.get("typeName")))
        constraint = (stmt.node.get("def") or {}).get("Constraint", {})
        if domain in ctx.created_types:
            ctx.exempt(self, stmt, f"domain {domain} is created earlier in this migration")
            return
        if is_not_valid(constraint):
            ctx.exempt(self, stmt, "the constraint is added NOT VALID")
            return
        ctx.report(
            self, stmt,
            f"Adding a constraint to domain {domain} checks every column of that type in every table, blocking "
            f"writes to them while it scans.",
            help="Use table CHECK constraints (added NOT VALID, validated later) instead of domain constraints.",
        )
