"""The database a Prisma schema implies, derived from the schema alone, equals object by object the
database Prisma's own engine creates (its DDL applied to a real PostgreSQL and read back), for every
corpus schema. The same holds for the DDL `triple-orm sql` prints, applied the same way.

Left out of the comparison, with reason: objects outside Prisma's model that only the preparation
put there (a stand-in `nanoid()` function), and views (Prisma's migrations never create them, so the
database has none; the derived catalog knows them for drift checks).
"""

from __future__ import annotations

import re

import pytest

from testkit.corpus import corpus_params
from testkit.oracle import oracle_database
from tools.catalog.compare import compare_catalogs
from tools.catalog.ddl import catalog_to_sql
from tools.catalog.from_prisma import prisma_to_catalog
from tools.catalog.introspect import read_catalog
from tools.database.prepare import apply_ddl
from tools.prisma import load_schema

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]



def _assert_same(expected, actual, where: str) -> None:
    expected.views = {}  # never created by Prisma's migrations (see the module docstring)
    diff = compare_catalogs(expected, actual, ignore={"other-object"})
    summary = diff.summary()
    assert diff.compared > 0, f"{where}: nothing was compared"
    mismatched = {kind: t for kind, t in summary["objects"].items() if t["matched"] != t["compared"]}
    listing = "\n  ".join(diff.describe()[:60])
    assert diff.clean and not mismatched, f"{where}: {len(diff.drift)} differences ({mismatched})\n  {listing}"


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_derived_catalog_equals_the_database_prismas_engine_creates(pg_server, corpus_schema):
    database = oracle_database(pg_server, corpus_schema.schema, _db_name(corpus_schema.id))
    expected = prisma_to_catalog(load_schema(corpus_schema.schema))
    _assert_same(expected, read_catalog(database.url, default_schema=expected.default_schema),
                 f"{corpus_schema.id} (Prisma's DDL)")


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_derived_catalog_equals_the_database_our_ddl_creates(pg_server, fresh_db, corpus_schema):
    expected = prisma_to_catalog(load_schema(corpus_schema.schema))
    url = fresh_db("ours")
    apply_ddl(url, catalog_to_sql(expected))  # prepared exactly as the oracle's database
    _assert_same(expected, read_catalog(url, default_schema=expected.default_schema),
                 f"{corpus_schema.id} (triple-orm sql)")


def _db_name(corpus_id: str) -> str:
    return "oracle_" + re.sub(r"[^a-z0-9]+", "_", corpus_id.lower())
