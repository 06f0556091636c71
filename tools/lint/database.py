"""`--database-url`: weigh each finding by the real size of the table it is about (read-only).

The same `ALTER TABLE` is harmless on an empty table and an outage on a big one. With a database
at hand the linter reads, for each table a finding names, PostgreSQL's row estimate
(`pg_class.reltuples`, kept by ANALYZE and autovacuum) and its size (`pg_total_relation_size`),
and re-weighs the findings of rules that declare how size matters (`Rule.weight`):

- "blocking" (time under lock grows with the rows): above `large-table-rows` (1,000,000) it is a
  potential-downtime CRITICAL with the estimate in the message; an empty table (at most
  `small-table-rows`) is downgraded to LOW;
- "loses-data" (DROP COLUMN/TABLE) and "fails-with-rows" (NOT NULL without default): CRITICAL when
  the table has rows, LOW when it is empty;
- "enum-rows": the rows that still hold the removed enum values are counted;
- `unindexed-foreign-key` is dropped when the database already has a suitable index.

Everything runs in one read-only transaction with a statement timeout (tools.database.connect);
the migration itself is never executed here. A table never analyzed (reltuples = -1) is counted
up to the threshold instead. The password never appears in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.errors import DatabaseError
from tools.findings import Finding, Severity
from tools.lint.nodes import display
from tools.lint.sqltext import quote_ident

_STATS = """
SELECT t.name, c.oid::int, c.reltuples::float8, pg_relation_size(c.oid), pg_total_relation_size(c.oid)
FROM unnest(%s::text[]) AS t(name)
LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)
"""
_FK_INDEX = """
SELECT EXISTS (
  SELECT 1 FROM pg_index i
  WHERE i.indrelid = %s::regclass AND i.indpred IS NULL
    AND (SELECT array_agg(a.attname::text ORDER BY k.n)
         FROM unnest(i.indkey[0:%s - 1]) WITH ORDINALITY AS k(attnum, n)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) @> %s::text[]
    AND cardinality(%s::text[]) <= i.indnkeyatts
)
"""


@dataclass
class TableStats:
    table: str
    rows: int | None  # None: the table is not in the database (created by a pending migration)
    bytes: int = 0
    estimated: bool = True

    def to_dict(self) -> dict:
        return {"rows": self.rows, "bytes": self.bytes, "estimated": self.estimated}

    def describe(self) -> str:
        if self.rows is None:
            return f"{self.table} is not in the database yet"
        about = "about " if self.estimated else ""
        return f"{self.table} has {about}{self.rows:,} rows ({human_bytes(self.bytes)})"


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def weigh_report(report: Any, url: str, settings: Any) -> None:
    """Read the sizes of the tables the findings name and adjust severities and messages in place."""
    from tools.database.connect import connect, redact
    from tools.lint.rules import RULES_BY_ID

    weights = {rule_id: cls.weight for rule_id, cls in RULES_BY_ID.items() if cls.weight}
    tables = sorted({_weighed_table(f) for f in report.findings if _weighed_table(f)
                     and (f.rule in weights or f.rule == "unindexed-foreign-key")})
    conn = connect(url, statement_timeout_ms=settings.statement_timeout_ms)
    try:
        stats = read_stats(conn, tables, settings.large_table_rows)
        _version_note(conn, report, settings)
        kept = []
        for finding in report.findings:
            if _keep(conn, finding, stats, weights.get(finding.rule), settings):
                kept.append(finding)
        report.findings = kept
        conn.rollback()
    except DatabaseError:
        raise
    except Exception as error:  # psycopg errors: a timeout, a permission
        from tools.database.connect import scrub

        raise DatabaseError(f"reading table sizes from {redact(url)} failed: {scrub(str(error), url).strip()}") from None
    finally:
        conn.close()
    report.tables = {name: s.to_dict() for name, s in stats.items()}
    missing = sorted(name for name, s in stats.items() if s.rows is None)
    if missing:
        report.notes.append(f"not in the database (created by a pending migration, or in a schema the connection's "
                            f"search_path does not reach): {', '.join(missing)}; their findings keep the static severity")


def read_stats(conn: Any, tables: list[str], limit: int) -> dict[str, TableStats]:
    """Row estimates and sizes of `tables` (keys as the linter writes them)."""
    if not tables:
        return {}
    rows = conn.execute(_STATS, ([display(t) for t in tables],)).fetchall()
    out = {}
    for table, (_, oid, reltuples, heap_bytes, total_bytes) in zip(tables, rows):
        if oid is None:
            out[table] = TableStats(table, None)
        elif not heap_bytes:
            out[table] = TableStats(table, 0, int(total_bytes), estimated=False)  # no page at all: empty for sure
        elif reltuples is not None and reltuples >= 0:
            out[table] = TableStats(table, int(reltuples), int(total_bytes))
        else:
            # never analyzed: count, but no further than the threshold that matters
            count = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {display(table)} LIMIT {int(limit) + 1}) AS s").fetchone()[0]
            out[table] = TableStats(table, int(count), int(total_bytes), estimated=count > limit)
    return out


def _version_note(conn: Any, report: Any, settings: Any) -> None:
    major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    if major != settings.pg_version:
        report.notes.append(f"the database runs PostgreSQL {major} but the linter assumed {settings.pg_version}: "
                            f"set pg-version = {major} in [tool.triple-orm.lint] (or --pg-version {major})")


def _weighed_table(finding: Finding) -> str | None:
    """The table whose size decides how long the problem lasts (`slow_table` when a rule names one)."""
    return finding.data.get("slow_table") or finding.data.get("table")


def _keep(conn: Any, finding: Finding, stats: dict[str, TableStats], weight: str | None, settings: Any) -> bool:
    """Re-weigh one finding; False when the database shows it does not apply."""
    if weight == "enum-rows":
        _weigh_enum(conn, finding)  # the rows that matter are counted, not estimated
        return True
    table = _weighed_table(finding)
    found = stats.get(table) if table else None
    if found is None or found.rows is None:
        return True
    finding.data.update(rows_estimate=found.rows, table_bytes=found.bytes)
    if finding.rule == "unindexed-foreign-key":
        return not _has_fk_index(conn, finding.data["table"], finding.data.get("columns") or [])
    if weight == "blocking":
        _weigh_blocking(finding, found, settings)
    elif weight in ("loses-data", "fails-with-rows"):
        _weigh_rows(finding, found, weight)
    return True


def _weigh_blocking(finding: Finding, found: TableStats, settings: Any) -> None:
    if found.rows > settings.large_table_rows:
        finding.severity = Severity.CRITICAL
        finding.message = f"Potential downtime: {found.describe()}. {finding.message}"
    elif found.rows <= settings.small_table_rows:
        finding.severity = min(finding.severity, Severity.LOW, key=lambda s: s.rank)
        finding.message = f"{found.describe()}, so this is quick (downgraded). {finding.message}"
    else:
        finding.message = f"{found.describe()}. {finding.message}"


def _weigh_rows(finding: Finding, found: TableStats, weight: str) -> None:
    if found.rows > 0:
        finding.severity = Severity.CRITICAL
        effect = "their data is lost for good" if weight == "loses-data" else "this statement fails"
        finding.message = f"{found.describe()}: {effect}. {finding.message}"
    else:
        finding.severity = min(finding.severity, Severity.LOW, key=lambda s: s.rank)
        finding.message = f"{found.describe()} (empty: downgraded). {finding.message}"


def _weigh_enum(conn: Any, finding: Finding) -> None:
    removed = finding.data.get("removed_values") or []
    if not removed:
        return
    holding = {}
    for column_ref in finding.data.get("columns") or []:
        table, _, column = column_ref.rpartition(".")
        sql = f"SELECT count(*) FROM {display(table)} WHERE {quote_ident(column)}::text = ANY(%s)"
        try:
            holding[column_ref] = conn.execute(sql, (removed,)).fetchone()[0]
        except Exception:
            conn.rollback()
            return  # the column or table does not exist yet: keep the static verdict
    finding.data["rows_holding_removed_values"] = holding
    total = sum(holding.values())
    if total == 0:
        finding.severity = Severity.LOW
        finding.message = f"No row holds the removed values now (checked). {finding.message}"
    else:
        detail = ", ".join(f"{c}: {n:,}" for c, n in holding.items() if n)
        finding.message = f"{total:,} rows still hold removed values ({detail}): the migration fails. {finding.message}"


def _has_fk_index(conn: Any, table: str, columns: list[str]) -> bool:
    if not columns:
        return False
    return bool(conn.execute(_FK_INDEX, (display(table), len(columns), columns, columns)).fetchone()[0])
