"""`ALTER TYPE ... ADD VALUE` without BEFORE/AFTER appends the value at the end of the enum's order.

Why: enum values sort in declaration order (`ORDER BY status`, `status > 'DRAFT'`); a value added
without a position goes last, which may not be where it belongs. Prisma appends new values even
when they are declared in the middle of the enum.
Exemptions: enums created earlier in the same migration.

Bad:
```sql
ALTER TYPE "Status" ADD VALUE 'ARCHIVED';
```

Good:
```sql
ALTER TYPE "Status" ADD VALUE 'ARCHIVED' AFTER 'PUBLISHED';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import key_of_names, strings
from tools.lint.rule import Rule


class RequireEnumValueOrdering(Rule):
    id = "require-enum-value-ordering"
    severity = Severity.LOW
    on = ("AlterEnumStmt",)
    squawk = ("require-enum-value-ordering",)

    def check(self, stmt, ctx):
        node = stmt.node
        if node.get("oldVal") or node.get("newValNeighbor"):
            return
        enum = key_of_names(strings(node.get("typeName")))
        if enum in ctx.created_types:
            ctx.exempt(self, stmt, f"enum {enum} is created earlier in this migration")
            return
        values = ctx.state.enums.get(enum)
        after = f" (after '{values[-1]}')" if values else ""
        ctx.report(
            self, stmt,
            f"'{node.get('newVal', '')}' is appended at the end of enum {enum}{after}: it sorts after every existing value.",
            help="Say where it belongs with BEFORE or AFTER an existing value, if the order matters.",
        )
