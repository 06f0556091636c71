"""Adding a CHECK constraint validates every row while blocking the table: add it NOT VALID first.

Why: `ADD CONSTRAINT ... CHECK (...)` scans the whole table under an ACCESS EXCLUSIVE lock (reads
and writes wait). `NOT VALID` skips the scan (new rows are checked at once); a later
`VALIDATE CONSTRAINT` scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. But
VALIDATE in the same transaction as the NOT VALID add gains nothing: the add's lock is held until
commit.
Exemptions: tables created earlier in the same migration. Foreign keys, UNIQUE, PRIMARY KEY and
EXCLUDE constraints have rules of their own.

Bad:
```sql
ALTER TABLE "Order" ADD CONSTRAINT "Order_total_positive" CHECK ("total" >= 0);
```

Bad (runner = prisma):
```sql
ALTER TABLE "Order" ADD CONSTRAINT "Order_total_positive" CHECK ("total" >= 0) NOT VALID;
ALTER TABLE "Order" VALIDATE CONSTRAINT "Order_total_positive";
```

Good:
```sql
ALTER TABLE "Order" ADD CONSTRAINT "Order_total_positive" CHECK ("total" >= 0) NOT VALID;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE
from tools.lint.nodes import cmd_constraint, contype, is_not_valid
from tools.lint.rewrites import not_valid_fix
from tools.lint.rule import Rule


class ConstraintMissingNotValid(Rule):
    id = "constraint-missing-not-valid"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_ValidateConstraint"})
    squawk = ("constraint-missing-not-valid",)
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        pending = ctx.notes(self.id)  # constraint name -> statement index of its NOT VALID add
        for index, cmd in enumerate(stmt.cmds):
            if cmd.get("subtype") == "AT_ValidateConstraint":
                self._validate(stmt, ctx, table, index, cmd.get("name", ""), pending)
                continue
            constraint = cmd_constraint(cmd) if cmd.get("subtype") == "AT_AddConstraint" else None
            if constraint and is_not_valid(constraint) and constraint.get("conname"):
                pending[constraint["conname"]] = stmt.index  # a CHECK or a foreign key, validated later
                continue
            if not constraint or contype(constraint) != "CHECK":
                continue
            name = constraint.get("conname") or f"{table.split('.')[-1]}_check"
            if ctx.exempt_new_table(self, stmt, table):
                continue
            fix, steps = not_valid_fix(ctx, stmt, index, table, name)
            ctx.report(
                self, stmt,
                f"Adding CHECK constraint {name} scans every row of {table} under an ACCESS EXCLUSIVE lock: reads and "
                f"writes wait until the scan ends.",
                help="Add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE: "
                     "reads and writes go on).",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), fix=fix,
                data={"constraint": name, **({"rewrite": steps} if steps else {})},
            )

    def _validate(self, stmt, ctx, table, index, name, pending):
        added = pending.get(name)
        if added is None or not ctx.plan.same_transaction(added, stmt.index):
            return
        ctx.report(
            self, stmt,
            f"VALIDATE CONSTRAINT {name} runs in the same transaction that added it NOT VALID: the add's lock on "
            f"{table} is still held, so the validation blocks reads and writes after all.",
            help="Validate it in the next migration (its own transaction).",
            span=ctx.cmd_span(stmt, index), lock=(table, SHARE_UPDATE_EXCLUSIVE), data={"constraint": name},
        )
