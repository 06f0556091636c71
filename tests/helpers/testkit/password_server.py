"""A throwaway PostgreSQL that checks passwords (scram-sha-256), unlike the trusting session server:
for the tests that show a password never reaches any output."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import psycopg


@contextmanager
def password_server(folder: Path, secret: str, prepare: Callable[[object], None] | None = None) -> Iterator[object]:
    """`prepare(server)` runs first, while the server still trusts every connection."""
    from tools.database.embedded import EmbeddedPostgres

    first = EmbeddedPostgres(data_dir=folder).start()
    if prepare is not None:
        prepare(first)
    with psycopg.connect(first.url(), autocommit=True) as admin:
        admin.execute(f"ALTER ROLE postgres PASSWORD '{secret}'")
        admin.execute("CHECKPOINT")  # the server runs without fsync and stops in immediate mode
    first.stop()
    hba = folder / "data" / "pg_hba.conf"
    hba.write_text(hba.read_text().replace("trust", "scram-sha-256"))
    server = EmbeddedPostgres(data_dir=folder, port=first.port).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
