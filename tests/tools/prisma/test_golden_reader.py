"""Golden tests of the reader: each case's DDL equals what Prisma's own engine prints for it.

`tests/golden/reader/<case>/schema.prisma` (or a `schema/` folder) sits beside `expected.sql`,
recorded from Prisma's engine (`../shared/oracles/prisma-diff`). One test compares our output with
the recording; another re-runs the engine where it is available so a recording cannot go stale.
Set TRIPLE_ORM_REWRITE_GOLDEN=1 to re-record deliberately from the engine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from testkit.paths import REPO
from tools.catalog.ddl import catalog_to_sql
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema

GOLDEN = REPO / "tests" / "golden" / "reader"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def _schema_path(case: Path) -> Path:
    return case / "schema" if (case / "schema").is_dir() else case / "schema.prisma"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_ddl_equals_recorded_prisma_ddl(case: Path) -> None:
    ours = catalog_to_sql(prisma_to_catalog(load_schema(_schema_path(case))))
    assert ours == (case / "expected.sql").read_text()


@pytest.mark.node
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_recording_is_what_prisma_prints_today(case: Path) -> None:
    from testkit.oracle import prisma_ddl

    engine = prisma_ddl(_schema_path(case))
    if os.environ.get("TRIPLE_ORM_REWRITE_GOLDEN"):
        (case / "expected.sql").write_text(engine)
    assert engine == (case / "expected.sql").read_text()


@pytest.mark.node
def test_example_project_ddl_matches_prisma_engine() -> None:
    from testkit.oracle import prisma_ddl
    from testkit.paths import EXAMPLE

    schema = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
    assert catalog_to_sql(prisma_to_catalog(load_schema(schema))) == prisma_ddl(schema)
