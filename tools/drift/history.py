"""Migrations folder ⇄ `_prisma_migrations`: what `prisma migrate status` reports, without Node.

Each row of `_prisma_migrations` is one attempt to apply a migration (`finished_at` set when it
succeeded, `rolled_back_at` when `prisma migrate resolve --rolled-back` marked a failure as
rolled back). Against the folder, a migration is:
- not applied: no row (`prisma migrate deploy` will apply it);
- failed: its latest attempt neither finished nor was rolled back (deploy refuses to run: P3009);
- rolled back: every attempt rolled back (deploy will apply it again);
- edited: the script no longer matches the checksum of its successful attempt, with Prisma's
  tolerance of line endings;
- missing locally: applied to the database, absent from the folder (a deploy from another branch).

Two departures from Prisma, both false positives of its own: the checksum is compared with the
attempt that succeeded, not with the first row of that name (a failed attempt fixed, rolled back
and re-applied is not "edited", `prisma/prisma#16927`), and a migration whose only rows are rolled
back and whose folder was deleted is not "applied but missing" (it never was applied).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tools.catalog.model import quote_ident
from tools.drift.checksum import script_matches_checksum
from tools.drift.migrations_folder import MigrationFile, MigrationsFolder
from tools.drift.rules import RULES
from tools.drift.results import Comparison
from tools.errors import DatabaseError
from tools.findings import Finding, Location

MIGRATION_HISTORY = "migration-history"
MIGRATIONS_TABLE = "_prisma_migrations"
POSTGRES_PROVIDERS = ("postgresql", "postgres")


@dataclass(frozen=True)
class AppliedMigration:
    """One row of `_prisma_migrations`."""

    id: str
    checksum: str
    migration_name: str
    started_at: datetime | None
    finished_at: datetime | None = None
    rolled_back_at: datetime | None = None
    logs: str | None = None
    applied_steps_count: int = 0

    @property
    def failed(self) -> bool:
        return self.finished_at is None and self.rolled_back_at is None

    def to_dict(self) -> dict[str, Any]:
        return {"migration_name": self.migration_name, "checksum": self.checksum,
                "started_at": _iso(self.started_at), "finished_at": _iso(self.finished_at),
                "rolled_back_at": _iso(self.rolled_back_at), "applied_steps_count": self.applied_steps_count}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def read_applied_migrations(conn: Any, schema: str = "public") -> list[AppliedMigration] | None:
    """The rows of `_prisma_migrations` in `schema`, oldest first; None when there is no such table."""
    table = f"{quote_ident(schema)}.{quote_ident(MIGRATIONS_TABLE)}"
    try:
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
            return None
        rows = conn.execute(
            f"SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count "
            f"FROM {table} ORDER BY started_at, migration_name").fetchall()
    except Exception as error:  # psycopg.Error (imported lazily by the caller)
        message = getattr(getattr(error, "diag", None), "message_primary", None) or str(error)
        raise DatabaseError(f"could not read {MIGRATIONS_TABLE}: {message}",
                            help="the user needs SELECT on _prisma_migrations") from None
    return [AppliedMigration(*row) for row in rows]


def display_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it, as compilers print them."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _finding(rule_id: str, message: str, help_text: str, file: MigrationFile | None = None, **data: Any) -> Finding:
    rule = RULES[rule_id]
    location = Location(display_path(file.path), 1, 1) if file is not None else None
    payload = {"comparison": MIGRATION_HISTORY, "group": rule.group, **data}
    if file is not None:
        payload.setdefault("migration", file.name)
    return Finding(rule.id, rule.severity, message, help_text, location, data=payload)


def compare_history(folder: MigrationsFolder, applied: list[AppliedMigration] | None) -> Comparison:
    """Every disagreement between the migrations folder and the database's `_prisma_migrations`."""
    comparison = Comparison(MIGRATION_HISTORY, "migrations folder ⇄ _prisma_migrations")
    comparison.findings += _folder_problems(folder)
    if applied is None:
        comparison.compared["migrations"] = len(folder.migrations)
        if folder.migrations:
            comparison.findings.append(_finding(
                "migrations-table-missing",
                f"the database has no {MIGRATIONS_TABLE} table: none of the {len(folder.migrations)} migrations is recorded",
                "if the database was built with `prisma db push` or by hand, baseline it: "
                "`prisma migrate resolve --applied <name>` for each migration it already has", count=len(folder.migrations)))
        return comparison
    attempts: dict[str, list[AppliedMigration]] = {}
    for row in applied:
        attempts.setdefault(row.migration_name, []).append(row)
    for migration in folder.migrations:
        finding = _judge(migration, attempts.get(migration.name, []))
        if finding is not None:
            comparison.findings.append(finding)
    local = folder.by_name()
    for name, rows in attempts.items():
        if name not in local:
            comparison.findings += _only_in_database(name, rows)
    comparison.compared["migrations"] = len(folder.migrations) + sum(1 for n in attempts if n not in local)
    comparison.matched["migrations"] = comparison.compared["migrations"] - len(
        {f.data.get("migration") for f in comparison.findings if f.data.get("migration")})
    _note_divergence(comparison, folder, attempts)
    return comparison


def _folder_problems(folder: MigrationsFolder) -> list[Finding]:
    found = []
    if folder.provider is not None and folder.provider not in POSTGRES_PROVIDERS:
        found.append(_finding("migration-lock-provider-mismatch",
                              f"migration_lock.toml says provider = {folder.provider!r}, not postgresql",
                              "this history was written for another database; Prisma refuses to apply it (P3019)",
                              provider=folder.provider))
    for migration in folder.migrations:
        if migration.error:
            found.append(_finding("migration-folder-invalid", migration.error,
                                  "every folder of the migrations directory is a migration: add its migration.sql or remove it",
                                  migration))
    return found


def _judge(migration: MigrationFile, rows: list[AppliedMigration]) -> Finding | None:
    """What the database's attempts say about one migration of the folder (None: applied as it is)."""
    if not rows:
        return _finding("migration-not-applied", f"migration {migration.name} is not applied to the database",
                        "`prisma migrate deploy` applies it; until then the database lacks what it creates", migration)
    live = [r for r in rows if r.rolled_back_at is None]
    if not live:
        return _finding("migration-rolled-back",
                        f"migration {migration.name} was marked rolled back and is not applied",
                        "`prisma migrate deploy` applies it again; check that its failed attempt left nothing behind",
                        migration, attempts=len(rows))
    latest = live[-1]
    if latest.failed:
        return _finding("migration-failed",
                        f"migration {migration.name} failed (started {_iso(latest.started_at)}, "
                        f"{latest.applied_steps_count} step(s) applied): `prisma migrate deploy` refuses to run",
                        "fix the database by hand, then `prisma migrate resolve --rolled-back` (to re-run it) or "
                        "`--applied` (if you finished it by hand)", migration, logs=(latest.logs or "")[-2000:])
    if migration.script is not None and not script_matches_checksum(migration.script, latest.checksum):
        return _finding("migration-edited",
                        f"migration {migration.name} was edited after it was applied (checksum {migration.checksum[:12]}… "
                        f"differs from the applied {latest.checksum[:12]}…)",
                        "restore the applied text (git log -p on the file); put new changes in a new migration. "
                        "`prisma migrate dev` would otherwise ask to reset the database",
                        migration, applied_checksum=latest.checksum, file_checksum=migration.checksum)
    return None


def _only_in_database(name: str, rows: list[AppliedMigration]) -> list[Finding]:
    live = [r for r in rows if r.rolled_back_at is None]
    if not live:
        return []  # only rolled-back attempts: it was never applied, and its folder is rightly gone
    if live[-1].failed:
        return [_finding("migration-failed", f"migration {name} failed and is not in the migrations folder: "
                         "`prisma migrate deploy` refuses to run", "`prisma migrate resolve --rolled-back "
                         f"{name}` once the database is repaired", migration=name)]
    return [_finding("migration-missing-locally",
                     f"migration {name} is applied to the database but is not in the migrations folder",
                     "the database was migrated from another branch or the folder lost a migration: restore it "
                     "from version control (the history has diverged)", migration=name,
                     applied_at=_iso(live[-1].finished_at))]


def _note_divergence(comparison: Comparison, folder: MigrationsFolder, attempts: dict) -> None:
    unapplied = [m.name for m in folder.migrations if m.name not in attempts]
    local = folder.by_name()
    if unapplied and any(n not in local for n in attempts):
        first = folder.migrations.index(local[unapplied[0]])
        common = folder.migrations[first - 1].name if first > 0 else None
        comparison.notes.append("the histories have diverged" + (f"; the last common migration is {common}" if common else ""))
