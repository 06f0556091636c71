"""A column (or table) dropped and another of the same shape added: probably a rename that loses the data.

Why: Prisma cannot tell a renamed field from a removed one plus a new one, so renaming a field (or
model) without `@map` generates `DROP COLUMN "old"` + `ADD COLUMN "new"` (or DROP TABLE + CREATE
TABLE): the data of the old column is deleted and the new one starts empty (and a NOT NULL one
fails on a populated table).
Exemptions: pairs whose types differ, or whose names have nothing in common; tables created
earlier in the same migration.

Bad:
```sql
CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT);
-- a later migration:
ALTER TABLE "User" DROP COLUMN "name",
ADD COLUMN "fullName" TEXT;
```

Good:
```sql
CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT);
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
```
"""

from __future__ import annotations

from difflib import SequenceMatcher

from tools.findings import Severity
from tools.lint.nodes import cmd_column_def, display, key_of_names, object_names, type_ref
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident


def _normal(name: str) -> str:
    return name.lower().replace("_", "")


def similar(a: str, b: str) -> bool:
    """Names that plausibly denote the same thing (`name`/`fullName`, `user_id`/`userId`, `Post`/`Posts`).

    Not `updatedAt`/`createdAt`: a shared suffix alone is not enough, hence the high ratio.
    """
    x, y = _normal(a), _normal(b)
    if min(len(x), len(y)) >= 3 and (x in y or y in x):
        return True
    return SequenceMatcher(None, x, y).ratio() >= 0.8


class RenameAsDropAndAdd(Rule):
    id = "rename-as-drop-and-add"
    severity = Severity.HIGH
    on = ("AlterTableStmt", "DropStmt", "CreateStmt")
    alter_subtypes = frozenset({"AT_DropColumn", "AT_AddColumn"})
    file_wide = True
    weight = "loses-data"

    def check(self, stmt, ctx):
        notes = ctx.notes(self.id, lambda: {"dropped": [], "added": [], "dropped_tables": [], "created_tables": []})
        if stmt.kind == "AlterTableStmt":
            table = stmt.table
            if table in ctx.created:
                return
            for index, cmd in enumerate(stmt.cmds):
                if cmd.get("subtype") == "AT_DropColumn":
                    known = ctx.state.column(table, cmd.get("name", ""))
                    notes["dropped"].append((stmt, index, table, cmd.get("name", ""), known.type if known else None))
                elif cmd.get("subtype") == "AT_AddColumn":
                    column = cmd_column_def(cmd) or {}
                    notes["added"].append((table, column.get("colname", ""), type_ref(column.get("typeName"))))
        elif stmt.kind == "DropStmt" and stmt.node.get("removeType") == "OBJECT_TABLE":
            for obj in stmt.node.get("objects") or ():
                table = key_of_names(object_names(obj))
                state = ctx.state.tables.get(table)
                if table not in ctx.created:
                    notes["dropped_tables"].append((stmt, table, set(state.columns) if state else None))
        elif stmt.kind == "CreateStmt":
            columns = {e["ColumnDef"].get("colname") for e in stmt.node.get("tableElts") or () if "ColumnDef" in e}
            notes["created_tables"].append((stmt.table, columns))

    def finish(self, ctx):
        notes = ctx.scratch.get(self.id)
        if not notes:
            return
        for stmt, index, table, old, old_type in notes["dropped"]:
            for added_table, new, new_type in notes["added"]:
                if added_table == table and self._column_pair(old, old_type, new, new_type):
                    self._report_column(ctx, stmt, index, table, old, new, new_type)
                    break
        for stmt, table, columns in notes["dropped_tables"]:
            for created, new_columns in notes["created_tables"]:
                if created != table and self._table_pair(table, columns, created, new_columns):
                    self._report_table(ctx, stmt, table, created)
                    break

    @staticmethod
    def _column_pair(old, old_type, new, new_type) -> bool:
        if old_type is not None and new_type is not None and (old_type.name, old_type.array) != (new_type.name, new_type.array):
            return False
        return similar(old, new)

    @staticmethod
    def _table_pair(old, old_columns, new, new_columns) -> bool:
        names_alike = similar(old.split(".")[-1], new.split(".")[-1])
        if old_columns:
            overlap = len(old_columns & new_columns) / max(1, len(old_columns | new_columns))
            # id/createdAt/updatedAt make many tables look alike: unrelated names need near-identical columns
            return overlap >= 0.6 and (names_alike or overlap >= 0.85)
        return names_alike

    def _report_column(self, ctx, stmt, index, table, old, new, new_type):
        if old == new:
            ctx.report(
                self, stmt,
                f"{table}.{old} is dropped and added again ({new_type.sql() if new_type else 'a new type'}) in the same "
                f"migration: every value it held is lost (Prisma does this for a type change it cannot cast).",
                help=f"Change the type in place instead: ALTER TABLE {display(table)} ALTER COLUMN {quote_ident(old)} "
                     f"TYPE ... USING (an expression that converts the old values).",
                span=ctx.cmd_span(stmt, index), data={"column": old},
            )
            return
        ctx.report(
            self, stmt,
            f"{table}.{old} is dropped and {table}.{new} ({new_type.sql() if new_type else 'a new column'}) added in the same "
            f"migration: if this is a rename, the data of \"{old}\" is lost.",
            help=f"If it is a rename, keep the data: ALTER TABLE {display(table)} RENAME COLUMN {quote_ident(old)} TO "
                 f"{quote_ident(new)} (Prisma: or keep the column with @map(\"{old}\")).",
            span=ctx.cmd_span(stmt, index), data={"column": old, "added": new},
        )

    def _report_table(self, ctx, stmt, table, created):
        ctx.report(
            self, stmt,
            f"Table {table} is dropped and {created}, with mostly the same columns, created in the same migration: if "
            f"this is a rename, every row of {table} is lost.",
            help=f"If it is a rename: ALTER TABLE {display(table)} RENAME TO {quote_ident(created.split('.')[-1])} "
                 f"(Prisma: or keep the table name with @@map(\"{table.split('.')[-1]}\")).",
            data={"added": created},
        )
