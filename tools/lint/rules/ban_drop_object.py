"""Dropping a view, function, type, sequence, domain, schema or extension breaks what still uses it.

Why: the application version still running during the deploy (or a report, a trigger, another
service) keeps calling the view or function, sending the enum, reading the sequence; it fails once
the object is gone. `DROP SCHEMA ... CASCADE` also drops every table in the schema with its data.
Exemptions: objects created, or renamed to the dropped name (like Prisma's `"Enum_old"`), earlier
in the same migration.

Bad:
```sql
DROP VIEW "ActiveUsers";
```

Good:
```sql
ALTER TYPE "Role" RENAME TO "Role_old";
DROP TYPE "Role_old";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import key_of_names, object_names, strings
from tools.lint.rule import Rule

KINDS = {
    "OBJECT_VIEW": ("view", "ban-drop-view"), "OBJECT_MATVIEW": ("materialized view", "ban-drop-view"),
    "OBJECT_FUNCTION": ("function", "ban-drop-function"), "OBJECT_PROCEDURE": ("procedure", "ban-drop-function"),
    "OBJECT_TYPE": ("type", "ban-drop-type"), "OBJECT_DOMAIN": ("domain", "ban-drop-domain"),
    "OBJECT_SEQUENCE": ("sequence", "ban-drop-sequence"), "OBJECT_SCHEMA": ("schema", "ban-drop-schema"),
    "OBJECT_EXTENSION": ("extension", "ban-drop-extension"),
}


class BanDropObject(Rule):
    id = "ban-drop-object"
    severity = Severity.MEDIUM
    max_severity = Severity.CRITICAL
    on = ("DropStmt", "RenameStmt", "CreateEnumStmt", "CreateFunctionStmt", "ViewStmt", "CreateSeqStmt")
    squawk = tuple(sorted({squawk for _, squawk in KINDS.values()}))

    def check(self, stmt, ctx):
        made = ctx.notes(self.id, set)
        if stmt.kind != "DropStmt":
            made.add(self._made(stmt))
            return
        kind = stmt.node.get("removeType")
        if kind not in KINDS:
            return
        what = KINDS[kind][0]
        cascade = stmt.node.get("behavior") == "DROP_CASCADE"
        for obj in stmt.node.get("objects") or ():
            name = key_of_names(object_names(obj))
            if name in made or name in ctx.created_types:
                ctx.exempt(self, stmt, f"{what} {name} is created or renamed earlier in this migration")
                continue
            severity = Severity.CRITICAL if kind == "OBJECT_SCHEMA" and cascade else None
            ctx.report(
                self, stmt,
                f"Dropping {what} {name} breaks the code and SQL that still use it"
                + (", and CASCADE drops every table in it with its data." if severity else "."),
                help=f"Deploy code that no longer uses the {what} first, then drop it in a later migration.",
                severity=severity, data={"object": name, "kind": what},
            )

    @staticmethod
    def _made(stmt) -> str:
        node = stmt.node
        if stmt.kind == "RenameStmt":
            return node.get("newname", "")
        if stmt.kind == "CreateEnumStmt":
            return key_of_names(strings(node.get("typeName")))
        if stmt.kind == "CreateFunctionStmt":
            return key_of_names(strings(node.get("funcname")))
        if stmt.kind == "ViewStmt":
            return (node.get("view") or {}).get("relname", "")
        return (node.get("sequence") or {}).get("relname", "")
