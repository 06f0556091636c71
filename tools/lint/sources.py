"""Find the migration files to lint, the history each belongs to, and the tool that runs them.

- A Prisma migrations folder holds `<timestamp>_<name>/migration.sql` folders (and
  `migration_lock.toml`); Prisma applies them in folder-name order.
- A drizzle-kit output folder holds `NNNN_<name>.sql` files listed in `meta/_journal.json` (the
  journal gives the order); drizzle-kit v1 writes `<timestamp>_<name>/migration.sql` folders with
  a `snapshot.json` beside each.
- Anything else is plain SQL: each folder's `.sql` files, in name order.

A file given on its own still gets its history when it sits in such a folder, so that the rules
know what the earlier migrations created.
"""

from __future__ import annotations

import fnmatch
import json
import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tools.errors import InputNotFound
from tools.lint.transactions import DRIZZLE, PLAIN, PRISMA

SKIP_DIRS = {"node_modules", ".git", ".triple-orm", "__pycache__", ".venv"}


@dataclass
class History:
    """One migrations folder: its files in the order they are applied, and who applies them."""

    folder: Path
    runner: str
    files: list[Path] = field(default_factory=list)
    _members: set[Path] | None = field(default=None, repr=False)
    _texts: set[str] | None = field(default=None, repr=False)

    def holds(self, path: Path) -> bool:
        if self._members is None:
            self._members = set(self.files)
        return path in self._members

    def holds_text(self, path: str) -> bool:
        """`holds` for an absolute path as text (thousands of files given one by one: no Path arithmetic)."""
        if self._texts is None:
            self._texts = {str(p) for p in self.files}
        return path in self._texts


@dataclass
class MigrationSet:
    histories: list[History] = field(default_factory=list)
    targets: set[Path] = field(default_factory=set)  # the files to report on (all, or those changed --since)

    def count(self) -> int:
        return len(self.targets)


def folder_kind(folder: Path) -> str | None:
    """PRISMA, DRIZZLE or None, from the folder's layout (one directory listing, then a few stats)."""
    if (folder / "meta" / "_journal.json").is_file():
        return DRIZZLE
    if (folder / "migration_lock.toml").is_file():
        return PRISMA
    for child in _subdirs(folder):
        if (child / "migration.sql").is_file():
            return DRIZZLE if (child / "snapshot.json").is_file() else PRISMA
    return None


def is_prisma_folder(folder: Path) -> bool:
    return folder_kind(folder) == PRISMA


def is_drizzle_folder(folder: Path) -> bool:
    return folder_kind(folder) == DRIZZLE


def _subdirs(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.is_dir()]
    except OSError:
        return []


def history_of_folder(folder: Path, kind: str | None = None) -> History:
    """The history a migrations folder holds (Prisma, drizzle-kit or plain)."""
    kind = kind or folder_kind(folder)
    if kind == DRIZZLE:
        return History(folder, DRIZZLE, _drizzle_files(folder))
    if kind == PRISMA:
        return History(folder, PRISMA, _migration_folders(folder))
    return History(folder, PLAIN, sorted((p for p in folder.glob("*.sql") if p.is_file()), key=lambda p: p.name))


def _drizzle_files(folder: Path) -> list[Path]:
    journal = folder / "meta" / "_journal.json"
    if journal.is_file():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8")).get("entries", [])
            listed = [folder / f"{e['tag']}.sql" for e in sorted(entries, key=lambda e: e.get("idx", 0)) if "tag" in e]
            listed = [p for p in listed if p.is_file()]
            extra = sorted(p for p in folder.glob("*.sql") if p not in set(listed))
            return listed + extra
        except (OSError, ValueError, TypeError, KeyError):
            pass
    return _migration_folders(folder) or sorted(folder.glob("*.sql"))


def _migration_folders(folder: Path) -> list[Path]:
    """`<name>/migration.sql` of every subfolder that has one, in name order (as Prisma applies them)."""
    names = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir() and os.path.isfile(os.path.join(entry.path, "migration.sql")):
                    names.append(entry.name)
    except OSError:
        return []
    base = str(folder)
    return [Path(os.path.join(base, name, "migration.sql")) for name in sorted(names)]


def discover(paths: list[Path], exclude: tuple[str, ...] = ()) -> MigrationSet:
    """The histories and target files for the paths given on the command line or in the configuration."""
    found = MigrationSet()
    by_folder: dict[Path, History] = {}
    by_text: dict[str, History] = {}  # the same, keyed by the folder's path as text
    kinds: dict[Path, str | None] = {}  # folders already looked at (thousands of files share a few)
    for raw in paths:
        # abspath, not resolve(): a CI run passes thousands of files, and realpath costs a stat per part
        text = os.path.abspath(raw)
        if _already_listed(text, by_text):
            found.targets.add(Path(text))  # its history's folder listing found it a moment ago: no stat
            continue
        path = Path(text)
        try:
            is_file = stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            raise InputNotFound(f"{raw} does not exist", help="give migration .sql files or folders that hold them") from None
        if is_file:
            _add_file(path, by_folder, found, kinds)
        else:
            _add_folder(path, by_folder, found)
        if len(by_text) != len(by_folder):
            by_text = {str(folder): history for folder, history in by_folder.items()}
    found.histories = list(by_folder.values())
    if exclude:
        found.targets = {p for p in found.targets if not _excluded(p, exclude)}
    return found


def _already_listed(path: str, by_text: dict[str, History]) -> bool:
    """Whether the history `_add_file` would look at first is known already and holds `path`."""
    folder = os.path.dirname(path)
    history = by_text.get(os.path.dirname(folder) if os.path.basename(path) == "migration.sql" else folder)
    return history is not None and history.holds_text(path)


def _add_file(path: Path, by_folder: dict[Path, History], found: MigrationSet, kinds: dict[Path, str | None]) -> None:
    if path.suffix.lower() != ".sql":
        raise InputNotFound(f"{path} is not a .sql file")
    for folder in (path.parent.parent, path.parent) if path.name == "migration.sql" else (path.parent,):
        history = by_folder.get(folder)
        if history is None:
            if folder not in kinds:
                kinds[folder] = folder_kind(folder)
            if kinds[folder]:
                history = by_folder[folder] = history_of_folder(folder, kinds[folder])
        if history is not None and history.holds(path):
            found.targets.add(path)
            return
    # a lone SQL file: no history around it
    by_folder.setdefault(path, History(path.parent, PLAIN, [path]))
    found.targets.add(path)


def _add_folder(folder: Path, by_folder: dict[Path, History], found: MigrationSet) -> None:
    kind = folder_kind(folder)
    if kind:
        history = by_folder.setdefault(folder, history_of_folder(folder, kind))
        found.targets.update(history.files)
        return
    plain = sorted(p for p in folder.glob("*.sql") if p.is_file())
    if plain:
        history = by_folder.setdefault(folder, History(folder, PLAIN, plain))
        found.targets.update(history.files)
    for child in sorted(_subdirs(folder)):
        if child.name not in SKIP_DIRS and not child.name.startswith("."):
            _add_folder(child, by_folder, found)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(text, f"*/{p}") or fnmatch.fnmatch(path.name, p) for p in patterns)


def read_text(path: Path) -> str:
    """The file's text; an unreadable or non-UTF-8 file is an input error (exit 66), never a traceback."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputNotFound(f"cannot read {path}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputNotFound(f"{path} is not UTF-8 text (byte {error.start})", help="PostgreSQL migrations are UTF-8") from None


def detect_prisma_version(folder: Path) -> tuple[int, int] | None:
    """The Prisma version of the project around `folder`, from node_modules or package.json."""
    for parent in (folder, *folder.parents):
        installed = parent / "node_modules" / "prisma" / "package.json"
        for manifest, keys in ((installed, ("version",)), (parent / "package.json", None)):
            version = _version_in(manifest, keys)
            if version:
                return version
        if (parent / ".git").exists():
            break
    return None


def _version_in(manifest: Path, keys: tuple[str, ...] | None) -> tuple[int, int] | None:
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if keys:
        text = data.get("version")
    else:
        deps = {**data.get("dependencies", {}), **data.get("devDependencies", {})}
        text = deps.get("prisma") or deps.get("@prisma/client")
    if not isinstance(text, str):
        return None
    digits = text.strip().lstrip("^~>=<v ").split(".")
    try:
        return int(digits[0]), int(digits[1]) if len(digits) > 1 and digits[1].isdigit() else 0
    except ValueError:
        return None


def relative(path: Path, base: Path) -> str:
    """`path` relative to `base` when it is below it, else as os.path.relpath gives it."""
    text, prefix = str(path), str(base).rstrip(os.sep) + os.sep
    if text.startswith(prefix):
        return text[len(prefix):]
    if not path.is_absolute():
        return text
    # the files of a history share the folder above their own (`<migrations>/<name>/migration.sql`):
    # os.path.relpath once per history instead of once per file, unless `base` lies inside that folder
    head, name = os.path.split(text)
    head, folder = os.path.split(head)
    above = _relative_folder(head, str(base)) if not prefix.startswith(head.rstrip(os.sep) + os.sep) else None
    if above is None:
        try:
            return os.path.relpath(text, base)
        except ValueError:  # another drive on Windows
            return text
    return os.path.join(above, folder, name)


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, base: str) -> str | None:
    try:
        return os.path.relpath(folder, base)
    except ValueError:
        return None
