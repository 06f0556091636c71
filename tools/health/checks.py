"""The weekly health check: findings from a live catalog and its statistics, mapped to schema lines.

Rules (kebab-case ids, one Finding each):
- `unused-index`: no scans since the statistics were reset, not backing a key or constraint
- `duplicate-index`: two indexes with the same definition on the same table
- `redundant-index`: a b-tree index whose keys are a leading part of another's
- `invalid-index`: left behind by a failed `CREATE INDEX CONCURRENTLY`
- `unindexed-foreign-key`: no index starts with the foreign key's columns
- `sequence-near-max`: a serial/identity column has used most of its type's range
- `constraint-not-valid`: a foreign key or check still `NOT VALID`
- `table-without-primary-key`
Each finding names the line of `schema.prisma` that created the object, or says that nothing did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tools.catalog.model import Catalog, ForeignKey, Index, Table, quote_ident
from tools.findings import Finding, Location, Severity
from tools.health.statistics import Statistics


@dataclass(frozen=True)
class HealthThresholds:
    sequence_warn: float = 0.75  # share of the range used: MEDIUM from here
    sequence_high: float = 0.90  # HIGH from here
    large_index_bytes: int = 100 * 1024 * 1024  # an unused index this big is MEDIUM rather than LOW


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


class _Origins:
    """Where the schema declared a table, index or foreign key (from the catalog it implies)."""

    def __init__(self, expected: Catalog | None, schema_file: str | None):
        self.expected = expected
        self.schema_file = schema_file

    def _table(self, key: str) -> Table | None:
        return self.expected.tables.get(key) if self.expected else None

    def locate(self, table_key: str, name: str | None = None) -> tuple[Location | None, bool]:
        """(location, declared by the schema?) of a table or of one of its indexes/constraints."""
        table = self._table(table_key)
        if table is None:
            return None, False
        origin = table.origin
        found = name is None
        if name is not None:
            for obj in [*table.indexes, *table.foreign_keys, *([table.primary_key] if table.primary_key else [])]:
                if obj.name == name:
                    origin, found = obj.origin or table.origin, True
                    break
        if origin is None:
            return None, found
        return Location(origin.file, origin.line, origin.column), found

    def note(self, declared: bool, what: str) -> str:
        if self.expected is None:
            return ""
        return "" if declared else f" Nothing in {self.schema_file or 'schema.prisma'} creates this {what}: it was made outside Prisma's migrations."


def _same_definition(a: Index, b: Index) -> bool:
    return (a.method, a.predicate, a.include, [c.to_dict() for c in a.columns]) == (
        b.method, b.predicate, b.include, [c.to_dict() for c in b.columns])


def _is_prefix(short: Index, long: Index) -> bool:
    if short.method != "btree" or long.method != "btree" or short.predicate != long.predicate:
        return False
    head = [c.to_dict() for c in long.columns[:len(short.columns)]]
    return len(short.columns) < len(long.columns) and head == [c.to_dict() for c in short.columns]


def _covered(fk: ForeignKey, table: Table) -> bool:
    """Some valid index starts with exactly the foreign key's columns (in any order)."""
    wanted = set(fk.columns)
    indexes = [i for i in table.indexes if i.valid and i.method == "btree" and not i.predicate]
    leading = [set(i.column_names()[:len(wanted)]) for i in indexes]
    if table.primary_key:
        leading.append(set(table.primary_key.columns[:len(wanted)]))
    return any(cols == wanted for cols in leading)


def health_findings(live: Catalog, stats: Statistics, expected: Catalog | None = None, *,
                    schema_file: str | None = None, thresholds: HealthThresholds = HealthThresholds()) -> list[Finding]:
    """Every health finding for the database whose catalog is `live` and statistics `stats`."""
    origins = _Origins(expected, schema_file)
    findings: list[Finding] = []
    findings += _index_findings(live, stats, origins, thresholds)
    findings += _foreign_key_findings(live, origins)
    findings += _sequence_findings(stats, origins, thresholds)
    findings += _constraint_findings(stats, origins)
    for table in live.tables.values():
        if table.primary_key is None:
            location, declared = origins.locate(table.key)
            findings.append(Finding(
                "table-without-primary-key", Severity.MEDIUM,
                f"table {table.key} has no primary key: logical replication cannot carry its updates and deletes, "
                "and rows cannot be told apart." + origins.note(declared, "table"),
                "add an @id or @@id([...]) to the model (or a primary key to the table)", location,
                data={"table": table.key}))
    return findings


def _index_findings(live: Catalog, stats: Statistics, origins: _Origins, thresholds: HealthThresholds) -> list[Finding]:
    findings: list[Finding] = []
    usage = {(u.table_key, u.name): u for u in stats.indexes}
    since = f"since the statistics were reset on {stats.stats_reset:%Y-%m-%d}" if isinstance(stats.stats_reset, datetime) else "since the statistics were last reset"
    for table in live.tables.values():
        for index in table.indexes:
            use = usage.get((table.key, index.name))
            location, declared = origins.locate(table.key, index.name)
            if not index.valid:
                findings.append(Finding(
                    "invalid-index", Severity.HIGH,
                    f"index {index.name} on {table.key} is INVALID (left by a failed CREATE INDEX CONCURRENTLY): every write maintains it, no query uses it." + origins.note(declared, "index"),
                    f"DROP INDEX CONCURRENTLY {quote_ident(table.schema)}.{quote_ident(index.name)}; then create it again (CONCURRENTLY, in a migration of its own)",
                    location, data={"table": table.key, "index": index.name}))
            elif use and use.scans == 0 and not (use.unique or use.primary or use.backs_constraint):
                severity = Severity.MEDIUM if use.size_bytes >= thresholds.large_index_bytes else Severity.LOW
                findings.append(Finding(
                    "unused-index", severity,
                    f"index {index.name} on {table.key} has not been scanned {since}; it takes {_mb(use.size_bytes)} and slows every write." + origins.note(declared, "index"),
                    "check the replicas' statistics too, then drop it: remove the @@index from schema.prisma and migrate",
                    location, data={"table": table.key, "index": index.name, "size_bytes": use.size_bytes}))
        findings += _overlaps(table, origins)
    return findings


def _overlaps(table: Table, origins: _Origins) -> list[Finding]:
    findings: list[Finding] = []
    indexes = [i for i in table.indexes if i.valid]
    for position, index in enumerate(indexes):
        for other in indexes[position + 1:]:
            if _same_definition(index, other) and index.unique == other.unique:
                keep, drop = _keep_and_drop(table, index, other, origins)
                location, declared = origins.locate(table.key, drop.name)
                findings.append(Finding(
                    "duplicate-index", Severity.MEDIUM,
                    f"indexes {keep.name} and {drop.name} on {table.key} have the same definition: one of them only costs writes and space." + origins.note(declared, "index"),
                    f"drop {drop.name} (remove its @@index or @unique from schema.prisma)", location,
                    data={"table": table.key, "index": drop.name, "duplicate_of": keep.name}))
        for other in indexes:
            if other is not index and not index.unique and _is_prefix(index, other):
                location, declared = origins.locate(table.key, index.name)
                findings.append(Finding(
                    "redundant-index", Severity.LOW,
                    f"index {index.name} on {table.key} ({', '.join(index.column_names())}) is the leading part of {other.name} ({', '.join(other.column_names())}), which serves the same queries." + origins.note(declared, "index"),
                    f"drop {index.name} unless its smaller size matters for a hot query", location,
                    data={"table": table.key, "index": index.name, "covered_by": other.name}))
                break
    return findings


def _keep_and_drop(table: Table, first: Index, second: Index, origins: _Origins) -> tuple[Index, Index]:
    """Of two identical indexes, keep the one backing a constraint, else the one the schema declares."""
    def rank(index: Index) -> tuple[bool, bool]:
        return index.constraint, origins.locate(table.key, index.name)[1]

    return (second, first) if rank(second) > rank(first) else (first, second)


def _foreign_key_findings(live: Catalog, origins: _Origins) -> list[Finding]:
    findings: list[Finding] = []
    for table in live.tables.values():
        for fk in table.foreign_keys:
            if _covered(fk, table):
                continue
            location, declared = origins.locate(table.key, fk.name)
            columns = ", ".join(fk.columns)
            findings.append(Finding(
                "unindexed-foreign-key", Severity.MEDIUM,
                f"foreign key {fk.name} ({table.key}.{columns} → {fk.ref_schema}.{fk.ref_table}) has no index: deleting or updating a "
                f"{fk.ref_table} row scans all of {table.name}, and joins on it cannot use an index." + origins.note(declared, "foreign key"),
                f"add @@index([{columns}]) to the model (CREATE INDEX CONCURRENTLY in its migration)", location,
                data={"table": table.key, "foreign_key": fk.name, "columns": list(fk.columns)}))
    return findings


def _sequence_findings(stats: Statistics, origins: _Origins, thresholds: HealthThresholds) -> list[Finding]:
    findings: list[Finding] = []
    for seq in stats.sequences:
        used = seq.used
        if used < thresholds.sequence_warn:
            continue
        severity = Severity.HIGH if used >= thresholds.sequence_high else Severity.MEDIUM
        location, declared = origins.locate(f"{seq.schema}.{seq.table}")
        bigger = "BigInt" if seq.column_type in ("integer", "smallint") else "a wider key (uuid)"
        findings.append(Finding(
            "sequence-near-max", severity,
            f"{seq.schema}.{seq.table}.{seq.column} ({seq.column_type}) has used {used:.0%} of its range "
            f"({seq.last_value:,} of {seq.ceiling:,}); inserts fail when it runs out." + origins.note(declared, "table"),
            f"move the column to {bigger} (`@id @default(autoincrement())` on a BigInt field) before it runs out; "
            "the type change rewrites the table, so plan it as an expand-and-contract migration",
            location, data={"table": f"{seq.schema}.{seq.table}", "column": seq.column, "used": round(used, 4),
                            "last_value": seq.last_value, "ceiling": seq.ceiling}))
    return findings


def _constraint_findings(stats: Statistics, origins: _Origins) -> list[Finding]:
    findings: list[Finding] = []
    for constraint in stats.not_valid:
        key = f"{constraint.schema}.{constraint.table}"
        location, declared = origins.locate(key, constraint.name)
        findings.append(Finding(
            "constraint-not-valid", Severity.MEDIUM,
            f"{constraint.kind} {constraint.name} on {key} is still NOT VALID: rows written before it was added were never checked.",
            f"ALTER TABLE {quote_ident(constraint.schema)}.{quote_ident(constraint.table)} VALIDATE CONSTRAINT {quote_ident(constraint.name)} "
            "(takes only a SHARE UPDATE EXCLUSIVE lock; writes go on)",
            location, data={"table": key, "constraint": constraint.name}))
    return findings
