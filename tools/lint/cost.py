"""Which statements take time that grows with the table: scans, rewrites, index builds, backfills.

A lock is only as bad as how long it is held. Metadata-only changes (`ADD COLUMN` with a constant
default, `DROP COLUMN`, `RENAME`) finish in milliseconds once they have their lock; the statements
below read or write every row. The timeout rules and the rule about statements run while an
ACCESS EXCLUSIVE lock is held use this to tell the two apart. Tables created earlier in the same
migration are empty, so nothing on them is slow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.lint.locks import strip_def
from tools.lint.nodes import (
    TypeRef, cmd_column_def, cmd_constraint, constraints_of, contype, func_name, is_not_valid, rel_key,
    type_ref, using_index, walk,
)

if TYPE_CHECKING:
    from tools.lint.context import FileContext
    from tools.lint.parse import Statement

# stable or immutable functions that are common in defaults (pg_proc.provolatile <> 'v')
NON_VOLATILE_FUNCTIONS = frozenset({
    "now", "statement_timestamp", "transaction_timestamp", "current_setting", "to_timestamp", "to_char",
    "date_trunc", "timezone", "make_interval", "make_date", "lower", "upper", "concat", "coalesce",
    "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array", "array_fill",
    "to_jsonb", "to_json", "length", "trim", "replace", "substring", "abs", "round", "greatest", "least",
})
SERIAL_TYPES = frozenset({"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"})


def volatile_part(expr) -> str | None:
    """The first volatile piece of a default expression (`gen_random_uuid()`), or None."""
    for kind, node in walk({"x": expr}):
        if kind == "FuncCall":
            name = func_name(node)
            if name not in NON_VOLATILE_FUNCTIONS:
                return f"{name}()"
        elif kind in ("SubLink", "NextValueExpr"):
            return "a subquery" if kind == "SubLink" else "nextval()"
    return None


def binary_coercible(old: TypeRef, new: TypeRef) -> bool:
    """Whether PostgreSQL can change `old` to `new` without touching the rows."""
    if old.array != new.array:
        return False
    if old.name == new.name and old.mods == new.mods:
        return True
    if old.name == "varchar" and new.name in ("varchar", "text"):
        return new.name == "text" or not new.mods or bool(old.mods and new.mods[0] >= old.mods[0])
    if old.name == "text" and new.name == "varchar" and not new.mods:
        return True
    if old.name == "numeric" and new.name == "numeric":
        if not new.mods:
            return True
        if old.mods:
            old_scale = old.mods[1] if len(old.mods) > 1 else 0
            new_scale = new.mods[1] if len(new.mods) > 1 else 0
            return new_scale == old_scale and new.mods[0] >= old.mods[0]
    return old.name == "cidr" and new.name == "inet"


_REASONS: dict[tuple[int, int], tuple[dict, str | None]] = {}  # (id(node), version) -> (node, reason)


def rewrite_reason(column: dict, pg_version: int) -> str | None:
    """Why adding this column rewrites the table, or None when it is a catalog-only change.

    Several rules ask about the same column: the answer is kept (with the node itself, so that its
    id cannot be reused by another node while the entry lives).
    """
    key = (id(column), pg_version)
    found = _REASONS.get(key)
    if found is not None and found[0] is column:
        return found[1]
    if len(_REASONS) > 4096:
        _REASONS.clear()
    reason = _rewrite_reason(column, pg_version)
    _REASONS[key] = (column, reason)
    return reason


def _rewrite_reason(column: dict, pg_version: int) -> str | None:
    ref = type_ref(column.get("typeName"))
    if ref is not None and ref.name in SERIAL_TYPES:
        return f"type {ref.name.upper()} (every row takes a value from a new sequence)"
    for constraint in constraints_of(column):
        kind = contype(constraint)
        if kind == "GENERATED":
            return "a GENERATED ... STORED expression"
        if kind == "IDENTITY":
            return "an identity (every row takes a value from a new sequence)"
        if kind == "DEFAULT":
            if pg_version < 11:
                return f"a default (PostgreSQL {pg_version} writes every default into every row)"
            volatile = volatile_part(constraint.get("raw_expr"))
            if volatile:
                return f"the volatile default {volatile}"
    return None


def slow_work(stmt: "Statement", ctx: "FileContext") -> tuple[str, str] | None:
    """(table, what it does to every row) when the statement's run time grows with a table's size."""
    node, kind = stmt.node, stmt.kind
    if kind == "AlterTableStmt":
        return _slow_alter(stmt, ctx)
    if kind == "IndexStmt":
        return _existing(ctx, rel_key(node.get("relation")), "builds an index")
    if kind in ("UpdateStmt", "DeleteStmt"):
        return _existing(ctx, rel_key(node.get("relation")), "updates rows" if kind == "UpdateStmt" else "deletes rows")
    if kind == "InsertStmt" and node.get("selectStmt", {}).get("SelectStmt", {}).get("fromClause"):
        return _existing(ctx, rel_key(node.get("relation")), "copies rows from a query")
    if kind == "CreateTableAsStmt" or (kind == "SelectStmt" and node.get("intoClause")):
        into = (node.get("into") or node.get("intoClause") or {}).get("rel")
        return (rel_key(into) or "a new table", "copies rows from a query into") if into is not None else None
    if kind == "VacuumStmt" and "full" in {strip_def(o) for o in node.get("options") or ()}:
        rels = [r.get("VacuumRelation", {}).get("relation") for r in node.get("rels") or ()]
        return _existing(ctx, rel_key(rels[0]) if rels else "", "rewrites the table")
    if kind in ("ClusterStmt", "ReindexStmt", "RefreshMatViewStmt") and node.get("relation"):
        return _existing(ctx, rel_key(node.get("relation")), "rewrites the table" if kind != "ReindexStmt" else "rebuilds indexes")
    return None


def _existing(ctx: "FileContext", table: str, what: str) -> tuple[str, str] | None:
    return None if not table or table in ctx.created else (table, what)


def _slow_alter(stmt: "Statement", ctx: "FileContext") -> tuple[str, str] | None:
    table = stmt.table
    if table in ctx.created:
        return None
    for cmd in stmt.cmds:
        what = _slow_cmd(cmd, table, ctx)
        if what:
            return table, what
    return None


def _slow_cmd(cmd: dict, table: str, ctx: "FileContext") -> str | None:
    subtype = cmd.get("subtype")
    if subtype == "AT_AddConstraint":
        constraint = cmd_constraint(cmd) or {}
        if contype(constraint) in ("FOREIGN", "CHECK") and not is_not_valid(constraint):
            return "validates a constraint against every row"
        if contype(constraint) in ("UNIQUE", "PRIMARY", "EXCLUSION") and not using_index(constraint):
            return "builds an index"
    elif subtype == "AT_ValidateConstraint":
        return "validates a constraint against every row"
    elif subtype == "AT_SetNotNull":
        column = ctx.state.column(table, cmd.get("name", ""))
        return None if column is not None and column.not_null else "scans every row for NULLs"
    elif subtype == "AT_AlterColumnType":
        return _type_change_cost(cmd, table, ctx)
    elif subtype == "AT_AddColumn":
        column = cmd_column_def(cmd) or {}
        if rewrite_reason(column, ctx.pg_version):
            return "rewrites the table"
        kinds = {contype(c) for c in constraints_of(column)}
        if kinds & {"UNIQUE", "PRIMARY"}:
            return "builds an index"
        if "FOREIGN" in kinds:
            return "validates a constraint against every row"
    return None


def _type_change_cost(cmd: dict, table: str, ctx: "FileContext") -> str | None:
    definition = cmd_column_def(cmd) or {}
    new = type_ref(definition.get("typeName"))
    old = ctx.state.column(table, cmd.get("name", ""))
    if old is not None and old.type is not None and new is not None and not definition.get("raw_default"):
        if binary_coercible(old.type, new):
            return None
    return "rewrites the table"
