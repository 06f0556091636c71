"""`--trace URL`: run each migration on a scratch database and report what really happened.

Inside one transaction that is always rolled back, every statement runs after a SAVEPOINT; before
and after it we read `pg_locks` (the relation locks our own backend holds) and the `relfilenode` of
every table and index (a new relfilenode means the relation was rewritten). The report lists, per
statement, the locks taken, the tables and indexes rewritten, the time it took, and whether the
linter's static lock model predicted the same strongest lock (eugene's trace, pgfence's
"confirmed/mismatch").

Safety: the database's name must contain "scratch" (anything else is refused before connecting);
transaction-control statements in the migration are skipped (a COMMIT would make the trace
permanent); `lock_timeout` and `statement_timeout` bound every statement. When the scratch database
has no tables yet, the earlier migrations of the history are replayed first, in the same
transaction, untraced. `CONCURRENTLY` statements cannot run in a transaction: they are skipped.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import DatabaseError, UsageError
from tools.lint.locks import ACCESS_SHARE, PG_LOCKS_MODE, STRENGTH, statement_locks
from tools.lint.parse import Statement, parse_sql

# a relation dropped by the statement is gone from pg_class but its lock stays: LEFT JOIN, and the
# name comes from the relations seen before the statement
_LOCKS = """
SELECT l.relation::int, n.nspname, c.relname, c.relkind::text, l.mode
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""
_FILES = """
SELECT c.oid::int, n.nspname, c.relname, c.relkind::text, c.relfilenode::int
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'i', 'v') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%%'
"""
_INDEX_TABLES = """
SELECT ni.nspname, ci.relname, nt.nspname, ct.relname
FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace ni ON ni.oid = ci.relnamespace
JOIN pg_class ct ON ct.oid = i.indrelid JOIN pg_namespace nt ON nt.oid = ct.relnamespace
WHERE ni.nspname NOT IN ('pg_catalog', 'information_schema') AND ni.nspname NOT LIKE 'pg\\_%%'
"""
_FOREIGN_KEYS = """
SELECT n.nspname, t.relname, c.conname, rn.nspname, r.relname
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE c.contype = 'f'
"""
_USER_TABLES = """
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%%'
"""
_CONCURRENTLY = re.compile(r"\bconcurrently\b", re.IGNORECASE)


@dataclass
class TracedStatement:
    index: int
    line: int
    sql: str
    locks: list[dict] = field(default_factory=list)  # {relation, kind, mode, new}
    rewritten: list[str] = field(default_factory=list)
    predicted: list[dict] = field(default_factory=list)  # the static model's {table, mode}
    agrees: bool | None = None
    ms: float = 0.0
    error: str | None = None
    skipped: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


@dataclass
class TraceResult:
    file: str
    database: str
    statements: list[TracedStatement] = field(default_factory=list)
    replayed: int = 0  # earlier migrations applied first (the scratch database was empty)

    def to_dict(self) -> dict:
        return {"file": self.file, "database": self.database, "replayed_migrations": self.replayed,
                "statements": [s.to_dict() for s in self.statements]}

    def render_text(self) -> str:
        lines = [f"trace of {self.file} on {self.database} (rolled back"
                 + (f"; {self.replayed} earlier migrations replayed first)" if self.replayed else ")")]
        for s in self.statements:
            head = f"  {s.line:>4}  {s.sql}"
            if s.skipped:
                lines.append(f"{head}\n        skipped: {s.skipped}")
                continue
            locks = ", ".join(f"{l['mode']} on {l['relation']}" + (" (new)" if l["new"] else "") for l in s.locks) or "no relation lock"
            verdict = "" if s.agrees is None else ("  [static model agrees]" if s.agrees else "  [static model differs]")
            lines.append(f"{head}\n        {s.ms:.1f} ms; locks: {locks}{verdict}")
            if s.rewritten:
                lines.append(f"        rewritten: {', '.join(s.rewritten)}")
            if s.error:
                lines.append(f"        error: {s.error}")
        return "\n".join(lines) + "\n"


def scratch_name(url: str) -> str:
    """The database name of `url`; refuses (UsageError) unless it says scratch."""
    from psycopg.conninfo import conninfo_to_dict

    from tools.database.connect import redact

    try:
        name = conninfo_to_dict(url).get("dbname") or ""
    except Exception:
        raise UsageError(f"cannot read the connection string {redact(url)}") from None
    if "scratch" not in str(name).lower():
        raise UsageError(f"--trace refuses database {name!r}: it runs the migrations there (then rolls them back), "
                         f"so it only accepts a database whose name contains 'scratch'",
                         help="create a throwaway copy, e.g. CREATE DATABASE app_scratch TEMPLATE app, and trace on it")
    return str(name)


def trace_report(report: Any, url: str, base: Path, settings: Any) -> None:
    """Trace every linted file of `report` on the scratch database at `url`."""
    from tools.database.connect import redact

    scratch_name(url)
    conn = _connect(url, settings)
    try:
        empty = conn.execute(_USER_TABLES).fetchone()[0] == 0
        conn.rollback()
        for summary in report.files:
            earlier = report.earlier_files(summary.path) if empty else []
            report.traces.append(trace_file(conn, base / summary.path, summary.path, earlier, redact(url)))
    finally:
        conn.close()


def _connect(url: str, settings: Any):
    import psycopg

    from tools.database.connect import redact, scrub

    try:
        conn = psycopg.connect(url, autocommit=False, connect_timeout=10, application_name="triple-orm trace")
        conn.execute(f"SET statement_timeout = {int(settings.statement_timeout_ms) * 12}")
        conn.execute("SET lock_timeout = '5s'")
        conn.commit()
    except psycopg.Error as error:
        raise DatabaseError(f"cannot connect to {redact(url)} for --trace: {scrub(str(error), url).strip()}") from None
    return conn


def trace_file(conn: Any, path: Path, display: str, earlier: list[Path], database: str) -> TraceResult:
    """Run one migration (after its history when given) inside a transaction that is rolled back."""
    from tools.lint.sources import read_text

    result = TraceResult(display, database, replayed=len(earlier))
    parsed = parse_sql(read_text(path))
    try:
        for previous in earlier:
            _replay(conn, read_text(previous))
        for stmt in parsed.statements:
            result.statements.append(_trace_statement(conn, parsed, stmt))
    finally:
        conn.rollback()
    return result


def _replay(conn: Any, text: str) -> None:
    for stmt in parse_sql(text).statements:
        if stmt.kind == "TransactionStmt":
            continue
        _run_guarded(conn, _CONCURRENTLY.sub("", stmt.text))


def _run_guarded(conn: Any, sql: str) -> str | None:
    """Run one statement after a savepoint; on error roll back to it and return the message."""
    import psycopg

    conn.execute("SAVEPOINT triple_orm_trace")
    try:
        conn.execute(sql)
    except psycopg.Error as error:
        conn.execute("ROLLBACK TO SAVEPOINT triple_orm_trace")
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    conn.execute("RELEASE SAVEPOINT triple_orm_trace")
    return None


def _trace_statement(conn: Any, parsed, stmt: Statement) -> TracedStatement:
    line = parsed.sql.line_col(stmt.start)[0]
    first_line = stmt.text.strip().splitlines()[0] if stmt.text.strip() else ""
    traced = TracedStatement(stmt.index + 1, line, first_line[:120])
    if stmt.kind == "TransactionStmt":
        traced.skipped = "transaction control (the trace keeps its own transaction and rolls it back)"
        return traced
    if _CONCURRENTLY.search(stmt.text) and stmt.kind in ("IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt"):
        traced.skipped = "CONCURRENTLY cannot run inside the trace's transaction"
        return traced
    files_before = _files(conn)
    locks_before = _locks(conn, files_before)
    catalog = _CatalogSchema(conn)
    started = time.perf_counter()
    traced.error = _run_guarded(conn, stmt.text)
    traced.ms = (time.perf_counter() - started) * 1000
    files_after = _files(conn)
    locks_after = _locks(conn, {**files_after, **files_before})
    traced.locks = _new_locks(locks_before, locks_after, files_before)
    traced.rewritten = [name for oid, (name, kind, node) in files_after.items()
                        if oid in files_before and files_before[oid][2] != node]
    _compare(traced, stmt, {name for name, kind, _ in files_before.values() if kind in ("r", "p", "m", "v")}, locks_before,
             catalog)
    return traced


def _locks(conn: Any, known: dict[int, tuple[str, str, int]]) -> set[tuple]:
    """(oid, name, relkind, mode) of the relation locks our transaction holds on user relations."""
    out = set()
    for oid, schema, name, kind, mode in conn.execute(_LOCKS).fetchall():
        if oid in known:  # the name it had before the statement (it may be dropped or renamed by now)
            key, kind, _ = known[oid]
        elif name is None or schema in ("pg_catalog", "information_schema") or schema.startswith("pg_"):
            continue  # a catalog relation, or one neither seen before nor existing now
        else:
            key = _key(schema, name)
        out.add((oid, key, kind, mode))
    return out


def _files(conn: Any) -> dict[int, tuple[str, str, int]]:
    return {oid: (_key(schema, name), kind, node) for oid, schema, name, kind, node in conn.execute(_FILES).fetchall()}


def _key(schema: str, name: str) -> str:
    return name if schema == "public" else f"{schema}.{name}"


def _new_locks(before: set[tuple], after: set[tuple], existing: dict[int, tuple]) -> list[dict]:
    out = []
    for oid, name, kind, mode in sorted(after - before, key=lambda l: (l[1], -STRENGTH.get(PG_LOCKS_MODE.get(l[3], ""), 0))):
        out.append({"relation": name, "kind": kind, "mode": PG_LOCKS_MODE.get(mode, mode), "new": oid not in existing})
    return out


class _CatalogSchema:
    """What the static lock model needs to know (index tables, foreign keys), from the scratch database."""

    def __init__(self, conn: Any):
        self.indexes = {_key(a, b): _key(c, d) for a, b, c, d in conn.execute(_INDEX_TABLES).fetchall()}
        self.fks = {(_key(a, b), name): _key(c, d) for a, b, name, c, d in conn.execute(_FOREIGN_KEYS).fetchall()}

    def index_table(self, name: str) -> str | None:
        return self.indexes.get(name)

    def foreign_key_target(self, table: str, name: str) -> str | None:
        return self.fks.get((table, name))

    def referenced_tables(self, table: str) -> list[str]:
        return [target for (owner, _), target in self.fks.items() if owner == table]

    def referencing_tables(self, table: str) -> list[str]:
        return [owner for (owner, _), target in self.fks.items() if target == table and owner != table]


def _compare(traced: TracedStatement, stmt: Statement, existing: set[str], held: set[tuple], schema) -> None:
    """Does the static model's strongest lock per existing table match what the server took?

    Locks last until the transaction ends, so a statement that needs a lock the transaction
    already holds (in that mode or a stronger one) takes nothing new: that counts as agreeing.
    """
    predicted = {t.table: t.mode for t in statement_locks(stmt.kind, stmt.node, schema)}
    traced.predicted = [{"table": t, "mode": m} for t, m in predicted.items()]
    if traced.error is not None:
        return
    # reading another table (ACCESS SHARE: a view's query, a foreign key's lookup) blocks only DDL
    observed = _strongest((lock["relation"], lock["mode"]) for lock in traced.locks
                          if not lock["new"] and lock["kind"] in ("r", "p", "m", "v")
                          and (lock["relation"] in predicted or lock["mode"] != ACCESS_SHARE))
    before = _strongest((name, PG_LOCKS_MODE.get(mode, mode)) for _, name, kind, mode in held if kind in ("r", "p", "m", "v"))
    agrees = set(observed) <= set(predicted)
    for table, mode in predicted.items():
        if table not in existing:
            continue
        if table in observed:
            agrees = agrees and observed[table] == mode
        else:
            agrees = agrees and table in before and STRENGTH[before[table]] >= STRENGTH[mode]
    traced.agrees = agrees


def _strongest(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for table, mode in pairs:
        if table not in out or STRENGTH[mode] > STRENGTH[out[table]]:
            out[table] = mode
    return out
