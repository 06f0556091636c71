"""Unqualified table names depend on the `search_path` of whoever runs the migration (opt-in).

Why: `CREATE TABLE "User"` lands in the first schema of the session's search_path; a runner with a
different search_path (a role default, a connection option) creates or alters tables in another
schema than intended.
Exemptions: none; the rule is off unless enabled.

Bad:
```sql
CREATE TABLE "User" ("id" TEXT NOT NULL);
```

Good:
```sql
CREATE TABLE "public"."User" ("id" TEXT NOT NULL);
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import object_names
from tools.lint.rule import Rule


class RequireTableSchema(Rule):
    id = "require-table-schema"
    severity = Severity.LOW
    on = ("CreateStmt", "AlterTableStmt", "IndexStmt", "DropStmt")
    squawk = ("require-table-schema",)
    opt_in = True

    def check(self, stmt, ctx):
        if stmt.kind == "DropStmt":
            if stmt.node.get("removeType") != "OBJECT_TABLE":
                return
            unqualified = [n[-1] for n in (object_names(o) for o in stmt.node.get("objects") or ()) if len(n) == 1]
        else:
            relation = stmt.node.get("relation") or {}
            unqualified = [relation.get("relname", "")] if relation and not relation.get("schemaname") else []
        for name in unqualified:
            ctx.report(self, stmt, f"Table \"{name}\" has no schema: it depends on the search_path of the session.",
                       help="Qualify it, e.g. \"public\".\"" + name + "\".")
