"""Replay a migrations folder into an empty throwaway database, and compare the result with the schema.

This is `prisma migrate dev`'s shadow database without Node: every `migration.sql` in order, each
sent as one multi-statement script (PostgreSQL runs it as one implicit transaction, as Prisma's
engine does), into a database nobody else uses. What it builds is what `prisma migrate deploy`
builds on a new environment. Compared with the catalog the schema implies, every difference is a
schema change no migration carries: the "forgot `prisma migrate dev`" case. A migration that fails
on the empty database is reported with its error: the history cannot build a new environment.

Before the scripts run, the database gets what they use without creating it (an extension's
operator class, a function a default calls that the hosting platform provides), derived from the
SQL by `tools.database.prepare`; those stand-ins are left out of the catalog read back. Extensions
this PostgreSQL build lacks (pgcrypto, uuid-ossp) are offered as SQL-only stand-ins
(`replay_extensions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.catalog.model import Catalog
from tools.drift.database import read_database
from tools.drift.history import display_path
from tools.drift.migrations_folder import MigrationsFolder
from tools.drift.replay_extensions import offer_stand_in_extensions
from tools.drift.results import Comparison
from tools.drift.rules import OUTSIDE_MODEL, RULES
from tools.errors import DatabaseError
from tools.findings import Finding, Location

MIGRATION_REPLAY = "migration-replay"
REPLAY_STATEMENT_TIMEOUT_MS = 300_000  # a throwaway database: only a runaway script is stopped


@dataclass
class Replay:
    """What replaying the folder did: the migrations applied, the one that failed, and the catalog."""

    applied: list[str] = field(default_factory=list)
    failed: str | None = None
    error: str | None = None
    prepared: list[str] = field(default_factory=list)  # extensions installed and stand-ins created
    catalog: Catalog | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None and self.catalog is not None


def replay_migrations(folder: MigrationsFolder, url: str, expected: Catalog) -> Replay:
    """Apply every migration of `folder` to the empty database at `url`, then read its catalog
    (the schemas `expected` lives in). `url` must be a throwaway database: it is written to."""
    import psycopg

    replay = Replay()
    with psycopg.connect(url, autocommit=True) as admin:
        stand_in_extensions = offer_stand_in_extensions(admin, url.rsplit("/", 1)[-1].split("?")[0])
    hidden = _prepare(url, folder, replay)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET statement_timeout = {REPLAY_STATEMENT_TIMEOUT_MS}")
        for migration in folder.migrations:
            if migration.script is None:
                continue  # reported by the history check; Prisma stops on it as well
            try:
                conn.execute(migration.script.lstrip("\ufeff"))  # type: ignore[call-overload]
            except psycopg.Error as error:
                replay.failed, replay.error = migration.name, _error_text(error)
                return replay
            replay.applied.append(migration.name)
        replay.catalog = read_database(conn, expected)
    used = sorted({e.name for e in replay.catalog.extensions} & set(stand_in_extensions))
    replay.prepared += [f"extension {name}: a stand-in (this PostgreSQL build lacks it)" for name in used]
    replay.catalog.other_objects = [o for o in replay.catalog.other_objects if o.get("name") not in hidden]
    return replay


def _prepare(url: str, folder: MigrationsFolder, replay: Replay) -> set[str]:
    """Install what the scripts use but do not create; returns the names of the stand-ins."""
    from tools.database.prepare import prepare_database

    script = ";\n".join(m.script.lstrip("\ufeff") for m in folder.migrations if m.script)
    try:
        preparation = prepare_database(url, script)
    except DatabaseError:
        return set()  # a script pglast cannot parse: run it as it is and let PostgreSQL judge
    replay.prepared = [f"extension {e}" for e in preparation.extensions] + preparation.stand_ins
    return {_stand_in_name(s) for s in preparation.stand_ins}


def _stand_in_name(description: str) -> str:
    """`function "nanoid"(integer)` -> nanoid; `type geometry` -> geometry."""
    body = description.split(" ", 1)[1]
    return body.split("(")[0].split(".")[-1].strip('"')


def _error_text(error: Any) -> str:
    diag = getattr(error, "diag", None)
    text = (getattr(diag, "message_primary", None) or str(error)).strip()
    position = getattr(diag, "statement_position", None)
    return f"{text} (at character {position})" if position else text


def compare_with_replay(expected: Catalog, replay: Replay, folder: MigrationsFolder, *,
                        ignore_rules: tuple[str, ...] = (), ignore_tables: tuple[str, ...] = ()) -> Comparison:
    """The schema against the database its migrations build: each difference is a schema change no
    migration carries (objects outside Prisma's model are the migrations' business, not drift)."""
    from tools.drift.database import compare_with_database

    title = "schema.prisma ⇄ migrations folder (replayed on a throwaway PostgreSQL)"
    if not replay.ok:
        comparison = Comparison(MIGRATION_REPLAY, title, notes=list(replay.prepared))
        comparison.findings.append(_failed_migration(folder, replay))
        return comparison.fail(f"migration {replay.failed} fails on an empty database: {replay.error}")
    assert replay.catalog is not None
    comparison = compare_with_database(expected, replay.catalog, name=MIGRATION_REPLAY, title=title,
                                       ignore_tables=ignore_tables, side="the database the migrations build")
    rule = RULES["schema-change-not-in-migrations"]
    kept: list[Finding] = []
    for finding in comparison.findings:
        if finding.data.get("group") == OUTSIDE_MODEL or finding.data.get("kind") == "view-missing":
            continue
        finding.data["drift_rule"] = finding.rule
        finding.data["group"] = rule.group
        finding.rule, finding.severity = rule.id, rule.severity
        finding.help = ("create the migration: `prisma migrate dev --name <change>` (it would hold the SQL below); "
                        "a database deployed from this folder lacks the change")
        if rule.id not in ignore_rules:
            kept.append(finding)
    comparison.findings = kept
    comparison.notes += [f"{len(replay.applied)} migrations applied"] + replay.prepared
    return comparison


def _failed_migration(folder: MigrationsFolder, replay: Replay) -> Finding:
    rule = RULES["migrations-do-not-apply"]
    migration = folder.by_name().get(replay.failed or "")
    location = Location(display_path(migration.path), 1, 1) if migration else None
    return Finding(rule.id, rule.severity,
                   f"migration {replay.failed} fails on an empty database after {len(replay.applied)} others: {replay.error}",
                   "a new environment cannot be built from this folder: fix the migration (or what it expects to "
                   "exist beforehand); `prisma migrate dev` fails the same way on its shadow database",
                   location, data={"comparison": MIGRATION_REPLAY, "group": rule.group, "migration": replay.failed,
                                   "error": replay.error, "applied": len(replay.applied)})
