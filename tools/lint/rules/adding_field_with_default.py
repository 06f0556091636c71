"""Adding a column whose default is volatile (or a stored generated or identity column) rewrites the table.

Why: since PostgreSQL 11, `ADD COLUMN ... DEFAULT <constant>` only records the default in the
catalog. A volatile default (`gen_random_uuid()`, `clock_timestamp()`, `nextval()`, so also
SERIAL and IDENTITY columns) or a `GENERATED ... STORED` column must be computed for every
existing row: the whole table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and
writes for the duration. Before PostgreSQL 11 any default rewrites the table.
Exemptions: tables created earlier in the same migration (empty); constant and stable defaults
(`now()`, `CURRENT_TIMESTAMP`, literals, casts of literals, `ARRAY[]`) on PostgreSQL 11+.

Bad:
```sql
ALTER TABLE "User" ADD COLUMN "token" UUID NOT NULL DEFAULT gen_random_uuid();
```

Good:
```sql
ALTER TABLE "User" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.cost import rewrite_reason
from tools.lint.nodes import cmd_column_def
from tools.lint.rule import Rule

class AddingFieldWithDefault(Rule):
    id = "adding-field-with-default"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddColumn"})
    squawk = ("adding-field-with-default",)
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            column = cmd_column_def(cmd) if cmd.get("subtype") == "AT_AddColumn" else None
            if column is None:
                continue
            reason = rewrite_reason(column, ctx.pg_version)
            if reason is None:
                ctx.exempt(self, stmt, "no default, or a constant or stable one: a catalog-only change since PostgreSQL 11")
                continue
            if ctx.exempt_new_table(self, stmt, table):
                continue
            name = column.get("colname", "")
            ctx.report(
                self, stmt,
                f"Adding column \"{name}\" to {table} with {reason} rewrites the whole table under an ACCESS EXCLUSIVE "
                f"lock: every read and write of {table} waits until the rewrite ends.",
                help="Add the column without the default (nullable, or with a constant default), backfill existing rows "
                     "in batches, then SET DEFAULT for new rows.",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE), data={"rewrites": True},
            )
