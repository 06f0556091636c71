"""What the earlier migrations of a history built: tables, their columns and indexes, enum types.

Several hazards depend on what already exists. A `varchar(50)` -> `text` change is free but
`integer` -> `bigint` rewrites the table; a foreign key is only slow on deletes when no index
starts with its columns; an enum rewrite loses the values the new type leaves out. Replaying the
history statement by statement (no database needed) gives the linter that knowledge. Anything the
replay does not understand is left unknown, and the rules then fall back to the cautious answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.lint.nodes import (
    Node, TypeRef, alter_cmds, cmd_column_def, cmd_constraint, constraints_of, contype, key_of_names,
    object_names, rel_key, strings, type_ref,
)


class ColumnState:
    """A column's type and whether it is NOT NULL or has a default.

    Built from its column definition only when a rule asks (most columns never are): replaying a
    long history creates thousands of them.
    """

    __slots__ = ("_node", "_type", "_not_null", "_has_default")

    def __init__(self, type: TypeRef | None = None, not_null: bool = False, has_default: bool = False, node: Node | None = None):
        self._node, self._type, self._not_null, self._has_default = node, type, not_null, has_default

    def _resolve(self) -> None:
        node, self._node = self._node, None
        constraints = {contype(c) for c in constraints_of(node)}
        ref = type_ref(node.get("typeName"))
        serial = ref is not None and ref.name in ("serial", "bigserial", "smallserial", "serial4", "serial8", "serial2")
        self._type = ref
        self._not_null = bool(constraints & {"NOTNULL", "PRIMARY", "IDENTITY"}) or serial
        self._has_default = bool(constraints & {"DEFAULT", "IDENTITY", "GENERATED"}) or serial

    def clone(self) -> "ColumnState":
        return ColumnState(self._type, self._not_null, self._has_default, self._node)

    @property
    def type(self) -> TypeRef | None:
        if self._node is not None:
            self._resolve()
        return self._type

    @type.setter
    def type(self, value: TypeRef | None) -> None:
        if self._node is not None:
            self._resolve()
        self._type = value

    @property
    def not_null(self) -> bool:
        if self._node is not None:
            self._resolve()
        return self._not_null

    @not_null.setter
    def not_null(self, value: bool) -> None:
        if self._node is not None:
            self._resolve()
        self._not_null = value

    @property
    def has_default(self) -> bool:
        if self._node is not None:
            self._resolve()
        return self._has_default

    @has_default.setter
    def has_default(self, value: bool) -> None:
        if self._node is not None:
            self._resolve()
        self._has_default = value


@dataclass(slots=True)
class IndexState:
    table: str
    columns: tuple[str, ...]  # leading plain columns (an expression ends the list)
    partial: bool = False
    unique: bool = False


@dataclass(slots=True)
class TableState:
    columns: dict[str, ColumnState] = field(default_factory=dict)
    origin: str = ""  # the migration that created it


@dataclass(slots=True)
class SchemaState:
    tables: dict[str, TableState] = field(default_factory=dict)
    enums: dict[str, list[str]] = field(default_factory=dict)
    indexes: dict[str, IndexState] = field(default_factory=dict)  # index (or PK/unique constraint) name -> index
    foreign_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, constraint) -> referenced table
    origin: str = ""
    _owned: set[str] = field(default_factory=set)  # tables whose state no snapshot shares
    _by_table: dict[str, tuple[str, ...]] | None = None  # table -> its indexes; shared with snapshots
    _by_table_shared: bool = False

    def copy(self) -> "SchemaState":
        """A snapshot. Cheap: both states share the table objects, and copy one before changing it.

        The index-by-table map is shared too (its values are tuples) until either side changes it.
        """
        self._owned = set()
        snapshot = SchemaState(dict(self.tables), dict(self.enums), dict(self.indexes), dict(self.foreign_keys), self.origin)
        snapshot._by_table = self._by_table
        snapshot._by_table_shared = self._by_table_shared = self._by_table is not None
        return snapshot

    def own_table(self, key: str) -> TableState | None:
        """The table's state, copied first if a snapshot may share it."""
        table = self.tables.get(key)
        if table is None or key in self._owned:
            return table
        # column states are never changed in place (a change clones the one column): the dict suffices
        mine = TableState(dict(table.columns), table.origin)
        self.tables[key] = mine
        self._owned.add(key)
        return mine

    def add_table(self, key: str, table: TableState) -> None:
        self.tables[key] = table
        self._owned.add(key)

    def set_index(self, name: str, index: IndexState) -> None:
        previous = self.indexes.get(name)
        if previous is not None:
            self._relist(previous.table, remove=name)
        self.indexes[name] = index
        self._relist(index.table, add=name)

    def drop_index(self, name: str) -> IndexState | None:
        index = self.indexes.pop(name, None)
        if index is not None:
            self._relist(index.table, remove=name)
        return index

    def _relist(self, table: str, add: str | None = None, remove: str | None = None) -> None:
        if self._by_table is None:
            return
        if self._by_table_shared:  # copy on write: a snapshot still reads the old map
            self._by_table, self._by_table_shared = dict(self._by_table), False
        names = self._by_table.get(table, ())
        if remove is not None and remove in names:
            names = tuple(n for n in names if n != remove)
        self._by_table[table] = names + (add,) if add else names

    def index_table(self, name: str) -> str | None:
        """The table an index (or a PK/unique constraint) belongs to, when the history created it."""
        index = self.indexes.get(name)
        return index.table if index is not None else None

    def foreign_key_target(self, table: str, name: str) -> str | None:
        """The table a foreign key of `table` points at (dropping it locks that table as well)."""
        return self.foreign_keys.get((table, name))

    def referenced_tables(self, table: str) -> list[str]:
        """The tables the foreign keys of `table` point at."""
        return [target for (owner, _), target in self.foreign_keys.items() if owner == table]

    def referencing_tables(self, table: str) -> list[str]:
        """The tables with a foreign key to `table` (what TRUNCATE ... CASCADE also empties)."""
        return [owner for (owner, _), target in self.foreign_keys.items() if target == table and owner != table]

    def column(self, table: str, column: str) -> ColumnState | None:
        state = self.tables.get(table)
        return state.columns.get(column) if state else None

    def indexes_of(self, table: str) -> tuple[str, ...]:
        if self._by_table is None:
            by_table: dict[str, list[str]] = {}
            for name, index in self.indexes.items():
                by_table.setdefault(index.table, []).append(name)
            self._by_table, self._by_table_shared = {t: tuple(n) for t, n in by_table.items()}, False
        return self._by_table.get(table, ())

    def covering_index(self, table: str, columns: list[str]) -> str | None:
        """The name of an index whose leading columns are exactly `columns` (in any order)."""
        wanted = set(columns)
        for name in self.indexes_of(table):
            index = self.indexes[name]
            if not index.partial and set(index.columns[: len(columns)]) == wanted:
                return name
        return None

    def apply(self, kind: str, node: Node) -> None:
        """Update the state with one statement (anything not understood is ignored)."""
        handler = _APPLY.get(kind)
        if handler is not None:
            handler(self, node)


def _column_state(column: Node) -> ColumnState:
    return ColumnState(node=column)


def _create_table(state: SchemaState, node: Node) -> None:
    table = rel_key(node.get("relation"))
    created = TableState(origin=state.origin)
    state.add_table(table, created)
    for element in node.get("tableElts") or ():
        if "ColumnDef" in element:
            column = element["ColumnDef"]
            created.columns[column.get("colname", "")] = _column_state(column)
            for constraint in constraints_of(column):
                _add_key_constraint(state, table, constraint, [column.get("colname", "")])
        elif "Constraint" in element:
            _add_key_constraint(state, table, element["Constraint"], None)


def _add_key_constraint(state: SchemaState, table: str, constraint: Node, columns: list[str] | None) -> None:
    """PRIMARY KEY and UNIQUE constraints are backed by an index that can serve lookups; foreign keys
    are remembered for the locks their removal takes."""
    kind = contype(constraint)
    if kind == "FOREIGN":
        keys = columns or strings(constraint.get("fk_attrs"))
        name = constraint.get("conname") or f"{table.split('.')[-1]}_{'_'.join(keys)}_fkey"
        state.foreign_keys[(table, name)] = rel_key(constraint.get("pktable"))
        return
    if kind not in ("PRIMARY", "UNIQUE"):
        return
    keys = columns or strings(constraint.get("keys"))
    name = constraint.get("indexname") or constraint.get("conname") or f"{table}_{'pkey' if kind == 'PRIMARY' else '_'.join(keys) + '_key'}"
    if constraint.get("indexname") and constraint["indexname"] in state.indexes:
        index = state.drop_index(constraint["indexname"])
        keys = list(index.columns)
        name = constraint.get("conname") or constraint["indexname"]
    state.set_index(name, IndexState(table, tuple(keys), unique=True))
    if kind == "PRIMARY":
        for key in keys:
            # the caller owns the table's state (created here, or copied by own_table)
            owned = state.tables.get(table)
            column = owned.columns.get(key) if owned else None
            if column is not None:
                column = owned.columns[key] = column.clone()
                column.not_null = True


def _alter_table(state: SchemaState, node: Node) -> None:
    table = rel_key(node.get("relation"))
    current = state.own_table(table)
    for cmd in alter_cmds(node):
        subtype, name = cmd.get("subtype"), cmd.get("name", "")
        if subtype == "AT_AddConstraint":
            _add_key_constraint(state, table, cmd_constraint(cmd) or {}, None)
        elif subtype == "AT_DropConstraint":
            state.drop_index(name)
            state.foreign_keys.pop((table, name), None)
        if current is None:
            continue
        if subtype == "AT_AddColumn":
            column = cmd_column_def(cmd) or {}
            current.columns[column.get("colname", "")] = _column_state(column)
            for constraint in constraints_of(column):
                _add_key_constraint(state, table, constraint, [column.get("colname", "")])
        elif subtype == "AT_DropColumn":
            current.columns.pop(name, None)
            for index_name in [n for n in state.indexes_of(table) if name in state.indexes[n].columns]:
                state.drop_index(index_name)  # PostgreSQL drops the indexes on a dropped column
        else:
            _alter_column(current, subtype, name, cmd)


def _alter_column(table: TableState, subtype: str, name: str, cmd: Node) -> None:
    column = table.columns.get(name)
    if column is None or subtype not in ("AT_AlterColumnType", "AT_SetNotNull", "AT_DropNotNull", "AT_ColumnDefault"):
        return
    column = table.columns[name] = column.clone()  # snapshots may share the old one
    if subtype == "AT_AlterColumnType":
        column.type = type_ref((cmd_column_def(cmd) or {}).get("typeName"))
    elif subtype == "AT_SetNotNull":
        column.not_null = True
    elif subtype == "AT_DropNotNull":
        column.not_null = False
    elif subtype == "AT_ColumnDefault":
        column.has_default = bool(cmd.get("def"))


def _create_index(state: SchemaState, node: Node) -> None:
    table = rel_key(node.get("relation"))
    columns = []
    for param in node.get("indexParams") or ():
        element = param.get("IndexElem", {})
        if not element.get("name"):
            break  # an expression: later columns cannot lead a lookup on their own
        columns.append(element["name"])
    name = node.get("idxname") or f"{table}_{'_'.join(columns)}_idx"
    state.set_index(name, IndexState(table, tuple(columns), partial=bool(node.get("whereClause")), unique=bool(node.get("unique"))))


def _drop(state: SchemaState, node: Node) -> None:
    kind = node.get("removeType")
    for obj in node.get("objects") or ():
        key = key_of_names(object_names(obj))
        if kind == "OBJECT_TABLE":
            state.tables.pop(key, None)
            for name in list(state.indexes_of(key)):
                state.drop_index(name)
            for fk in [fk for fk in state.foreign_keys if fk[0] == key]:
                del state.foreign_keys[fk]
        elif kind == "OBJECT_INDEX":
            state.drop_index(key)
        elif kind == "OBJECT_TYPE":
            state.enums.pop(key, None)


def _rename(state: SchemaState, node: Node) -> None:
    kind, new = node.get("renameType"), node.get("newname", "")
    if kind == "OBJECT_TABLE":
        old = rel_key(node.get("relation"))
        if old in state.tables:
            state.add_table(new, state.tables.pop(old))
        for name in list(state.indexes_of(old)):
            index = state.indexes[name]
            state.set_index(name, IndexState(new, index.columns, index.partial, index.unique))
        state.foreign_keys = {(new if owner == old else owner, name): (new if target == old else target)
                              for (owner, name), target in state.foreign_keys.items()}
    elif kind == "OBJECT_COLUMN":
        _rename_column(state, rel_key(node.get("relation")), node.get("subname", ""), new)
    elif kind == "OBJECT_INDEX" or kind == "OBJECT_TABCONSTRAINT":
        old = node.get("subname") if kind == "OBJECT_TABCONSTRAINT" else rel_key(node.get("relation"))
        if old in state.indexes:
            state.set_index(new, state.drop_index(old))
        table = rel_key(node.get("relation"))
        if kind == "OBJECT_TABCONSTRAINT" and (table, old) in state.foreign_keys:
            state.foreign_keys[(table, new)] = state.foreign_keys.pop((table, old))
    elif kind == "OBJECT_TYPE":
        old = key_of_names(object_names(node.get("object") or {}))
        if old in state.enums:
            state.enums[new] = state.enums.pop(old)


def _rename_column(state: SchemaState, table: str, old: str, new: str) -> None:
    current = state.own_table(table)
    if current and old in current.columns:
        current.columns[new] = current.columns.pop(old)
    for name in list(state.indexes_of(table)):
        index = state.indexes[name]
        if old in index.columns:
            columns = tuple(new if c == old else c for c in index.columns)
            state.set_index(name, IndexState(table, columns, index.partial, index.unique))


def _create_enum(state: SchemaState, node: Node) -> None:
    state.enums[key_of_names(strings(node.get("typeName")))] = strings(node.get("vals"))


def _alter_enum(state: SchemaState, node: Node) -> None:
    key = key_of_names(strings(node.get("typeName")))
    if key not in state.enums:
        return
    values = state.enums[key] = list(state.enums[key])
    new, old = node.get("newVal", ""), node.get("oldVal")
    if old:
        state.enums[key] = [new if v == old else v for v in values]
    elif new not in values:
        neighbour = node.get("newValNeighbor")
        if neighbour in values:
            at = values.index(neighbour) + (1 if node.get("newValIsAfter") else 0)
            values.insert(at, new)
        else:
            values.append(new)


_APPLY = {
    "CreateStmt": _create_table,
    "AlterTableStmt": _alter_table,
    "IndexStmt": _create_index,
    "DropStmt": _drop,
    "RenameStmt": _rename,
    "CreateEnumStmt": _create_enum,
    "AlterEnumStmt": _alter_enum,
}
