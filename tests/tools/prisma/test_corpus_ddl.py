"""For every corpus schema, `triple-orm sql` prints exactly what Prisma's own engine prints."""

from __future__ import annotations

import difflib

import pytest

from testkit.corpus import corpus_params
from tools.catalog.ddl import catalog_to_sql
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema


@pytest.mark.corpus
@pytest.mark.node
@pytest.mark.parametrize("corpus", corpus_params())
def test_ddl_is_byte_identical_to_prisma_engine(corpus) -> None:
    from testkit.oracle import prisma_ddl

    expected = prisma_ddl(corpus.schema)
    ours = catalog_to_sql(prisma_to_catalog(load_schema(corpus.schema)))
    if ours != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), ours.splitlines(), "prisma", "triple-orm", lineterm="", n=1))
        pytest.fail(f"DDL differs from Prisma's engine for {corpus.id}:\n{diff[:6000]}")
