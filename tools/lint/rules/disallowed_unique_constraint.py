"""Adding a UNIQUE constraint builds its index under an ACCESS EXCLUSIVE lock, and fails on duplicates.

Why: `ADD CONSTRAINT ... UNIQUE (...)` (or a column added with UNIQUE) builds a unique index while
holding ACCESS EXCLUSIVE: no reads or writes until the build ends, and the migration fails if the
data has duplicates. `CREATE UNIQUE INDEX CONCURRENTLY` followed by
`ADD CONSTRAINT ... UNIQUE USING INDEX` keeps the lock brief.
Exemptions: tables created earlier in the same migration; `UNIQUE USING INDEX`.

Bad:
```sql
ALTER TABLE "User" ADD CONSTRAINT "User_email_key" UNIQUE ("email");
```

Good:
```sql
ALTER TABLE "User" ADD CONSTRAINT "User_email_key" UNIQUE USING INDEX "User_email_key";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_column_def, cmd_constraint, constraints_of, contype, display, strings, using_index
from tools.lint.rewrites import step
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident


class DisallowedUniqueConstraint(Rule):
    id = "disallowed-unique-constraint"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_AddColumn"})
    squawk = ("disallowed-unique-constraint", "constraint-missing-not-valid")
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            if cmd.get("subtype") == "AT_AddConstraint":
                constraint = cmd_constraint(cmd) or {}
                if contype(constraint) == "UNIQUE" and not using_index(constraint):
                    self._report(stmt, ctx, table, index, strings(constraint.get("keys")), constraint.get("conname"))
            elif cmd.get("subtype") == "AT_AddColumn":
                column = cmd_column_def(cmd) or {}
                if any(contype(c) == "UNIQUE" for c in constraints_of(column)):
                    self._report(stmt, ctx, table, index, [column.get("colname", "")], None)

    def _report(self, stmt, ctx, table, index, columns, name):
        if ctx.exempt_new_table(self, stmt, table):
            return
        name = name or f"{table.split('.')[-1]}_{'_'.join(columns)}_key"
        cols = ", ".join(quote_ident(c) for c in columns)
        ctx.report(
            self, stmt,
            f"Adding UNIQUE constraint {name} builds its index on {table} under an ACCESS EXCLUSIVE lock (no reads or "
            f"writes until it is built) and fails if the data has duplicates.",
            help="CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT ... UNIQUE USING INDEX.",
            span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
            data={"columns": columns, "rewrite": [
                step("migration 1 (no transaction)", f"CREATE UNIQUE INDEX CONCURRENTLY {quote_ident(name)} ON {display(table)} ({cols});"),
                step("migration 2", f"ALTER TABLE {display(table)} ADD CONSTRAINT {quote_ident(name)} UNIQUE USING INDEX {quote_ident(name)};"),
            ]},
        )
