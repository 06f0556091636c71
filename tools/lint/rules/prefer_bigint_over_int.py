"""A 32-bit integer key overflows at 2,147,483,647: use bigint for keys that grow with the data.

Why: an `integer` (or SERIAL) primary key or sequence stops accepting inserts when it reaches
2^31 - 1; widening it later is a table rewrite under an ACCESS EXCLUSIVE lock of the biggest table
there is. Prisma's `Int @id @default(autoincrement())` creates exactly such a column.
Exemptions: integer columns that are not keys (not SERIAL, identity or part of a primary key):
counters and quantities rarely approach the limit, so flagging every `Int` field is noise.

Bad:
```sql
CREATE TABLE "Event" ("id" SERIAL NOT NULL, CONSTRAINT "Event_pkey" PRIMARY KEY ("id"));
```

Good:
```sql
CREATE TABLE "Event" ("id" BIGSERIAL NOT NULL, "attempts" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "Event_pkey" PRIMARY KEY ("id"));
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.columns import DECLARING, DECLARING_SUBTYPES
from tools.lint.nodes import cmd_column_def, constraints_of, contype, strings
from tools.lint.rule import Rule
from tools.lint.transactions import PLAIN

INT_TYPES = {"int4": "bigint", "serial": "bigserial", "serial4": "serial8", "int": "bigint", "integer": "bigint"}


def key_columns(stmt) -> set[str]:
    """Columns that are part of a primary key, SERIAL or identity in this statement."""
    out: set[str] = set()
    columns = []
    if stmt.kind == "CreateStmt":
        for element in stmt.node.get("tableElts") or ():
            if "ColumnDef" in element:
                columns.append(element["ColumnDef"])
            elif "Constraint" in element and contype(element["Constraint"]) == "PRIMARY":
                out.update(strings(element["Constraint"].get("keys")))
    else:
        columns = [cmd_column_def(c) or {} for c in stmt.cmds if c.get("subtype") == "AT_AddColumn"]
    for column in columns:
        kinds = {contype(c) for c in constraints_of(column)}
        names = strings(column.get("typeName", {}).get("names"))
        if kinds & {"PRIMARY", "IDENTITY"} or (names and names[-1].startswith("serial")):
            out.add(column.get("colname", ""))
    return out


class PreferBigintOverInt(Rule):
    id = "prefer-bigint-over-int"
    severity = Severity.LOW
    on = DECLARING
    alter_subtypes = DECLARING_SUBTYPES
    squawk = ("prefer-bigint-over-int",)

    def check(self, stmt, ctx):
        keys = None
        for declared in ctx.declared(stmt):
            if declared.type.name not in INT_TYPES:
                continue
            keys = key_columns(stmt) if keys is None else keys
            if declared.how != "alter" and declared.column not in keys:
                ctx.exempt(self, stmt, f"{declared.table}.{declared.column} is an integer but not a key")
                continue
            wide = INT_TYPES[declared.type.name]
            fix = ctx.edit_fix(f"use {wide}", (*declared.span, wide + ("[]" if declared.type.array else ""))) if ctx.runner == PLAIN else None
            ctx.report(
                self, stmt,
                f"Key column {declared.table}.{declared.column} is a 32-bit integer: inserts fail once it reaches "
                f"2,147,483,647, and widening it later rewrites the table.",
                help="Use bigint / BIGSERIAL (Prisma: BigInt @id @default(autoincrement())).",
                span=declared.span, fix=fix, data={"column": declared.column},
            )
