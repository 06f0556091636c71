"""Dropping a constraint removes a guarantee the data and the code rely on.

Why: without the foreign key, unique or check constraint, rows that break the rule can be written
from then on, and code (or a later migration re-adding the constraint) that assumes the rule
holds fails on them. The drop itself is quick (ACCESS EXCLUSIVE, briefly).
Exemptions: constraints re-added under the same name later in the same migration (Prisma drops
and re-creates a foreign key to change its ON DELETE action); tables created earlier in the same
migration.

Bad:
```sql
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";
```

Good:
```sql
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE NOT VALID;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_constraint
from tools.lint.rule import Rule

KINDS = (("_fkey", "foreign key"), ("_pkey", "primary key"), ("_key", "unique constraint"), ("_check", "check constraint"))


def constraint_kind(name: str) -> str:
    """What a constraint is, from PostgreSQL's and Prisma's naming conventions."""
    return next((kind for suffix, kind in KINDS if name.endswith(suffix)), "constraint")


class BanDropConstraint(Rule):
    id = "ban-drop-constraint"
    severity = Severity.LOW
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_DropConstraint"})
    squawk = ("ban-drop-constraint",)
    file_wide = True

    def check(self, stmt, ctx):
        table = stmt.table
        notes = ctx.notes(self.id, lambda: {"dropped": [], "added": set()})
        for index, cmd in enumerate(stmt.cmds):
            if cmd.get("subtype") == "AT_AddConstraint":
                notes["added"].add((table, (cmd_constraint(cmd) or {}).get("conname")))
            elif cmd.get("subtype") == "AT_DropConstraint" and not ctx.exempt_new_table(self, stmt, table):
                notes["dropped"].append((stmt, index, table, cmd.get("name", "")))

    def finish(self, ctx):
        notes = ctx.scratch.get(self.id)
        for stmt, index, table, name in notes["dropped"] if notes else ():
            if (table, name) in notes["added"]:
                ctx.exempt(self, stmt, f"{name} is added again later in this migration")
                continue
            kind = constraint_kind(name)
            ctx.report(
                self, stmt,
                f"Dropping {kind} {name} of {table}: rows that break it can be written from now on, and code relying on "
                f"it may misbehave.",
                help="Make sure nothing relies on the constraint (and that this is not half of a rename).",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), data={"constraint": name},
            )
