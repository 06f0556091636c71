"""Adding a validated foreign key scans the table while blocking writes to both tables.

Why: `ADD CONSTRAINT ... FOREIGN KEY` takes SHARE ROW EXCLUSIVE locks on the table and on the table
it references, then checks every existing row: inserts, updates and deletes on both tables wait
for the whole scan. Adding it `NOT VALID` only records the constraint (new rows are checked at
once); `VALIDATE CONSTRAINT` later checks the old rows under a lock that lets writes continue.
Exemptions: tables created earlier in the same migration (nothing to scan); constraints added
`NOT VALID`.

Bad:
```sql
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
```

Good:
```sql
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;
```

Good:
```sql
CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL);
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import SHARE_ROW_EXCLUSIVE
from tools.lint.nodes import cmd_column_def, cmd_constraint, constraints_of, contype, is_not_valid, rel_key, strings
from tools.lint.rewrites import not_valid_fix
from tools.lint.rule import Rule

HELP = ("Add the constraint NOT VALID (checks new rows only, brief lock), then VALIDATE CONSTRAINT in a separate "
        "transaction: it scans old rows under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.")


def default_fk_name(table: str, columns: list[str]) -> str:
    """PostgreSQL's (and Prisma's) name for an unnamed foreign key."""
    return f"{table.split('.')[-1]}_{'_'.join(columns)}_fkey"


class AddingForeignKeyConstraint(Rule):
    id = "adding-foreign-key-constraint"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_AddColumn"})
    squawk = ("adding-foreign-key-constraint", "constraint-missing-not-valid")
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            subtype = cmd.get("subtype")
            if subtype == "AT_AddConstraint":
                constraint = cmd_constraint(cmd) or {}
                if contype(constraint) == "FOREIGN" and not is_not_valid(constraint):
                    self._report(stmt, ctx, table, index, constraint, strings(constraint.get("fk_attrs")))
            elif subtype == "AT_AddColumn":
                column = cmd_column_def(cmd) or {}
                for constraint in constraints_of(column):
                    if contype(constraint) == "FOREIGN":
                        self._report(stmt, ctx, table, index, constraint, [column.get("colname", "")], inline=True)

    def _report(self, stmt, ctx, table, index, constraint, columns, inline=False):
        if ctx.exempt_new_table(self, stmt, table):
            return
        referenced = rel_key(constraint.get("pktable"))
        name = constraint.get("conname") or default_fk_name(table, columns)
        fix, steps = (None, []) if inline else not_valid_fix(ctx, stmt, index, table, name)
        # a self-reference (users.referred_by_id -> users.id) locks the one table once
        locked = (f"a SHARE ROW EXCLUSIVE lock on {table}: writes to it wait" if referenced == table else
                  f"SHARE ROW EXCLUSIVE locks on {table} and {referenced}: writes to both tables wait")
        ctx.report(
            self, stmt,
            f"Adding foreign key {name} checks every row of {table} while holding {locked} until the scan ends.",
            help=HELP if not inline else "Add the column first, then the foreign key NOT VALID, then VALIDATE it separately.",
            span=ctx.cmd_span(stmt, index), lock=(table, SHARE_ROW_EXCLUSIVE), fix=fix,
            data={"referenced_table": referenced, "constraint": name, **({"rewrite": steps} if steps else {})},
        )
