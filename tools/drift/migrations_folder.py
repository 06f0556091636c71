"""A Prisma migrations folder read the way Prisma reads it.

Prisma's CLI (`listMigrations` in `@prisma/migrate`) takes every *directory* of the folder as a
migration, whatever its name, sorted by name, and reads its `migration.sql` as UTF-8 (a
directory without one is an error when the engine needs the script). `migration_lock.toml` names
the provider the history was written for; the engine refuses a history written for another one
(`ProviderSwitchedError`). Files at the top level (the lock file, a README) are not migrations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.drift.checksum import migration_checksum
from tools.errors import InputNotFound

LOCK_FILE = "migration_lock.toml"
SCRIPT = "migration.sql"


@dataclass
class MigrationFile:
    """One migration directory: its name, its script (None when unreadable) and why not."""

    name: str
    path: Path  # the migration.sql file
    script: str | None = None
    error: str | None = None

    @property
    def checksum(self) -> str | None:
        return migration_checksum(self.script) if self.script is not None else None

    def to_dict(self) -> dict:
        return {"name": self.name, "path": str(self.path), "checksum": self.checksum, "error": self.error}


@dataclass
class MigrationsFolder:
    path: Path
    provider: str | None = None  # from migration_lock.toml; None without a lock file
    migrations: list[MigrationFile] = field(default_factory=list)

    def by_name(self) -> dict[str, MigrationFile]:
        return {m.name: m for m in self.migrations}

    def to_dict(self) -> dict:
        return {"path": str(self.path), "provider": self.provider, "migrations": [m.to_dict() for m in self.migrations]}


def read_migrations_folder(path: Path) -> MigrationsFolder:
    """The migrations of `path`, in the order Prisma applies them."""
    if not path.is_dir():
        raise InputNotFound(f"migrations folder {path} does not exist",
                            help="pass --migrations, or set `migrations` in [tool.triple-orm]")
    folder = MigrationsFolder(path, provider=_lock_provider(path / LOCK_FILE))
    # Prisma sorts by name (timestamps first, so the order is the order they were created)
    for entry in sorted((p for p in path.iterdir() if p.is_dir()), key=lambda p: p.name):
        folder.migrations.append(_read_migration(entry))
    return folder


def _read_migration(directory: Path) -> MigrationFile:
    script_path = directory / SCRIPT
    migration = MigrationFile(directory.name, script_path)
    try:
        # Node's readFile(…, "utf-8") replaces invalid bytes and keeps a byte-order mark: so do we,
        # so that the checksum is the one Prisma computed
        migration.script = script_path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        migration.error = f"{directory.name} has no {SCRIPT}"
    except OSError as error:
        migration.error = f"cannot read {script_path}: {error.strerror}"
    return migration


def _lock_provider(lock: Path) -> str | None:
    """The provider line of migration_lock.toml, read as Prisma reads it (first `provider` line)."""
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("provider"):
            return line.split("=", 1)[-1].strip().strip('"') if "=" in line else "<none>"
    return "<none>"
