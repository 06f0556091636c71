"""The Drizzle schema we generate describes exactly the database Prisma creates: for every corpus
schema and the example project.

For each schema, the generated file
1. is formatted as prettier formats it and compiles under `tsc --strict` against drizzle-orm 0.45
   (the `/// [TypeName]` Json types it names are declared as `unknown` stubs, standing in for the
   project's own declarations);
2. lets drizzle-orm resolve every relation (what `db.query.x.findMany({ with })` relies on);
3. goes through `drizzle-kit generate` (0.31) into SQL which, applied to an empty PostgreSQL, gives
   object for object the database Prisma's own engine creates from the Prisma schema: every table,
   column (type, nullability, default), primary key, index (method, order, operator class),
   foreign key (actions) and enum, with the same names. Two things are done to drizzle-kit's SQL
   first (testkit.drizzle_fidelity says why): its foreign keys are applied after its indexes
   (drizzle-kit 0.31 writes them first, which fails for a foreign key onto a unique index), and the
   datasource's `CREATE EXTENSION` statements run first (drizzle-kit does not manage extensions);
4. makes a second `drizzle-kit generate` report no changes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from testkit.drizzle_checks import json_type_stubs, relation_problems
from testkit.drizzle_fidelity import database_name, drizzle_fidelity
from testkit.paths import EXAMPLE
from testkit.toolchain import drizzle_kit_generate, prettier_check, tsc_check
from tools.catalog.ddl import created_by_prisma
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema
from tools.sync.drizzle import generate_drizzle

pytestmark = [pytest.mark.node, pytest.mark.postgres, pytest.mark.slow]

EXAMPLE_SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
SCHEMAS = [pytest.param(("edfinance", EXAMPLE_SCHEMA), id="example-edfinance")] + [
    pytest.param((p.values[0].id, p.values[0].schema), id=p.id, marks=[pytest.mark.corpus, *p.marks])
    if p.values[0] is not None else p for p in corpus_params()]


@pytest.mark.parametrize("target", SCHEMAS)
def test_generated_drizzle_schema_is_exact(pg_server, target, tmp_path):
    name, schema_path = target
    text = generate_drizzle(load_schema(schema_path), source=str(schema_path))
    files = {"schema.ts": text, "prisma-json.d.ts": json_type_stubs(text)}

    (tmp_path / "schema.ts").write_text(text)
    formatted = prettier_check(tmp_path / "schema.ts")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    compiled = tsc_check(files)
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    resolved, problems = relation_problems(files)
    assert not problems, problems

    with tempfile.TemporaryDirectory() as history:
        sql = drizzle_kit_generate(text, Path(history))
        assert drizzle_kit_generate(text, Path(history)) == "", "a second drizzle-kit generate found changes"
    result = drizzle_fidelity(pg_server, schema_path, text, name=database_name(name), sql=sql)
    assert result.error is None, result.error
    assert result.diff.clean, f"{name}: " + "\n".join(result.diff.describe()[:60])
    expected = prisma_to_catalog(load_schema(schema_path))
    counts = result.diff.counts
    created = [t for t in expected.tables.values() if created_by_prisma(t)]
    assert counts["tables"].compared == len(created) == counts["tables"].matched
    assert counts["columns"].matched == sum(len(t.columns) for t in created)
    assert counts["foreign_keys"].matched == sum(len(t.foreign_keys) for t in created)
