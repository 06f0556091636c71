"""Adding a NOT NULL column without a default fails on a table that has rows.

Why: the existing rows would get NULL in a NOT NULL column, so PostgreSQL refuses the `ALTER TABLE`
as soon as the table has a row: the migration fails in production even though it passed on an
empty development database (Prisma generates exactly this for a new required field without
`@default`). Old application versions that insert without the column also start failing.
Exemptions: tables created earlier in the same migration; columns with a DEFAULT, identity,
SERIAL or generated columns.

Bad:
```sql
ALTER TABLE "User" ADD COLUMN "tenantId" TEXT NOT NULL;
```

Good:
```sql
ALTER TABLE "User" ADD COLUMN "tenantId" TEXT NOT NULL DEFAULT 'default';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_column_def, constraints_of, contype, type_ref
from tools.lint.rule import Rule
from tools.lint.cost import SERIAL_TYPES


class AddingRequiredField(Rule):
    id = "adding-required-field"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddColumn"})
    squawk = ("adding-required-field",)
    weight = "fails-with-rows"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            column = cmd_column_def(cmd) if cmd.get("subtype") == "AT_AddColumn" else None
            if column is None:
                continue
            kinds = {contype(c) for c in constraints_of(column)}
            ref = type_ref(column.get("typeName"))
            if "NOTNULL" not in kinds and "PRIMARY" not in kinds:
                continue
            if kinds & {"DEFAULT", "IDENTITY", "GENERATED"} or (ref is not None and ref.name in SERIAL_TYPES):
                ctx.exempt(self, stmt, "SERIAL, identity and generated columns fill existing rows themselves")
                continue
            if ctx.exempt_new_table(self, stmt, table):
                continue
            name = column.get("colname", "")
            ctx.report(
                self, stmt,
                f"Adding NOT NULL column \"{name}\" without a default to {table} fails if {table} has any row, and "
                f"inserts from application versions that do not know the column start failing.",
                help="Add a DEFAULT (Prisma: @default(...)), or add the column nullable, backfill it, then SET NOT NULL.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), data={"column": name},
            )
