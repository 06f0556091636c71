"""Lint results cached by content hash: applied migrations never change, so they are linted once.

One cache file per migrations folder (a "pack") maps a key to the file's final static findings.
The key hashes the linter's own source code, the settings that change results, the runner, the
file's bytes and the bytes of every earlier file of its history (the rules read the schema those
built). Anything different is a miss; stale entries are simply never read again.

Packs live under `.triple-orm/cache/lint/` in the project (a `.gitignore` keeps them out of git), or
under `$XDG_CACHE_HOME/triple-orm/lint/` when the project folder is not writable. They are written
atomically (temporary file + rename): concurrent runs never see a torn file, at worst one run's new
entries are lost and recomputed later. The format is `marshal` (plain values only: reading a
cache file cannot run code).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

FORMAT = 3
_engine_hash: str | None = None


def engine_hash() -> str:
    """A hash of the linter's source and of the parser's version: results change when either does."""
    global _engine_hash
    if _engine_hash is None:
        digest = hashlib.blake2b(digest_size=16)
        root = Path(__file__).resolve().parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
        digest.update(_pglast_version().encode())
        digest.update(str(FORMAT).encode())
        _engine_hash = digest.hexdigest()
    return _engine_hash


def _pglast_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pglast")
    except PackageNotFoundError:
        return "?"


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def chain(previous: bytes, content: bytes) -> bytes:
    """The digest of a history up to and including a file, from the digest before it."""
    return hashlib.blake2b(previous + content, digest_size=16).digest()


def entry_key(engine: str, settings_fingerprint: str, runner: str, history_before: bytes, content: bytes) -> str:
    text = f"{engine}|{settings_fingerprint}|{runner}|".encode() + history_before + content
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def default_cache_dir(project_root: Path | None) -> Path:
    """$TRIPLE_ORM_CACHE_DIR, else .triple-orm/cache/lint in the project, else the XDG cache folder."""
    if os.environ.get("TRIPLE_ORM_CACHE_DIR"):
        return Path(os.environ["TRIPLE_ORM_CACHE_DIR"]) / "lint"
    if project_root is not None and os.access(project_root, os.W_OK):
        return project_root / ".triple-orm" / "cache" / "lint"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "triple-orm" / "lint"


class Pack:
    """The cached entries of one migrations folder."""

    def __init__(self, directory: Path, folder: Path, runner: str):
        name = hashlib.blake2b(f"{folder}|{runner}".encode(), digest_size=12).hexdigest()
        self.path = directory / f"{name}.bin"
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        try:
            stored = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return  # a file from another Python version or damaged: start afresh
        if isinstance(stored, dict) and stored.get("format") == FORMAT and isinstance(stored.get("entries"), dict):
            self.entries = stored["entries"]

    def get(self, key: str) -> tuple | None:
        return self.entries.get(key)

    def put(self, key: str, value: tuple) -> None:
        self.entries[key] = value
        self.dirty = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget entries of files no longer in the history (only when the whole history was linted)."""
        stale = set(self.entries) - keys
        for key in stale:
            del self.entries[key]
        self.dirty = self.dirty or bool(stale)

    def save(self) -> None:
        if not self.dirty:
            return
        import tempfile

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.path.parent)
            handle, temporary = tempfile.mkstemp(prefix=".pack-", dir=self.path.parent)
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump({"format": FORMAT, "entries": self.entries}, out)
            os.replace(temporary, self.path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _ignore_in_git(directory: Path) -> None:
    root = directory
    while root.name != ".triple-orm" and root.parent != root:
        root = root.parent
    marker = (root if root.name == ".triple-orm" else directory) / ".gitignore"
    if not marker.exists():
        try:
            marker.write_text("# generated by triple-orm: caches, never commit\n*\n", encoding="utf-8")
        except OSError:
            pass
