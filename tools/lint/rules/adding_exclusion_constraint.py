"""Adding an EXCLUDE constraint builds its index under an ACCESS EXCLUSIVE lock, and cannot be NOT VALID.

Why: an exclusion constraint is backed by a (usually GiST) index built while holding ACCESS
EXCLUSIVE: nothing reads or writes the table until the build ends, and the migration fails if
existing rows conflict. Unlike CHECK and foreign keys it has no `NOT VALID` form, and no `USING
INDEX` form either.
Exemptions: tables created earlier in the same migration.

Bad:
```sql
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap" EXCLUDE USING gist ("roomId" WITH =, "during" WITH &&);
```

Good:
```sql
CREATE TABLE "Booking" ("roomId" INTEGER NOT NULL, "during" TSTZRANGE NOT NULL);
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap" EXCLUDE USING gist ("roomId" WITH =, "during" WITH &&);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_constraint, contype
from tools.lint.rule import Rule


class AddingExclusionConstraint(Rule):
    id = "adding-exclusion-constraint"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint"})
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            constraint = cmd_constraint(cmd) if cmd.get("subtype") == "AT_AddConstraint" else None
            if not constraint or contype(constraint) != "EXCLUSION" or ctx.exempt_new_table(self, stmt, table):
                continue
            name = constraint.get("conname") or "the exclusion constraint"
            ctx.report(
                self, stmt,
                f"Adding {name} builds its index on {table} under an ACCESS EXCLUSIVE lock (no reads or writes until it "
                f"is built) and fails if existing rows conflict; it cannot be added NOT VALID.",
                help="Add it while the table is small or during a maintenance window; check for conflicting rows first.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
            )
