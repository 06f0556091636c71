"""Fixtures of the drift tests: one real database per corpus schema, built from Prisma's own DDL.

Each database is built once per session (`testkit.oracle.oracle_database`) and never changed: a
seeded drift runs in a transaction on a connection of its own, the catalog is read through that
same connection (PostgreSQL's DDL is transactional, so the reader sees the seed) and the
transaction is rolled back. Tests that need the database through a URL copy it with
`CREATE DATABASE … TEMPLATE`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from testkit.oracle import oracle_database
from tools.catalog.model import Catalog
from tools.drift.database import compare_with_database, read_database, schema_catalog
from tools.prisma import load_schema

_copies = itertools.count()


@dataclass
class CorpusDatabase:
    """A corpus schema, the catalog it implies, and the database Prisma's DDL built from it."""

    id: str
    url: str
    name: str  # the database's name on the server
    schema_path: Path
    migrations: Path
    expected: Catalog
    stand_ins: list[str]  # what prepare_database created for the DDL (functions, domains)
    baseline: list  # findings on the unmodified database (INFO only, explained by the test set-up)

    def connect(self):
        import psycopg

        return psycopg.connect(self.url)


_cache: dict[str, CorpusDatabase] = {}


def db_name(corpus_id: str) -> str:
    return "oracle_" + re.sub(r"[^a-z0-9]+", "_", corpus_id.lower())


def corpus_database(pg_server, corpus_schema) -> CorpusDatabase:
    if corpus_schema.id not in _cache:
        name = db_name(corpus_schema.id)
        database = oracle_database(pg_server, corpus_schema.schema, name)
        expected = schema_catalog(load_schema(corpus_schema.schema))
        with _connect(database.url) as conn:
            baseline = compare_with_database(expected, read_database(conn, expected)).findings
        _cache[corpus_schema.id] = CorpusDatabase(corpus_schema.id, database.url, name, corpus_schema.schema,
                                                  corpus_schema.migrations, expected,
                                                  list(database.preparation.stand_ins), baseline)
    return _cache[corpus_schema.id]


def _connect(url: str):
    import psycopg

    return psycopg.connect(url)


def copy_database(pg_server, template: str, prefix: str = "copy") -> str:
    """A new database copied from `template` (nobody may be connected to it); returns its URL."""
    import psycopg

    name = f"{prefix}_{next(_copies)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return pg_server.url(name)


@pytest.fixture
def corpus_db(pg_server, corpus_schema) -> CorpusDatabase:
    if corpus_schema is None:
        pytest.skip("../shared/corpus not found")
    return corpus_database(pg_server, corpus_schema)
