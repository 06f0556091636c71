"""Outside a transaction, a migration that fails half-way cannot simply be run again: use IF [NOT] EXISTS.

Why: when each statement commits on its own (plain SQL run by psql or a script), a failure in the
middle leaves the first statements applied; running the file again then fails on them
("relation already exists"). `IF NOT EXISTS` / `IF EXISTS` make each step re-runnable. Inside a
transaction (Prisma with more than one statement, drizzle-kit, BEGIN ... COMMIT) a failure rolls
everything back, so the rule stays quiet.
Exemptions: statements that run inside a transaction; a migration of a single statement (it is
applied entirely or not at all); ADD CONSTRAINT after a DROP CONSTRAINT of the same name;
temporary tables. `CREATE INDEX CONCURRENTLY` is always checked: when it fails it leaves an
invalid index behind, which a re-run then trips over.

Bad (runner = plain):
```sql
CREATE TABLE "Tag" ("id" TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS "Tag_id_idx" ON "Tag"("id");
```

Good (runner = plain):
```sql
CREATE TABLE IF NOT EXISTS "Tag" ("id" TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS "Tag_id_idx" ON "Tag"("id");
```

Good (runner = prisma):
```sql
CREATE TABLE "Tag" ("id" TEXT NOT NULL);
CREATE INDEX "Tag_id_idx" ON "Tag"("id");
```
"""

from __future__ import annotations

import re

from tools.findings import Severity
from tools.lint.nodes import cmd_constraint
from tools.lint.rule import Rule

MISSING_IF_EXISTS = "Missing IF EXISTS: if the migration fails after this statement, running it again fails here."
MISSING_IF_NOT_EXISTS = "Missing IF NOT EXISTS: if the migration fails after this statement, running it again fails here."
MISSING_TRANSACTION = "This change runs outside a transaction and cannot be guarded by IF [NOT] EXISTS: a failure after it leaves the migration half applied."
_DROPPABLE = {"OBJECT_TABLE": r"TABLE", "OBJECT_INDEX": r"INDEX(?:\s+CONCURRENTLY)?", "OBJECT_TYPE": r"TYPE"}


class PreferRobustStmts(Rule):
    id = "prefer-robust-stmts"
    severity = Severity.LOW
    on = ("CreateStmt", "IndexStmt", "DropStmt", "AlterTableStmt", "RenameStmt")
    squawk = ("prefer-robust-stmts",)

    def check(self, stmt, ctx):
        concurrent_index = stmt.kind == "IndexStmt" and stmt.node.get("concurrent")
        if ctx.in_transaction(stmt) and not concurrent_index:
            ctx.exempt(self, stmt, "runs inside a transaction: a failure rolls the whole migration back")
            return
        if len(ctx.statements) == 1 and not concurrent_index:
            ctx.exempt(self, stmt, "the only statement of the migration: it is applied entirely or not at all")
            return
        node = stmt.node
        if stmt.kind == "CreateStmt" and not node.get("if_not_exists") and node.get("relation", {}).get("relpersistence") != "t":
            self._whole(stmt, ctx, MISSING_IF_NOT_EXISTS, r"TABLE", " IF NOT EXISTS")
        elif stmt.kind == "IndexStmt" and not node.get("if_not_exists") and node.get("idxname"):
            # before the index name, so that a CONCURRENTLY inserted after INDEX by another fix stays valid
            self._whole(stmt, ctx, MISSING_IF_NOT_EXISTS, r"INDEX(?:\s+CONCURRENTLY)?\s+", "IF NOT EXISTS ")
        elif stmt.kind == "DropStmt" and node.get("removeType") in _DROPPABLE and not node.get("missing_ok"):
            self._whole(stmt, ctx, MISSING_IF_EXISTS, _DROPPABLE[node["removeType"]], " IF EXISTS")
        elif stmt.kind == "AlterTableStmt":
            self._alter(stmt, ctx)
        elif stmt.kind == "RenameStmt" and node.get("renameType") in ("OBJECT_TABLE", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT"):
            ctx.report(self, stmt, MISSING_TRANSACTION, help="Wrap the migration in BEGIN ... COMMIT.")

    def _whole(self, stmt, ctx, message, keyword, insert):
        match = re.search(rf"\b{keyword}", stmt.text, re.IGNORECASE)
        fix = None
        if match:
            at = stmt.start + match.end()
            fix = ctx.edit_fix(f"insert {insert.strip()}", (at, at, insert))
        ctx.report(self, stmt, message, help=f"Write {insert.strip()}.", fix=fix)

    def _alter(self, stmt, ctx):
        dropped = ctx.notes(self.id, set)
        for index, cmd in enumerate(stmt.cmds):
            subtype, name = cmd.get("subtype"), cmd.get("name", "")
            if subtype == "AT_DropConstraint":
                dropped.add(name)
            if cmd.get("missing_ok"):
                continue
            if subtype == "AT_AddColumn":
                self._cmd(stmt, ctx, index, MISSING_IF_NOT_EXISTS, r"ADD(?:\s+COLUMN)?", " IF NOT EXISTS")
            elif subtype in ("AT_DropColumn", "AT_DropConstraint"):
                keyword = r"DROP(?:\s+COLUMN)?" if subtype == "AT_DropColumn" else r"DROP\s+CONSTRAINT"
                self._cmd(stmt, ctx, index, MISSING_IF_EXISTS, keyword, " IF EXISTS")
            elif subtype == "AT_AddConstraint" and (cmd_constraint(cmd) or {}).get("conname") in dropped:
                ctx.exempt(self, stmt, "the constraint is dropped IF EXISTS just before")
            elif subtype == "AT_ValidateConstraint" and name in dropped:
                continue
            else:
                ctx.report(self, stmt, MISSING_TRANSACTION, help="Wrap the migration in BEGIN ... COMMIT.",
                           span=ctx.cmd_span(stmt, index))

    def _cmd(self, stmt, ctx, index, message, keyword, insert):
        start, end = ctx.cmd_span(stmt, index)
        match = re.match(keyword, ctx.text[start:end], re.IGNORECASE)
        fix = ctx.edit_fix(f"insert {insert.strip()}", (start + match.end(), start + match.end(), insert)) if match else None
        ctx.report(self, stmt, message, help=f"Write {insert.strip()}.", span=(start, end), fix=fix)
