"""A foreign key without an index on its columns makes every delete of a referenced row scan the table.

Why: PostgreSQL indexes the referenced side (a primary key or unique constraint) but not the
referencing columns. Each DELETE (or key UPDATE) on the referenced table then scans the whole
referencing table to enforce ON DELETE (under locks that grow with it), and joins along the
relation cannot use an index. Prisma does not add these indexes on PostgreSQL: its docs recommend
`@@index([authorId])` on relation scalar fields.
Exemptions: foreign keys whose columns lead an index (or the primary key or a unique constraint)
created by this or an earlier migration, or that exists in the database when one is given.

Bad:
```sql
CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
```

Good:
```sql
CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import cmd_column_def, cmd_constraint, constraints_of, contype, display, rel_key, strings
from tools.lint.rule import Rule
from tools.lint.sqltext import quote_ident
from tools.lint.transactions import PLAIN


class UnindexedForeignKey(Rule):
    id = "unindexed-foreign-key"
    severity = Severity.MEDIUM
    on = ("CreateStmt", "AlterTableStmt")
    alter_subtypes = frozenset({"AT_AddConstraint", "AT_AddColumn"})
    file_wide = True

    def check(self, stmt, ctx):
        keys = ctx.notes(self.id, list)
        table = stmt.table
        if stmt.kind == "CreateStmt":
            for element in stmt.node.get("tableElts") or ():
                if "Constraint" in element and contype(element["Constraint"]) == "FOREIGN":
                    keys.append((stmt, table, strings(element["Constraint"].get("fk_attrs")), element["Constraint"]))
                elif "ColumnDef" in element:
                    self._inline(stmt, table, element["ColumnDef"], keys)
            return
        for cmd in stmt.cmds:
            constraint = cmd_constraint(cmd) if cmd.get("subtype") == "AT_AddConstraint" else None
            if constraint and contype(constraint) == "FOREIGN":
                keys.append((stmt, table, strings(constraint.get("fk_attrs")), constraint))
            elif cmd.get("subtype") == "AT_AddColumn":
                self._inline(stmt, table, cmd_column_def(cmd) or {}, keys)

    @staticmethod
    def _inline(stmt, table, column, keys):
        for constraint in constraints_of(column):
            if contype(constraint) == "FOREIGN":
                keys.append((stmt, table, [column.get("colname", "")], constraint))

    def finish(self, ctx):
        for stmt, table, columns, constraint in ctx.scratch.get(self.id) or ():
            if not columns:
                continue
            index = ctx.state.covering_index(table, columns)
            if index:
                ctx.exempt(self, stmt, f"index {index} starts with {', '.join(columns)}")
                continue
            referenced = rel_key(constraint.get("pktable"))
            cols = ", ".join(quote_ident(c) for c in columns)
            name = f"{table.split('.')[-1]}_{'_'.join(columns)}_idx"
            create = f"CREATE INDEX {quote_ident(name)} ON {display(table)} ({cols});"
            fix = None
            if ctx.runner == PLAIN and table in ctx.created:
                end = len(ctx.text)
                fix = ctx.edit_fix("index the foreign key", (end, end, ("" if ctx.text.endswith("\n") else "\n") + create + "\n"))
            ctx.report(
                self, stmt,
                f"Foreign key {table}({', '.join(columns)}) -> {referenced} has no index on {table}: every delete from "
                f"{referenced} scans {table}, and joins along the relation cannot use an index.",
                help=f"Index the referencing columns (Prisma: @@index([{', '.join(columns)}]) on the model; Drizzle: "
                     f"index() in the table's extra config): {create}",
                span=ctx.element_span(stmt, constraint.get("location")), fix=fix,
                data={"table": table, "columns": columns, "referenced_table": referenced, "suggested_index": create},
            )
