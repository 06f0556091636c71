"""Which lock each statement takes on which table, and what that lock makes other sessions wait for.

The modes and their conflicts are PostgreSQL's table-level locks ("Explicit Locking" in the manual).
What matters to an application is what a lock blocks: an ACCESS EXCLUSIVE lock stops every
`SELECT`; SHARE and stronger stop `INSERT`/`UPDATE`/`DELETE`. A lock is also queued: a statement
that waits for its lock behind a long transaction makes every later query on the table wait too,
which is why a migration should set `lock_timeout`.

The per-statement model below is static (from the SQL alone); `trace.py` checks it against the
locks a real server takes, and a test compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from tools.lint.nodes import (
    Node, alter_cmds, cmd_column_def, cmd_constraint, constraints_of, contype, key_of_names, object_names, rel_key, strings,
)

ACCESS_SHARE = "ACCESS SHARE"
ROW_SHARE = "ROW SHARE"
ROW_EXCLUSIVE = "ROW EXCLUSIVE"
SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
SHARE = "SHARE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
EXCLUSIVE = "EXCLUSIVE"
ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"

MODES = (ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE)
STRENGTH = {mode: rank for rank, mode in enumerate(MODES)}

# pg_locks spells the modes in CamelCase
PG_LOCKS_MODE = {mode.title().replace(" ", "") + "Lock": mode for mode in MODES}

_CONFLICTS = {
    ACCESS_SHARE: {ACCESS_EXCLUSIVE},
    ROW_SHARE: {EXCLUSIVE, ACCESS_EXCLUSIVE},
    ROW_EXCLUSIVE: {SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE},
    SHARE_UPDATE_EXCLUSIVE: {SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE},
    SHARE: {ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE},
    SHARE_ROW_EXCLUSIVE: {ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE},
    EXCLUSIVE: {ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE},
    ACCESS_EXCLUSIVE: set(MODES),
}

# what the application does, and the lock it needs for it
_ACTIVITIES = (
    ("reads", ACCESS_SHARE),  # SELECT
    ("writes", ROW_EXCLUSIVE),  # INSERT, UPDATE, DELETE, MERGE
    ("row locks", ROW_SHARE),  # SELECT ... FOR UPDATE / FOR SHARE
    ("vacuum and schema changes", SHARE_UPDATE_EXCLUSIVE),  # autovacuum, ANALYZE, CREATE INDEX CONCURRENTLY, DDL
)


def conflicts(held: str, wanted: str) -> bool:
    return wanted in _CONFLICTS[held]


@lru_cache(maxsize=None)
def _blocks(mode: str) -> tuple[str, ...]:
    out: list[str] = []
    for activity, needed in _ACTIVITIES:
        if conflicts(mode, needed):
            if activity == "row locks" and "writes" in out:
                continue  # implied: anything that stops row locks stops writes as well
            out.append(activity)
    return tuple(out)


def blocks(mode: str) -> list[str]:
    """What other sessions cannot do on the table while `mode` is held, in the application's words."""
    return list(_blocks(mode))


def stronger(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if STRENGTH[a] >= STRENGTH[b] else b


# hashable and never changed once made; not frozen only because a frozen dataclass is built
# through object.__setattr__, three times slower, and tens of thousands are made per run
@dataclass(slots=True, unsafe_hash=True)
class LockTaken:
    table: str  # key of the table (or of the index or view when that is what is locked)
    mode: str

    def to_dict(self) -> dict:
        return {"table": self.table, "mode": self.mode, "blocks": blocks(self.mode)}


def lock_data(table: str, mode: str) -> dict:
    """The `data` a finding carries about its lock."""
    return {"table": table, "lock": mode, "blocks": list(_blocks(mode))}


# ---------------------------------------------------------------------------------------------
# the static model: statement -> locks (checked against PostgreSQL 18 by tests/tools/lint/test_trace.py)

_ALTER_SUE = {
    "AT_SetStatistics", "AT_SetOptions", "AT_ResetOptions", "AT_ValidateConstraint", "AT_ClusterOn",
    "AT_DropCluster", "AT_AttachPartition",
    # fillfactor, autovacuum and toast storage parameters (the common ones) take SHARE UPDATE EXCLUSIVE
    "AT_SetRelOptions", "AT_ResetRelOptions",
}
_ALTER_SRE = {
    "AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_EnableTrigAll", "AT_EnableTrigUser",
    "AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser",
}


def alter_cmd_lock(cmd: Node) -> str:
    """The lock one ALTER TABLE subcommand takes on its table (the statement takes the strongest)."""
    subtype = cmd.get("subtype", "")
    if subtype in _ALTER_SUE:
        return SHARE_UPDATE_EXCLUSIVE
    if subtype in _ALTER_SRE:
        return SHARE_ROW_EXCLUSIVE
    if subtype == "AT_AddConstraint":
        constraint = cmd_constraint(cmd) or {}
        if contype(constraint) == "FOREIGN":
            return SHARE_ROW_EXCLUSIVE
    if subtype == "AT_DetachPartition" and (cmd.get("def") or {}).get("PartitionCmd", {}).get("concurrent"):
        return SHARE_UPDATE_EXCLUSIVE
    return ACCESS_EXCLUSIVE


def _index_table(schema: Any, name: str) -> str | None:
    return schema.index_table(name) if schema is not None else None


def _other_tables(cmd: Node, table: str, schema: Any) -> list[LockTaken]:
    """Tables an ALTER TABLE subcommand locks besides its own."""
    subtype = cmd.get("subtype")
    if subtype in ("AT_AddConstraint", "AT_AddColumn"):
        # a new foreign key takes SHARE ROW EXCLUSIVE on the table it references
        constraint = cmd_constraint(cmd)
        refs = [constraint] if constraint and contype(constraint) == "FOREIGN" else []
        column = cmd_column_def(cmd)
        refs += [c for c in constraints_of(column) if contype(c) == "FOREIGN"] if column else []
        return [LockTaken(rel_key(c.get("pktable")), SHARE_ROW_EXCLUSIVE) for c in refs]
    if subtype == "AT_DropConstraint" and schema is not None:
        # dropping a foreign key removes its triggers from the referenced table: ACCESS EXCLUSIVE there too
        target = schema.foreign_key_target(table, cmd.get("name", ""))
        return [LockTaken(target, ACCESS_EXCLUSIVE)] if target else []
    if subtype == "AT_DetachPartition":
        partition = (cmd.get("def") or {}).get("PartitionCmd", {})
        mode = SHARE_UPDATE_EXCLUSIVE if partition.get("concurrent") else ACCESS_EXCLUSIVE
        return [LockTaken(rel_key(partition.get("name")), mode)]
    return []


def _alter_table(node: Node, schema: Any) -> list[LockTaken]:
    table = rel_key(node.get("relation"))
    if node.get("objtype") == "OBJECT_INDEX":
        return [LockTaken(table, SHARE_UPDATE_EXCLUSIVE)]  # ALTER INDEX ... SET: the index, not its table
    mode = None
    others: list[LockTaken] = []
    for cmd in alter_cmds(node):
        mode = stronger(mode, alter_cmd_lock(cmd))
        others += _other_tables(cmd, table, schema)
    return [LockTaken(table, mode or ACCESS_EXCLUSIVE)] + [t for t in others if t.table != table]


def _create_table(node: Node, schema: Any) -> list[LockTaken]:
    referenced = []
    for element in node.get("tableElts") or ():
        if "Constraint" in element and contype(element["Constraint"]) == "FOREIGN":
            referenced.append(rel_key(element["Constraint"].get("pktable")))
        elif "ColumnDef" in element:
            referenced += [rel_key(c.get("pktable")) for c in constraints_of(element["ColumnDef"]) if contype(c) == "FOREIGN"]
    own = rel_key(node.get("relation"))
    out = [LockTaken(ref, SHARE_ROW_EXCLUSIVE) for ref in dict.fromkeys(referenced) if ref != own]
    if node.get("partbound") and node.get("inhRelations"):
        out += [LockTaken(rel_key(p.get("RangeVar")), ACCESS_EXCLUSIVE) for p in node["inhRelations"]]
    return out


def _index(node: Node, schema: Any) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), SHARE_UPDATE_EXCLUSIVE if node.get("concurrent") else SHARE)]


_DROP_AE = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"}


def _drop(node: Node, schema: Any) -> list[LockTaken]:
    kind = node.get("removeType")
    out = []
    for obj in node.get("objects") or ():
        names = object_names(obj)
        if kind in _DROP_AE:
            table = key_of_names(names)
            out.append(LockTaken(table, ACCESS_EXCLUSIVE))
            if kind == "OBJECT_TABLE" and schema is not None:
                # its foreign keys' triggers are removed from the tables they reference
                out += [LockTaken(t, ACCESS_EXCLUSIVE) for t in schema.referenced_tables(table)]
        elif kind == "OBJECT_INDEX":
            index = key_of_names(names)
            out.append(LockTaken(_index_table(schema, index) or index,
                                 SHARE_UPDATE_EXCLUSIVE if node.get("concurrent") else ACCESS_EXCLUSIVE))
        elif kind in ("OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE") and len(names) >= 2:
            out.append(LockTaken(key_of_names(names[:-1]), ACCESS_EXCLUSIVE))
    return out


_RENAME_RELATION = {"OBJECT_TABLE", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_VIEW", "OBJECT_MATVIEW"}


def _rename(node: Node, schema: Any) -> list[LockTaken]:
    kind = node.get("renameType")
    if kind in _RENAME_RELATION:
        return [LockTaken(rel_key(node.get("relation")), ACCESS_EXCLUSIVE)]
    if kind == "OBJECT_INDEX":  # since PostgreSQL 12 renaming an index locks the index alone, not its table
        return [LockTaken(rel_key(node.get("relation")), SHARE_UPDATE_EXCLUSIVE)]
    return []


def _targets(node: Node, schema: Any) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), ROW_EXCLUSIVE)]


def _truncate(node: Node, schema: Any) -> list[LockTaken]:
    tables = [rel_key(r.get("RangeVar")) for r in node.get("relations") or ()]
    if node.get("behavior") == "DROP_CASCADE" and schema is not None:
        tables = cascade_targets(tables, schema)
    return [LockTaken(table, ACCESS_EXCLUSIVE) for table in tables]


def cascade_targets(tables: list[str], schema: Any) -> list[str]:
    """`tables` and every table that references them through foreign keys, recursively."""
    found = list(dict.fromkeys(tables))
    for table in found:  # grows while iterating: a breadth-first walk
        found += [t for t in schema.referencing_tables(table) if t not in found]
    return found


def _vacuum(node: Node, schema: Any) -> list[LockTaken]:
    options = {strip_def(o) for o in node.get("options") or ()}
    mode = ACCESS_EXCLUSIVE if "full" in options else SHARE_UPDATE_EXCLUSIVE
    out = []
    for relation in node.get("rels") or ():
        rangevar = relation.get("VacuumRelation", {}).get("relation")
        if rangevar:
            out.append(LockTaken(rel_key(rangevar), mode))
    return out


def strip_def(option: Node) -> str:
    return option.get("DefElem", {}).get("defname", "").lower()


def _cluster(node: Node, schema: Any) -> list[LockTaken]:
    relation = node.get("relation")
    return [LockTaken(rel_key(relation), ACCESS_EXCLUSIVE)] if relation else []


def _reindex(node: Node, schema: Any) -> list[LockTaken]:
    concurrent = any(strip_def(o) == "concurrently" for o in node.get("params") or ())
    relation = rel_key(node.get("relation")) if node.get("relation") else ""
    if node.get("kind") == "REINDEX_OBJECT_INDEX":
        relation = _index_table(schema, relation) or relation
    if not relation:
        return []
    # REINDEX blocks writes to the table (SHARE) and every read that uses an index being rebuilt
    # (ACCESS EXCLUSIVE on the index itself)
    return [LockTaken(relation, SHARE_UPDATE_EXCLUSIVE if concurrent else SHARE)]


def _refresh(node: Node, schema: Any) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), EXCLUSIVE if node.get("concurrent") else ACCESS_EXCLUSIVE)]


def _view(node: Node, schema: Any) -> list[LockTaken]:
    # CREATE OR REPLACE VIEW of an existing view locks it ACCESS EXCLUSIVE (a new one locks nothing existing)
    return [LockTaken(rel_key(node.get("view")), ACCESS_EXCLUSIVE)] if node.get("replace") else []


def _trigger(node: Node, schema: Any) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), SHARE_ROW_EXCLUSIVE)]


def _policy(node: Node, schema: Any) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("table")), ACCESS_EXCLUSIVE)]


def _comment(node: Node, schema: Any) -> list[LockTaken]:
    if node.get("objtype") not in ("OBJECT_TABLE", "OBJECT_COLUMN"):
        return []
    names = strings(node.get("object", {}).get("List", {}).get("items"))
    if node.get("objtype") == "OBJECT_COLUMN":
        names = names[:-1]
    return [LockTaken(key_of_names(names), SHARE_UPDATE_EXCLUSIVE)] if names else []


def _lock(node: Node, schema: Any) -> list[LockTaken]:
    mode = MODES[max(0, min(7, int(node.get("mode", 8)) - 1))]
    return [LockTaken(rel_key(r.get("RangeVar")), mode) for r in node.get("relations") or ()]


_MODEL: dict[str, Callable[[Node, Any], list[LockTaken]]] = {
    "AlterTableStmt": _alter_table,
    "CreateStmt": _create_table,
    "IndexStmt": _index,
    "DropStmt": _drop,
    "RenameStmt": _rename,
    "UpdateStmt": _targets,
    "DeleteStmt": _targets,
    "InsertStmt": _targets,
    "MergeStmt": _targets,
    "TruncateStmt": _truncate,
    "VacuumStmt": _vacuum,
    "ClusterStmt": _cluster,
    "ReindexStmt": _reindex,
    "RefreshMatViewStmt": _refresh,
    "ViewStmt": _view,
    "CreateTrigStmt": _trigger,
    "CreatePolicyStmt": _policy,
    "AlterPolicyStmt": _policy,
    "CommentStmt": _comment,
    "LockStmt": _lock,
}


def statement_locks(kind: str, node: Node, schema: Any = None) -> list[LockTaken]:
    """The table locks a statement takes (strongest per table), from the SQL and what `schema` knows.

    `schema` (a SchemaState, or the catalog of a scratch database in --trace) answers which table
    an index belongs to and which table a foreign key points at: dropping a foreign key, or a table
    that has one, also locks the referenced table ACCESS EXCLUSIVE (its triggers go away).
    """
    model = _MODEL.get(kind)
    if model is None:
        return []
    strongest: dict[str, str] = {}
    for taken in model(node, schema):
        if taken.table:
            strongest[taken.table] = stronger(strongest.get(taken.table), taken.mode)  # type: ignore[assignment]
    return [LockTaken(table, mode) for table, mode in strongest.items()]
