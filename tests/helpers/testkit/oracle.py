"""Prisma's own answer, for the tests: the DDL its schema engine prints for a schema.

`prisma_ddl(schema)` runs `../shared/oracles/prisma-diff/diff.mjs` (Prisma's schema engine, the
WebAssembly build) on a schema file or folder and returns the SQL `prisma migrate diff
--from-empty --to-schema` would print. The oracle is installed once into `CACHE/prisma-diff`
(`npm ci` under a file lock, so parallel pytest workers do not race; the shared folder is
read-only), and outputs are cached by a hash of the schema files, the script and its lockfile.

`prepare_database(url, ddl)` readies an empty database for such DDL (extensions, stand-ins); it is
the product's own `tools.database.prepare`, so the database our DDL is applied to is prepared the
same way.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from testkit.paths import CACHE, ORACLE
from tools.database.prepare import Preparation, apply_ddl, prepare_database  # noqa: F401 (re-exported)

ORACLE_FILES = ("diff.mjs", "package.json", "package-lock.json")
_server = None  # a server started on demand when no URL is given and the cache misses


class OracleError(RuntimeError):
    """Prisma's engine refused the schema (its message is kept)."""


def oracle_dir() -> Path:
    """`CACHE/prisma-diff` with the oracle's dependencies installed (once, under a lock)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the Prisma oracle")
    if not (ORACLE / "diff.mjs").is_file():
        pytest.skip(f"the Prisma oracle is not at {ORACLE}")
    target = CACHE / "prisma-diff"
    stamp = target / ".installed"
    wanted = _oracle_fingerprint()
    if stamp.is_file() and stamp.read_text() == wanted:
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with _file_lock(CACHE / "prisma-diff.lock"):
        if stamp.is_file() and stamp.read_text() == wanted:  # another worker finished meanwhile
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in ORACLE_FILES:
            shutil.copyfile(ORACLE / name, target / name)
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise OracleError(f"npm ci for the Prisma oracle failed:\n{result.stderr[-3000:]}")
        _write_atomic(stamp, wanted)
    return target


def prisma_ddl(schema_path: Path, database_url: str | None = None) -> str:
    """The DDL Prisma's engine prints for `schema_path` (a file or a folder of .prisma files), cached."""
    key = hashlib.sha256((_oracle_fingerprint() + _schema_fingerprint(Path(schema_path))).encode()).hexdigest()
    cached = CACHE / "prisma-ddl" / f"{key}.sql"
    if cached.is_file():
        return cached.read_text()
    folder = oracle_dir()
    env = {**os.environ, "DATABASE_URL": database_url or _fallback_server_url()}
    result = subprocess.run(["node", str(folder / "diff.mjs"), str(schema_path)], capture_output=True, text=True,
                            env=env, timeout=300)
    if result.returncode != 0:
        raise OracleError(f"Prisma's engine failed on {schema_path}:\n{result.stderr[-3000:]}")
    _write_atomic(cached, result.stdout)
    return result.stdout


def _oracle_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ORACLE_FILES:
        digest.update((ORACLE / name).read_bytes())
    return digest.hexdigest()


def _schema_fingerprint(path: Path) -> str:
    """Hash of every .prisma file of the schema (names relative to it, and contents)."""
    files = sorted(path.rglob("*.prisma")) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _fallback_server_url() -> str:
    """The engine connects to a database even for a pure schema diff: start one if none was given."""
    global _server
    if _server is None:
        import atexit

        from tools.database.embedded import EmbeddedPostgres

        _server = EmbeddedPostgres().start()
        atexit.register(_server.stop)
    return _server.url()


@contextlib.contextmanager
def _file_lock(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


_databases: dict[tuple[str, str], "OracleDatabase"] = {}


class OracleDatabase:
    """A database built from Prisma's DDL for one schema: its URL, the DDL, and how it was prepared."""

    def __init__(self, url: str, ddl: str, preparation: Preparation):
        self.url, self.ddl, self.preparation = url, ddl, preparation


def oracle_database(server, schema_path: Path, name: str) -> OracleDatabase:
    """Once per test session and server: a fresh database `name` on `server` (the `pg_server`
    fixture) prepared for and holding Prisma's DDL of `schema_path`. Read it, do not change it."""
    key = (server.url(), str(schema_path))
    if key not in _databases:
        ddl = prisma_ddl(Path(schema_path), server.url())
        # one name per pytest-xdist worker: workers may share one server (TRIPLE_ORM_TEST_PG)
        url = server.create_database(f"{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
        _databases[key] = OracleDatabase(url, ddl, apply_ddl(url, ddl))
    return _databases[key]
