"""Assigning or declaring the same column twice in one statement is an error: the migration fails.

Why: PostgreSQL rejects `UPDATE ... SET "a" = 1, "a" = 2` ("multiple assignments to same column"),
`INSERT INTO t ("a", "a")`, and a CREATE TABLE or ADD COLUMN list naming a column twice; the
statement fails and takes the migration down with it.
Exemptions: assignments to different elements or fields of one column (`SET "a"[1] = 1, "a"[2] = 2`).

Bad:
```sql
UPDATE "User" SET "name" = 'a', "name" = 'b' WHERE "id" = '1';
```

Good:
```sql
UPDATE "User" SET "name" = 'a', "email" = 'b' WHERE "id" = '1';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import alter_cmds, cmd_column_def
from tools.lint.rule import Rule


class BanDuplicateColumnAssignments(Rule):
    id = "ban-duplicate-column-assignments"
    severity = Severity.CRITICAL
    on = ("UpdateStmt", "InsertStmt", "CreateStmt", "AlterTableStmt")
    alter_subtypes = frozenset({"AT_AddColumn"})
    squawk = ("ban-duplicate-column-assignments",)

    def check(self, stmt, ctx):
        for name, location in self._duplicates(stmt):
            ctx.report(
                self, stmt, f"Column \"{name}\" is assigned or declared twice in this statement: PostgreSQL rejects it "
                f"and the migration fails.",
                help="Keep one assignment (or declaration) per column.",
                span=ctx.element_span(stmt, location), data={"column": name},
            )

    @staticmethod
    def _duplicates(stmt) -> list[tuple[str, int]]:
        names: list[tuple[str, int]] = []
        node = stmt.node
        if stmt.kind in ("UpdateStmt", "InsertStmt"):
            key = "targetList" if stmt.kind == "UpdateStmt" else "cols"
            for target in node.get(key) or ():
                res = target.get("ResTarget", {})
                if not res.get("indirection"):  # a["x"] and a["y"] are different parts of one column
                    names.append((res.get("name", ""), res.get("location", -1)))
        elif stmt.kind == "CreateStmt":
            names = [(e["ColumnDef"].get("colname", ""), e["ColumnDef"].get("location", -1))
                     for e in node.get("tableElts") or () if "ColumnDef" in e]
        else:
            names = [((cmd_column_def(c) or {}).get("colname", ""), (cmd_column_def(c) or {}).get("location", -1))
                     for c in alter_cmds(node) if c.get("subtype") == "AT_AddColumn"]
        seen: set[str] = set()
        out = []
        for name, location in names:
            if name in seen:
                out.append((name, location))
            seen.add(name)
        return out
