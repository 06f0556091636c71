"""The Kysely reader on kysely-codegen's output for real databases: for every corpus schema, the
database Prisma's DDL builds is introspected by the pinned kysely-codegen, and the types it writes
read back as that database's tables, columns, nullability, database-filled columns and enum values
(read from pg_catalog by read_catalog)."""

from __future__ import annotations

import re

import pytest

from testkit.corpus import corpus_params
from testkit.oracle import oracle_database
from testkit.toolchain import kysely_codegen
from tools.catalog.introspect import read_catalog
from tools.typescript.kysely_reader import kysely_to_columns, read_kysely

pytestmark = [pytest.mark.corpus, pytest.mark.postgres, pytest.mark.node]


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_kysely_codegen_output_reads_back_as_the_database(pg_server, corpus_schema, tmp_path):
    database = oracle_database(pg_server, corpus_schema.schema, "oracle_" + re.sub(r"[^a-z0-9]+", "_", corpus_schema.id.lower()))
    catalog = read_catalog(database.url)
    path = tmp_path / "db.d.ts"
    path.write_text(kysely_codegen(database.url))  # tables outside `public` are keyed "schema.table"
    file = read_kysely(path)
    assert file.problems == []
    shapes = kysely_to_columns(file)
    assert set(shapes) == set(catalog.tables)
    mismatches = []
    for key, shape in shapes.items():
        table = catalog.tables[key]
        columns = {c.name: c for c in table.columns}
        assert set(shape.columns) == set(columns), key
        for name, column in shape.columns.items():
            mismatches += _differences(catalog, key, columns[name], column)
    assert not mismatches, "\n".join(mismatches[:30])


def _differences(catalog, key, expected, column) -> list[str]:
    out = []
    where = f"{key}.{expected.name} ({column.declared})"
    if column.nullable != expected.nullable:
        out.append(f"{where}: nullable {column.nullable}, database {expected.nullable}")
    filled = expected.default is not None or expected.identity is not None or expected.generated is not None
    if (column.generated in ("Generated", "GeneratedAlways")) != filled:
        out.append(f"{where}: generated {column.generated}, database default {expected.default}")
    enum = catalog.enums.get(f"{expected.type_schema}.{expected.type}") if expected.type_schema else None
    if enum is not None and not expected.array and sorted(column.enum_values or []) != sorted(enum.values):
        out.append(f"{where}: enum values {column.enum_values}, database {enum.values}")
    return out
