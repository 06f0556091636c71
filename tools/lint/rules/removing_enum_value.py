"""Prisma's enum rewrite removes values: converting a column fails while any row still holds one.

Why: to remove a value, Prisma creates `"Enum_new"` without it, converts every column with
`USING ("col"::text::"Enum_new")`, renames the types and drops the old one. The cast fails on any
row that still holds a removed value, so the migration fails in production (it passed on an
empty development database); updating those rows first loses what they said.
Exemptions: rewrites that remove no value (the old values are known from the migration history,
or from the warning Prisma writes at the top of the migration).

Bad:
```sql
CREATE TYPE "Role" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER');
ALTER TYPE "Role" ADD VALUE 'GUEST';
-- a later migration:
CREATE TYPE "Role_new" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
```

Good:
```sql
CREATE TYPE "Role" AS ENUM ('ADMIN', 'VIEWER');
CREATE TYPE "Role_new" AS ENUM ('ADMIN', 'VIEWER', 'GUEST');
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
```
"""

from __future__ import annotations

import re

from tools.findings import Severity
from tools.lint.nodes import cmd_column_def, key_of_names, object_names, strings, type_ref
from tools.lint.rule import Rule

# the warning Prisma writes at the top of such a migration
PRISMA_WARNING = re.compile(r"The values? \[(?P<values>[^\]]*)\] on the enum `(?P<enum>[^`]+)` will be removed")


def prisma_warned_values(text: str) -> dict[str, list[str]]:
    return {m.group("enum"): [v.strip() for v in m.group("values").split(",") if v.strip()] for m in PRISMA_WARNING.finditer(text)}


class RemovingEnumValue(Rule):
    id = "removing-enum-value"
    severity = Severity.CRITICAL
    on = ("CreateEnumStmt", "RenameStmt", "AlterTableStmt")
    alter_subtypes = frozenset({"AT_AlterColumnType"})
    file_wide = True
    weight = "enum-rows"

    def check(self, stmt, ctx):
        notes = ctx.notes(self.id, lambda: {"created": {}, "renamed": {}, "columns": {}})
        if stmt.kind == "CreateEnumStmt":
            # the enums as they are just before the new type is created (the history and this file so far)
            before = dict(ctx.state.enums)
            notes["created"][key_of_names(strings(stmt.node.get("typeName")))] = (stmt, strings(stmt.node.get("vals")), before)
        elif stmt.kind == "RenameStmt" and stmt.node.get("renameType") == "OBJECT_TYPE":
            old = key_of_names(object_names(stmt.node.get("object") or {}))
            notes["renamed"][old] = stmt.node.get("newname", "")
            notes.setdefault("renamed_at", {})[old] = stmt.index
        else:
            table = stmt.table
            for cmd in stmt.cmds:
                if cmd.get("subtype") == "AT_AlterColumnType":
                    ref = type_ref((cmd_column_def(cmd) or {}).get("typeName"))
                    if ref is not None:
                        notes["columns"].setdefault(ref.key, []).append(f"{table}.{cmd.get('name', '')}")

    def finish(self, ctx):
        notes = ctx.scratch.get(self.id)
        if not notes:
            return
        warned = prisma_warned_values(ctx.text)
        for new_name, (stmt, values, before) in notes["created"].items():
            target, old_name = self._rewrite_of(new_name, stmt.index, notes)
            if target is None:
                continue  # not a rewrite: no type took this one's place
            if old_name in before:
                removed = [v for v in before[old_name] if v not in values]
            else:
                removed = warned.get(target)  # None: the old values are unknown
            if removed == []:
                ctx.exempt(self, stmt, f"the rewrite of {target} removes no value")
                continue
            self._report(ctx, stmt, target, removed, list(dict.fromkeys(notes["columns"].get(new_name, []))))

    @staticmethod
    def _rewrite_of(created: str, created_at: int, notes: dict) -> tuple[str | None, str]:
        """(the enum being rewritten, the name its old values are under when `created` is created).

        Prisma's rewrite: CREATE "E_new", RENAME "E" -> "E_old", RENAME "E_new" -> "E". The older form
        renames first: RENAME "E" -> "E_old", then CREATE "E" anew.
        """
        renamed, renamed_at = notes["renamed"], notes.get("renamed_at", {})
        target = renamed.get(created)
        if target is not None and target in renamed:
            return target, target
        if created in renamed and renamed_at[created] < created_at:
            return created, renamed[created]  # the old type was renamed away before this one was created
        return None, ""

    def _report(self, ctx, stmt, enum, removed, columns):
        where = ", ".join(columns) or "its columns"
        if not removed:
            ctx.report(self, stmt, f"Enum {enum} is recreated: if the new type leaves out a value, converting {where} fails "
                       f"while a row still holds it. Its earlier values are unknown (lint the whole migration history).",
                       help="Update or delete the rows that hold removed values before this migration runs.",
                       severity=Severity.MEDIUM, data={"enum": enum, "columns": columns})
            return
        values = ", ".join(f"'{v}'" for v in removed)
        ctx.report(
            self, stmt,
            f"Enum {enum} loses {values}: converting {where} fails while any row still holds "
            f"{'it' if len(removed) == 1 else 'them'}, and rows updated to pass lose that value.",
            help="Decide what those rows become and update them (in an earlier migration or a script) before this one runs; "
                 "keep the value in the enum if old application versions still write it.",
            data={"enum": enum, "removed_values": removed, "columns": columns},
        )
