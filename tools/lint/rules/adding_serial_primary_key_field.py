"""Adding a PRIMARY KEY to an existing table builds its index under an ACCESS EXCLUSIVE lock.

Why: `ADD PRIMARY KEY (...)` (or a column added with `PRIMARY KEY`) builds a unique index while
holding ACCESS EXCLUSIVE: nothing can read or write the table until the build ends. It also
sets the key columns NOT NULL, which scans the table when they are nullable. Building the unique
index `CONCURRENTLY` first and then attaching it (`ADD CONSTRAINT ... PRIMARY KEY USING INDEX`)
keeps the lock brief.
Exemptions: tables created earlier in the same migration; `PRIMARY KEY USING INDEX`.

Bad:
```sql
ALTER TABLE "Account" ADD PRIMARY KEY ("id");
```

Good:
```sql
ALTER TABLE "Account" ADD CONSTRAINT "Account_pkey" PRIMARY KEY USING INDEX "Account_id_key";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_column_def, cmd_constraint, constraints_of, contype, display, strings, using_index
from tools.lint.rewrites import step
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident


class AddingSerialPrimaryKeyField(Rule):
    id = "adding-serial-primary-key-field"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_AddColumn"})
    squawk = ("adding-serial-primary-key-field", "constraint-missing-not-valid")
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            subtype = cmd.get("subtype")
            if subtype == "AT_AddConstraint":
                constraint = cmd_constraint(cmd) or {}
                if contype(constraint) == "PRIMARY" and not using_index(constraint):
                    self._report(stmt, ctx, table, index, strings(constraint.get("keys")), constraint.get("conname"))
            elif subtype == "AT_AddColumn":
                column = cmd_column_def(cmd) or {}
                if any(contype(c) == "PRIMARY" for c in constraints_of(column)):
                    self._report(stmt, ctx, table, index, [column.get("colname", "")], None)

    def _report(self, stmt, ctx, table, index, columns, name):
        if ctx.exempt_new_table(self, stmt, table):
            return
        name = name or f"{table.split('.')[-1]}_pkey"
        unique = quote_ident(f"{table.split('.')[-1]}_{'_'.join(columns)}_key")
        cols = ", ".join(quote_ident(c) for c in columns)
        ctx.report(
            self, stmt,
            f"Adding primary key {name} to {table} builds its unique index under an ACCESS EXCLUSIVE lock: every read "
            f"and write of {table} waits for the build (and for a NOT NULL scan of nullable key columns).",
            help="Build the unique index CONCURRENTLY in a migration of its own, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.",
            span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
            data={"columns": columns, "rewrite": [
                step("migration 1 (no transaction)", f"CREATE UNIQUE INDEX CONCURRENTLY {unique} ON {display(table)} ({cols});"),
                step("migration 2", f"ALTER TABLE {display(table)} ADD CONSTRAINT {quote_ident(name)} PRIMARY KEY USING INDEX {unique};"),
            ]},
        )
