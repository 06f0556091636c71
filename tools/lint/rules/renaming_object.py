"""Renaming a type, enum value, view, function, sequence, index or constraint, or moving it to another schema.

Why: code and SQL that name the object (a view or function called by the application, an enum
value the Prisma client sends, `ON CONFLICT ON CONSTRAINT ...`) break for the application version
still running during the deploy. Renaming an index or a constraint rarely matters to code, so
those are LOW.
Exemptions: Prisma's enum rewrite (`"Enum"` -> `"Enum_old"` and `"Enum_new"` -> `"Enum"` in one
migration); objects created earlier in the same migration; tables and columns (their own rules).

Bad:
```sql
ALTER TYPE "Status" RENAME VALUE 'DRAFT' TO 'PENDING';
```

Good:
```sql
ALTER TYPE "Status" ADD VALUE 'PENDING';
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.nodes import key_of_names, object_names, rel_key, strings
from tools.lint.rule import Rule

KIND_NAMES = {
    "OBJECT_TYPE": "type", "OBJECT_DOMAIN": "domain", "OBJECT_VIEW": "view", "OBJECT_MATVIEW": "materialized view",
    "OBJECT_FUNCTION": "function", "OBJECT_PROCEDURE": "procedure", "OBJECT_SEQUENCE": "sequence",
    "OBJECT_INDEX": "index", "OBJECT_TABCONSTRAINT": "constraint", "OBJECT_SCHEMA": "schema", "OBJECT_TRIGGER": "trigger",
    "OBJECT_TABLE": "table",
}
QUIET = {"OBJECT_INDEX", "OBJECT_TABCONSTRAINT", "OBJECT_TRIGGER"}


def is_enum_rewrite(old: str, new: str) -> bool:
    """Prisma's enum rewrite renames `E` to `E_old` and `E_new` to `E`."""
    return new == f"{old}_old" or old == f"{new}_new"


class RenamingObject(Rule):
    id = "renaming-object"
    severity = Severity.MEDIUM
    on = ("RenameStmt", "AlterEnumStmt", "AlterObjectSchemaStmt")
    squawk = ("renaming-object", "ban-set-schema")

    def check(self, stmt, ctx):
        node = stmt.node
        if stmt.kind == "AlterEnumStmt":
            if node.get("oldVal"):
                enum = key_of_names(strings(node.get("typeName")))
                ctx.report(self, stmt, f"Renaming value '{node['oldVal']}' of enum {enum} to '{node.get('newVal', '')}' "
                           f"breaks code that still sends or compares the old value (the deployed Prisma client does).",
                           help="Add the new value, migrate the rows and the code, then stop using the old value.")
            return
        if stmt.kind == "AlterObjectSchemaStmt":
            self._set_schema(stmt, ctx)
            return
        kind = node.get("renameType")
        if kind in ("OBJECT_TABLE", "OBJECT_COLUMN", None) or kind not in KIND_NAMES:
            return
        old = self._old_name(node, kind)
        new = node.get("newname", "")
        if kind == "OBJECT_TYPE" and is_enum_rewrite(old.split(".")[-1], new):
            ctx.exempt(self, stmt, "part of Prisma's enum rewrite")
            return
        if old in ctx.created_types or old in ctx.created:
            ctx.exempt(self, stmt, f"{old} is created earlier in this migration")
            return
        what = KIND_NAMES[kind]
        ctx.report(self, stmt, f"Renaming {what} {old} to {new} breaks code and SQL that still use the old name.",
                   help=f"Check that nothing refers to the {what} by name before renaming it.",
                   severity=Severity.LOW if kind in QUIET else None)

    @staticmethod
    def _old_name(node, kind) -> str:
        if kind == "OBJECT_TABCONSTRAINT":
            return node.get("subname", "")
        if node.get("relation"):
            return rel_key(node["relation"])
        return key_of_names(object_names(node.get("object") or {}))

    def _set_schema(self, stmt, ctx):
        node = stmt.node
        name = rel_key(node["relation"]) if node.get("relation") else key_of_names(object_names(node.get("object") or {}))
        what = KIND_NAMES.get(node.get("objectType", ""), "object")
        ctx.report(self, stmt, f"Moving {what} {name} to schema {node.get('newschema', '')} breaks code that names it "
                   f"with its old schema or finds it through the search_path.",
                   help="Move it only once every client names the new schema.")
