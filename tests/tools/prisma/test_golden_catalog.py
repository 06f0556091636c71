"""The catalog derived from each golden reader case equals, object by object, the database that
Prisma's own DDL creates (applied to a real PostgreSQL and read back).

The golden DDL test pins Prisma's *spelling*; this one pins what PostgreSQL makes of it: canonical
types, defaults as `pg_get_expr` prints them, operator classes, names cut to 63 bytes. Views are left
out (Prisma's migrations never create them) with the schemas that hold nothing else, as are objects
only the preparation added.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from testkit.oracle import oracle_database
from testkit.paths import REPO
from tools.catalog.compare import compare_catalogs
from tools.catalog.from_prisma import prisma_to_catalog
from tools.catalog.introspect import read_catalog
from tools.prisma import load_schema

pytestmark = [pytest.mark.postgres, pytest.mark.node]

GOLDEN = REPO / "tests" / "golden" / "reader"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def _schema_path(case: Path) -> Path:
    return case / "schema" if (case / "schema").is_dir() else case / "schema.prisma"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_derived_catalog_equals_the_database_prisma_creates(pg_server, case: Path) -> None:
    if (case / "CATALOG_NOT_CHECKED").is_file():  # the reason is in the file; the DDL test still covers the case
        pytest.skip((case / "CATALOG_NOT_CHECKED").read_text().strip())
    database = oracle_database(pg_server, _schema_path(case), "golden_" + re.sub(r"[^a-z0-9]+", "_", case.name))
    expected = prisma_to_catalog(load_schema(_schema_path(case)))
    expected.views = {}
    expected.schemas = [s for s in expected.schemas if any(t.schema == s for t in expected.tables.values())
                        or any(e.schema == s for e in expected.enums.values())]
    diff = compare_catalogs(expected, read_catalog(database.url, default_schema=expected.default_schema),
                            ignore={"other-object"})
    assert diff.compared > 0 or not expected.tables
    assert not diff.drift, "\n".join(diff.describe()[:40])
