"""`SET NOT NULL` on an existing column scans the whole table under an ACCESS EXCLUSIVE lock.

Why: PostgreSQL must prove no row is NULL, reading the whole table while holding ACCESS
EXCLUSIVE: every query on the table waits, and the migration fails if a NULL is found. Since
PostgreSQL 12 a validated `CHECK ("col" IS NOT NULL)` constraint lets `SET NOT NULL` skip the scan,
and the CHECK can be validated without blocking (`NOT VALID`, then `VALIDATE CONSTRAINT`).
Exemptions: tables created earlier in the same migration; columns the migration history already
made NOT NULL (a no-op); on PostgreSQL 12+, columns with a validated IS NOT NULL check (validated in
this migration, or any VALIDATE CONSTRAINT on the table earlier in it, as squawk does).

Bad:
```sql
ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL;
```

Good:
```sql
ALTER TABLE "User" ADD CONSTRAINT "User_email_not_null" CHECK ("email" IS NOT NULL) NOT VALID;
```

Good (pg-version = 16, runner = plain):
```sql
ALTER TABLE "User" VALIDATE CONSTRAINT "User_email_not_null";
ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL;
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.locks import ACCESS_EXCLUSIVE
from tools.lint.nodes import cmd_constraint, contype, display, is_not_valid, strings
from tools.lint.rewrites import step
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident


def not_null_check_column(constraint: dict) -> str | None:
    """The column of `CHECK ("col" IS NOT NULL)`, or None."""
    test = (constraint.get("raw_expr") or {}).get("NullTest")
    if not test or test.get("nulltesttype") != "IS_NOT_NULL":
        return None
    fields = strings(test.get("arg", {}).get("ColumnRef", {}).get("fields"))
    return fields[-1] if fields else None


class AddingNotNullableField(Rule):
    id = "adding-not-nullable-field"
    severity = Severity.HIGH
    on = ("AlterTableStmt",)
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_ValidateConstraint", "AT_SetNotNull"})
    squawk = ("adding-not-nullable-field",)
    weight = "blocking"

    def check(self, stmt, ctx):
        table = stmt.table
        notes = ctx.notes(self.id, lambda: {"checks": {}, "validated": set(), "validated_tables": set()})
        for index, cmd in enumerate(stmt.cmds):
            subtype = cmd.get("subtype")
            if subtype == "AT_AddConstraint":
                constraint = cmd_constraint(cmd) or {}
                column = not_null_check_column(constraint) if contype(constraint) == "CHECK" else None
                if column and is_not_valid(constraint) and constraint.get("conname"):
                    notes["checks"][constraint["conname"]] = (table, column)
            elif subtype == "AT_ValidateConstraint":
                found = notes["checks"].get(cmd.get("name"))
                if found and found[0] == table:
                    notes["validated"].add(found)
                else:
                    notes["validated_tables"].add(table)  # validated by an earlier migration's NOT VALID check
            elif subtype == "AT_SetNotNull":
                self._set_not_null(stmt, ctx, table, index, cmd.get("name", ""), notes)

    def _set_not_null(self, stmt, ctx, table, index, column, notes):
        if ctx.exempt_new_table(self, stmt, table):
            return
        known = ctx.state.column(table, column)
        if known is not None and known.not_null:
            ctx.exempt(self, stmt, f"{table}.{column} is already NOT NULL (from the migration history)")
            return
        if ctx.pg_version >= 12 and ((table, column) in notes["validated"] or table in notes["validated_tables"]):
            ctx.exempt(self, stmt, f"a validated CHECK ({column} IS NOT NULL) lets PostgreSQL skip the scan")
            return
        check = quote_ident(f"{table.split('.')[-1]}_{column}_not_null")
        t, c = display(table), quote_ident(column)
        ctx.report(
            self, stmt,
            f"SET NOT NULL on {table}.{column} reads every row under an ACCESS EXCLUSIVE lock (all reads and writes of "
            f"{table} wait) and fails if any row is NULL.",
            help="On PostgreSQL 12+: add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then "
                 "SET NOT NULL (no scan) and drop the check. With Prisma, backfill NULLs before making the field required.",
            span=ctx.cmd_span(stmt, index), lock=(table, ACCESS_EXCLUSIVE),
            data={"column": column, "rewrite": [
                step("migration 1", f"ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID;"),
                step("migration 2", f"ALTER TABLE {t} VALIDATE CONSTRAINT {check};"),
                step("migration 3", f"ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;\nALTER TABLE {t} DROP CONSTRAINT {check};"),
            ]},
        )
