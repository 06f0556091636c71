"""Changing a column's type rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock.

Why: `ALTER COLUMN ... TYPE` converts every row and rebuilds every index on the column while
holding ACCESS EXCLUSIVE: the table can neither be read nor written until it is done. It also
changes what the running application reads. Some changes are binary-coercible and only touch the
catalog: `varchar(n)` -> `text` or a longer `varchar`, `numeric(p,s)` -> a wider precision or
unconstrained `numeric`, `cidr` -> `inet`.
Exemptions: tables created earlier in the same migration; changes the migration history shows to
be binary-coercible or no change at all (when the old type is unknown the rule reports).

Bad:
```sql
ALTER TABLE "Order" ALTER COLUMN "total" SET DATA TYPE BIGINT;
```

Good:
```sql
CREATE TABLE "Note" ("body" VARCHAR(200) NOT NULL);
ALTER TABLE "Note" ALTER COLUMN "body" SET DATA TYPE TEXT;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.cost import binary_coercible
from tools.lint.nodes import cmd_column_def, type_ref
from tools.lint.rule import Rule


class ChangingColumnType(Rule):
    id = "changing-column-type"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AlterColumnType"})
    squawk = ("changing-column-type",)
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        for index, cmd in enumerate(stmt.cmds):
            if cmd.get("subtype") != "AT_AlterColumnType" or ctx.exempt_new_table(self, stmt, table):
                continue
            column = cmd.get("name", "")
            definition = cmd_column_def(cmd) or {}
            new = type_ref(definition.get("typeName"))
            old = ctx.state.column(table, column)
            if old is not None and old.type is not None and new is not None and not definition.get("raw_default"):
                if binary_coercible(old.type, new):
                    ctx.exempt(self, stmt, f"{old.type.sql()} -> {new.sql()} is binary-coercible: no rewrite")
                    continue
            was = f" from {old.type.sql()}" if old is not None and old.type is not None else ""
            ctx.report(
                self, stmt,
                f"Changing the type of {table}.{column}{was} to {new.sql() if new else 'a new type'} rewrites {table} and "
                f"its indexes under an ACCESS EXCLUSIVE lock: every read and write waits until it is done.",
                help="Add a new column of the new type, backfill it in batches and switch the code over, then drop the "
                     "old column (expand and contract).",
                span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
                data={"column": column, "rewrites": True, "from": old.type.sql() if old and old.type else None,
                      "to": new.sql() if new else None},
            )
