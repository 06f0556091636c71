"""Reading libpg_query's parse tree (as JSON dicts): names, types, constraints, ALTER TABLE commands.

The tree is PostgreSQL's raw grammar output, before any catalog lookup: `INTEGER` is already
`pg_catalog.int4`, `SERIAL` is still `serial` (it only becomes an integer plus a sequence later),
and quoted identifiers keep their case while unquoted ones are folded to lower case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from tools.lint.sqltext import quote_ident

Node = dict[str, Any]


def unwrap(wrapped: Node) -> tuple[str, Node]:
    """`{"Constraint": {...}}` -> ("Constraint", {...})."""
    ((kind, node),) = wrapped.items()
    return kind, node


def strings(items: list[Node] | None) -> list[str]:
    """The values of a list of `String` nodes (qualified names, column lists)."""
    out = []
    for item in items or ():
        value = item.get("String")
        if value is not None:
            out.append(value.get("sval", ""))
    return out


def rel_key(rangevar: Node | None) -> str:
    """The key of a table: its name, schema-qualified unless it is in `public` (or unqualified)."""
    if not rangevar:
        return ""
    schema = rangevar.get("schemaname")
    name = rangevar.get("relname", "")
    return name if schema in (None, "public") else f"{schema}.{name}"


def key_of_names(names: list[str]) -> str:
    """The same key from a qualified name list (DROP TABLE, DROP TYPE, ALTER TYPE)."""
    if not names:
        return ""
    if len(names) >= 2 and names[-2] != "public":
        return f"{names[-2]}.{names[-1]}"
    return names[-1]


def display(key: str) -> str:
    """A table or type key as SQL would spell it: `"User"` or `"billing"."Invoice"`."""
    if "." in key:
        schema, name = key.split(".", 1)
        return f"{quote_ident(schema)}.{quote_ident(name)}"
    return quote_ident(key)


# hashable and never changed once made; not frozen only because a frozen dataclass is built
# through object.__setattr__, three times slower, and tens of thousands are made per run
@dataclass(slots=True, unsafe_hash=True)
class TypeRef:
    """A column type as written: `name` without pg_catalog, its modifiers, whether it is an array."""

    name: str
    schema: str | None = None
    mods: tuple[int, ...] = ()
    array: bool = False
    location: int = -1

    @property
    def key(self) -> str:
        return self.name if self.schema in (None, "public") else f"{self.schema}.{self.name}"

    def sql(self) -> str:
        base = self.name if self.name in BUILTIN_SPELLING else quote_ident(self.name)
        base = BUILTIN_SPELLING.get(self.name, base)
        if self.mods:
            base += "(" + ",".join(str(m) for m in self.mods) + ")"
        return base + ("[]" if self.array else "")


# how people write the built-in types the parser renames
BUILTIN_SPELLING = {
    "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
    "bpchar": "char", "varchar": "varchar", "bool": "boolean", "timestamp": "timestamp",
    "timestamptz": "timestamptz", "text": "text", "jsonb": "jsonb", "json": "json", "numeric": "numeric",
    "uuid": "uuid", "date": "date", "time": "time", "timetz": "timetz", "bytea": "bytea",
    "serial": "serial", "bigserial": "bigserial", "smallserial": "smallserial", "interval": "interval",
    "citext": "citext", "inet": "inet",
}


def type_ref(type_name: Node | None) -> TypeRef | None:
    if not type_name:
        return None
    names = strings(type_name.get("names"))
    if not names:
        return None
    schema = None
    if len(names) > 1:
        schema = names[-2] if names[-2] != "pg_catalog" else None
    mods = []
    for mod in type_name.get("typmods") or ():
        value = mod.get("A_Const", {}).get("ival")
        if isinstance(value, dict):
            mods.append(int(value.get("ival", 0)))
    return TypeRef(names[-1], schema, tuple(mods), bool(type_name.get("arrayBounds")), type_name.get("location", -1))


def constraints_of(column_def: Node) -> list[Node]:
    return [c["Constraint"] for c in column_def.get("constraints") or () if "Constraint" in c]


def contype(constraint: Node) -> str:
    """`CONSTR_FOREIGN` -> `FOREIGN`."""
    return constraint.get("contype", "")[7:]


def is_not_valid(constraint: Node) -> bool:
    """`NOT VALID` in the SQL: the parser sets `skip_validation` (and leaves `initially_valid` unset)."""
    return bool(constraint.get("skip_validation"))


def using_index(constraint: Node) -> bool:
    return bool(constraint.get("indexname"))


def alter_cmds(alter_table: Node) -> list[Node]:
    return [c["AlterTableCmd"] for c in alter_table.get("cmds") or () if "AlterTableCmd" in c]


def cmd_column_def(cmd: Node) -> Node | None:
    definition = cmd.get("def")
    return definition.get("ColumnDef") if definition else None


def cmd_constraint(cmd: Node) -> Node | None:
    definition = cmd.get("def")
    return definition.get("Constraint") if definition else None


def table_elements(create: Node) -> Iterator[tuple[str, Node]]:
    """(kind, node) of each element of a CREATE TABLE: `ColumnDef`, `Constraint`, `TableLikeClause`."""
    for element in create.get("tableElts") or ():
        yield unwrap(element)


def walk(value: Any) -> Iterator[tuple[str, Node]]:
    """Every (kind, node) pair below `value`, depth first (expressions, sub-selects, CTEs)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(child, dict):
                    if key[:1].isupper():
                        yield key, child
                    stack.append(child)
                elif isinstance(child, list):
                    stack.extend(child)
        elif isinstance(item, list):
            stack.extend(item)


def const_strings(value: Any) -> list[str]:
    """Every string literal in an expression (`'ACTIVE'`, `'ACTIVE'::"Status"`)."""
    out = []
    for kind, node in walk(value):
        if kind == "A_Const" and "sval" in node:
            out.append(node["sval"].get("sval", ""))
    return out


def func_name(call: Node) -> str:
    names = strings(call.get("funcname"))
    return names[-1].lower() if names else ""


def object_names(obj: Node) -> list[str]:
    """The qualified name of one object of a DROP or COMMENT statement, whatever node wraps it."""
    if "List" in obj:
        return strings(obj["List"].get("items"))
    if "TypeName" in obj:
        return strings(obj["TypeName"].get("names"))
    if "String" in obj:
        return [obj["String"].get("sval", "")]
    if "ObjectWithArgs" in obj:
        return strings(obj["ObjectWithArgs"].get("objname"))
    return []


def type_names_in(value: Any) -> Iterator[list[str]]:
    """The qualified names of every type mentioned below `value` (casts, column types, DROP TYPE)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if key in ("typeName", "TypeName") and isinstance(child, dict) and child.get("names"):
                    yield strings(child["names"])
                if isinstance(child, (dict, list)):
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
