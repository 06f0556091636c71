"""After a schema change, the Drizzle schema and Kysely types must be regenerated from schema.prisma.

Why: Prisma owns the schema; the Drizzle table definitions and Kysely's `DB` type are generated
from it. A migration that changes tables, columns, indexes or enums leaves them stale until
`triple-orm sync` runs, and code compiled against stale types reads and writes the old shape.
Exemptions: migrations that change no table, column, index or type (data-only migrations).

Bad:
```sql
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
```

Good:
```sql
UPDATE "User" SET "bio" = '' WHERE "id" = 'admin';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import key_of_names, object_names, rel_key, strings
from tools.lint.rule import Rule

SCHEMA_CHANGES = ("CreateStmt", "AlterTableStmt", "DropStmt", "RenameStmt", "CreateEnumStmt", "AlterEnumStmt",
                  "IndexStmt", "ViewStmt", "CompositeTypeStmt", "CreateDomainStmt")
_DROPPED = {"OBJECT_TABLE", "OBJECT_TYPE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_DOMAIN"}


def changed_object(stmt) -> str | None:
    node = stmt.node
    if stmt.kind in ("CreateStmt", "AlterTableStmt", "IndexStmt"):
        return rel_key(node.get("relation"))
    if stmt.kind == "ViewStmt":
        return rel_key(node.get("view"))
    if stmt.kind in ("CreateEnumStmt", "AlterEnumStmt"):
        return key_of_names(strings(node.get("typeName")))
    if stmt.kind == "RenameStmt":
        return rel_key(node["relation"]) if node.get("relation") else key_of_names(object_names(node.get("object") or {}))
    if stmt.kind == "DropStmt" and node.get("removeType") in _DROPPED:
        return ", ".join(key_of_names(object_names(o)) for o in node.get("objects") or ())
    if stmt.kind == "CreateDomainStmt":
        return key_of_names(strings(node.get("domainname")))
    return None


class RegenerateDrizzleAndKysely(Rule):
    id = "regenerate-drizzle-and-kysely"
    severity = Severity.INFO
    on = SCHEMA_CHANGES
    file_wide = True

    def check(self, stmt, ctx):
        changed = changed_object(stmt)
        if changed:
            notes = ctx.notes(self.id, lambda: {"first": stmt, "objects": {}})
            notes["objects"].setdefault(changed, None)

    def finish(self, ctx):
        notes = ctx.scratch.get(self.id)
        if not notes:
            return
        objects = list(notes["objects"])
        shown = ", ".join(objects[:5]) + (f" and {len(objects) - 5} more" if len(objects) > 5 else "")
        ctx.report(
            self, notes["first"],
            f"This migration changes {shown}: regenerate the Drizzle schema and the Kysely types so that they match.",
            help="Run `triple-orm sync` (and commit the generated files with the migration).",
            data={"objects": objects},
        )
