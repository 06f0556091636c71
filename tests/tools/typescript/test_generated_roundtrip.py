"""Round trip through our own generator: for every corpus schema,
`drizzle_to_catalog(read_drizzle(generate_drizzle(schema)))` is `prisma_to_catalog(schema)`, object
for object, and what Prisma Client does on the client side (`@default(cuid())`, `@updatedAt`) is in
the side structure the type comparator reads. (Kysely's round trip is in test_kysely_reader.py.)

Left out, with reason: extensions. A Drizzle schema has no declaration of them (the generated file
uses `vector(...)` columns, but nothing in it says `CREATE EXTENSION`).
"""

from __future__ import annotations

import pytest

from testkit.corpus import corpus_params
from testkit.paths import EXAMPLE
from tools.catalog.compare import compare_catalogs
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema
from tools.typescript.drizzle_reader import drizzle_client_side, drizzle_to_catalog, read_drizzle

CLIENT_FUNCTIONS = ("uuid", "cuid", "nanoid", "ulid")
NOT_IN_A_DRIZZLE_SCHEMA = {"extension-missing"}


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_generated_drizzle_reads_back_as_the_schemas_catalog(corpus_schema, tmp_path):
    _round_trip(corpus_schema.schema, tmp_path, corpus_schema.id)


def test_the_example_projects_generated_drizzle_reads_back(tmp_path):
    """pgvector columns, typed Json, composite keys and implicit many-to-many of the example."""
    _round_trip(EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma", tmp_path, "example")


def _round_trip(schema_path, tmp_path, where: str) -> None:
    from tools.sync.drizzle import generate_drizzle

    schema = load_schema(schema_path)
    path = tmp_path / "schema.ts"
    path.write_text(generate_drizzle(schema, source=str(schema_path)))
    file = read_drizzle(path)
    assert file.problems == []
    expected = prisma_to_catalog(schema)
    diff = compare_catalogs(expected, drizzle_to_catalog(file), ignore=NOT_IN_A_DRIZZLE_SCHEMA)
    assert diff.compared > 0
    assert diff.clean, f"{where}:\n  " + "\n  ".join(diff.describe()[:40])
    _client_side_matches(schema, expected, drizzle_client_side(file), where)


def _client_side_matches(schema, catalog, client, where: str) -> None:
    """Every client-side default and @updatedAt of the Prisma schema is a $defaultFn / $onUpdate."""
    missing = []
    for model in schema.tables:
        table = catalog.table(model.db_name[:63], model.schema or catalog.default_schema)
        columns = client[table.key]
        for field in model.columns:
            column = columns[field.db_name[:63]]
            default = field.default
            if default is not None and default.kind == "function" and default.function in CLIENT_FUNCTIONS \
                    and column.default_fn is None:
                missing.append(f"{table.key}.{column.column}: @default({default.function}()) has no $defaultFn")
            if field.updated_at and column.on_update is None:
                missing.append(f"{table.key}.{column.column}: @updatedAt has no $onUpdate")
    assert not missing, f"{where}:\n  " + "\n  ".join(missing[:20])
