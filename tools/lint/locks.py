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
from typing import Callable

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


@dataclass(frozen=True, slots=True)
class LockTaken:
    table: str  # key of the table (or of the index or view when that is what is locked)
    mode: str

    def to_dict(self) -> dict:
        return {"table": self.table, "mode": self.mode, "blocks": blocks(self.mode)}


def lock_data(table: str, mode: str) -> dict:
    """The `data` a finding carries about its lock."""
    return {"table": table, "lock": mode, "blocks": blocks(mode)}


# ---------------------------------------------------------------------------------------------
# the static model: statement -> locks

_ALTER_SUE = {
    "AT_SetStatistics", "AT_SetOptions", "AT_ResetOptions", "AT_ValidateConstraint", "AT_ClusterOn",
    "AT_DropCluster", "AT_AttachPartition",
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


def _referenced_tables(cmd: Node) -> list[str]:
    """Tables a new foreign key points at: they are locked SHARE ROW EXCLUSIVE as well."""
    out = []
    constraint = cmd_constraint(cmd)
    if constraint and contype(constraint) == "FOREIGN":
        out.append(rel_key(constraint.get("pktable")))
    column = cmd_column_def(cmd)
    if column:
        out += [rel_key(c.get("pktable")) for c in constraints_of(column) if contype(c) == "FOREIGN"]
    return out


def _alter_table(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    table = rel_key(node.get("relation"))
    if node.get("objtype") == "OBJECT_INDEX":
        table = (index_tables(table) or table)
    mode = None
    referenced: list[str] = []
    for cmd in alter_cmds(node):
        mode = stronger(mode, alter_cmd_lock(cmd))
        if cmd.get("subtype") in ("AT_AddConstraint", "AT_AddColumn"):
            referenced += _referenced_tables(cmd)
    out = [LockTaken(table, mode or ACCESS_EXCLUSIVE)]
    out += [LockTaken(ref, SHARE_ROW_EXCLUSIVE) for ref in referenced if ref != table]
    return out


def _create_table(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    referenced = []
    for element in node.get("tableElts") or ():
        if "Constraint" in element and contype(element["Constraint"]) == "FOREIGN":
            referenced.append(rel_key(element["Constraint"].get("pktable")))
        elif "ColumnDef" in element:
            referenced += [rel_key(c.get("pktable")) for c in constraints_of(element["ColumnDef"]) if contype(c) == "FOREIGN"]
    own = rel_key(node.get("relation"))
    return [LockTaken(ref, SHARE_ROW_EXCLUSIVE) for ref in dict.fromkeys(referenced) if ref != own]


def _index(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), SHARE_UPDATE_EXCLUSIVE if node.get("concurrent") else SHARE)]


_DROP_AE = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"}


def _drop(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    kind = node.get("removeType")
    out = []
    for obj in node.get("objects") or ():
        names = object_names(obj)
        if kind in _DROP_AE:
            out.append(LockTaken(key_of_names(names), ACCESS_EXCLUSIVE))
        elif kind == "OBJECT_INDEX":
            index = key_of_names(names)
            out.append(LockTaken((index_tables(index) or index), SHARE_UPDATE_EXCLUSIVE if node.get("concurrent") else ACCESS_EXCLUSIVE))
        elif kind in ("OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE") and len(names) >= 2:
            out.append(LockTaken(key_of_names(names[:-1]), ACCESS_EXCLUSIVE))
    return out


_RENAME_RELATION = {"OBJECT_TABLE", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_VIEW", "OBJECT_MATVIEW"}


def _rename(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    kind = node.get("renameType")
    if kind in _RENAME_RELATION:
        return [LockTaken(rel_key(node.get("relation")), ACCESS_EXCLUSIVE)]
    if kind == "OBJECT_INDEX":  # since PostgreSQL 12 renaming an index no longer blocks its table
        index = rel_key(node.get("relation"))
        return [LockTaken((index_tables(index) or index), SHARE_UPDATE_EXCLUSIVE)]
    return []


def _targets(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), ROW_EXCLUSIVE)]


def _truncate(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(r.get("RangeVar")), ACCESS_EXCLUSIVE) for r in node.get("relations") or ()]


def _vacuum(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
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


def _cluster(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    relation = node.get("relation")
    return [LockTaken(rel_key(relation), ACCESS_EXCLUSIVE)] if relation else []


def _reindex(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    concurrent = any(strip_def(o) == "concurrently" for o in node.get("params") or ())
    relation = rel_key(node.get("relation")) if node.get("relation") else ""
    if node.get("kind") == "REINDEX_OBJECT_INDEX":
        relation = (index_tables(relation) or relation)
    if not relation:
        return []
    # REINDEX blocks writes on the table and every read that would use the index being rebuilt
    return [LockTaken(relation, SHARE_UPDATE_EXCLUSIVE if concurrent else ACCESS_EXCLUSIVE)]


def _refresh(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), EXCLUSIVE if node.get("concurrent") else ACCESS_EXCLUSIVE)]


def _trigger(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("relation")), SHARE_ROW_EXCLUSIVE)]


def _policy(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    return [LockTaken(rel_key(node.get("table")), ACCESS_EXCLUSIVE)]


def _comment(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    if node.get("objtype") not in ("OBJECT_TABLE", "OBJECT_COLUMN"):
        return []
    names = strings(node.get("object", {}).get("List", {}).get("items"))
    if node.get("objtype") == "OBJECT_COLUMN":
        names = names[:-1]
    return [LockTaken(key_of_names(names), SHARE_UPDATE_EXCLUSIVE)] if names else []


def _lock(node: Node, index_tables: Callable[[str], str | None]) -> list[LockTaken]:
    mode = MODES[max(0, min(7, int(node.get("mode", 8)) - 1))]
    return [LockTaken(rel_key(r.get("RangeVar")), mode) for r in node.get("relations") or ()]


_MODEL: dict[str, Callable[[Node, Callable[[str], str | None]], list[LockTaken]]] = {
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
    "CreateTrigStmt": _trigger,
    "CreatePolicyStmt": _policy,
    "AlterPolicyStmt": _policy,
    "CommentStmt": _comment,
    "LockStmt": _lock,
}


def statement_locks(kind: str, node: Node, index_tables: Callable[[str], str | None] | None = None) -> list[LockTaken]:
    """The table locks a statement takes (strongest per table), from the SQL alone."""
    model = _MODEL.get(kind)
    if model is None:
        return []
    strongest: dict[str, str] = {}
    for taken in model(node, index_tables or {}):
        if taken.table:
            strongest[taken.table] = stronger(strongest.get(taken.table), taken.mode)  # type: ignore[assignment]
    return [LockTaken(table, mode) for table, mode in strongest.items()]
