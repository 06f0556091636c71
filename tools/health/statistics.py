"""What the database's own statistics say about its indexes, sequences and constraints.

One query per kind of fact (never one per table), all read-only: index usage and size
(`pg_stat_user_indexes`), sequences and how close they are to the end of their column's type
(`pg_sequences` + `pg_depend`), constraints left `NOT VALID`, and when the statistics were last
reset (an index unused since yesterday's reset says little).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tools.catalog.model import qualified
from tools.errors import DatabaseError

_USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%%'"

_INDEX_USAGE = f"""
SELECT n.nspname, t.relname, i.relname, s.idx_scan, pg_relation_size(i.oid),
       ix.indisunique, ix.indisprimary, ix.indisvalid,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) AS backs_constraint
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = ix.indexrelid
WHERE {_USER_SCHEMA}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3
"""

# A sequence owned by a column (serial) or an identity; its ceiling is the smaller of the
# sequence's own maximum and what the column's type can hold (a serial int4 column stops at
# 2,147,483,647 even though its sequence is bigint).
_SEQUENCES = f"""
SELECT n.nspname, t.relname, a.attname, s.relname, format_type(a.atttypid, NULL),
       ps.last_value, ps.max_value, ps.increment_by
FROM pg_class s
JOIN pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S' AND {_USER_SCHEMA}
ORDER BY 1, 2, 3
"""

_NOT_VALID = f"""
SELECT n.nspname, t.relname, c.conname, c.contype
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE NOT c.convalidated AND {_USER_SCHEMA}
ORDER BY 1, 2, 3
"""

_STATS_RESET = "SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()"

TYPE_MAX = {"smallint": 32767, "integer": 2147483647, "bigint": 9223372036854775807}


@dataclass(frozen=True, slots=True)
class IndexUsage:
    schema: str
    table: str
    name: str
    scans: int | None  # None when the statistics collector has no entry yet
    size_bytes: int
    unique: bool
    primary: bool
    valid: bool
    backs_constraint: bool

    @property
    def table_key(self) -> str:
        return qualified(self.schema, self.table)


@dataclass(frozen=True, slots=True)
class SequenceUse:
    schema: str
    table: str
    column: str
    sequence: str
    column_type: str
    last_value: int | None  # None before the first nextval()
    max_value: int
    increment: int

    @property
    def ceiling(self) -> int:
        return min(self.max_value, TYPE_MAX.get(self.column_type, self.max_value))

    @property
    def used(self) -> float:
        """The share of the column's range already handed out (0.0 to 1.0)."""
        if self.last_value is None or self.increment <= 0 or self.ceiling <= 0:
            return 0.0
        return max(0.0, self.last_value / self.ceiling)


@dataclass(frozen=True, slots=True)
class UnvalidatedConstraint:
    schema: str
    table: str
    name: str
    kind: str  # "foreign key" or "check"


@dataclass
class Statistics:
    indexes: list[IndexUsage]
    sequences: list[SequenceUse]
    not_valid: list[UnvalidatedConstraint]
    stats_reset: datetime | None
    queries: int = 4


def read_statistics(conn: Any) -> Statistics:
    """Index usage, sequences and unvalidated constraints, in four queries."""
    try:
        indexes = [IndexUsage(*row) for row in conn.execute(_INDEX_USAGE).fetchall()]
        sequences = [SequenceUse(*row) for row in conn.execute(_SEQUENCES).fetchall()]
        kinds = {"f": "foreign key", "c": "check"}
        not_valid = [UnvalidatedConstraint(s, t, c, kinds.get(k, k)) for s, t, c, k in conn.execute(_NOT_VALID).fetchall()]
        reset = conn.execute(_STATS_RESET).fetchone()
    except Exception as error:  # psycopg.Error, imported lazily by the caller's connection
        raise DatabaseError(f"could not read the database's statistics: {error}".strip(),
                            help="the role needs to read pg_stat_user_indexes, pg_sequences and pg_constraint") from None
    return Statistics(indexes, sequences, not_valid, reset[0] if reset else None)
