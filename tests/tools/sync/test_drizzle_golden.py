"""Golden files of the Drizzle generator: tests/golden/drizzle/<case>/schema.prisma -> schema.ts.

One small schema per feature (scalars and native types with their defaults, client-side defaults,
keys and indexes, relations, multiSchema, views, names, relationMode, options). Each case folder
holds the schema, the expected `schema.ts`, optionally `options.json` (DrizzleOptions) and the
project's Json types. The expected files are checked by the real toolchain too: prettier with its
defaults accepts them unchanged, tsc --strict compiles them against drizzle-orm 0.45, drizzle-orm
resolves every relation, and drizzle-kit turns each into a database equal, object by object, to
the one Prisma's own engine creates from the schema (and then reports no change on a second run).

Set TRIPLE_ORM_REWRITE_GOLDEN=1 to rewrite the expected files deliberately (then read the diff).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from testkit.drizzle_checks import json_type_stubs, relation_problems
from testkit.drizzle_fidelity import drizzle_fidelity
from testkit.paths import REPO
from testkit.toolchain import drizzle_kit_generate, prettier_check, tsc_check
from tools.catalog.ddl import created_by_prisma
from tools.catalog.from_prisma import prisma_to_catalog
from tools.prisma import load_schema
from tools.sync.drizzle import DrizzleOptions, generate_drizzle

GOLDEN = REPO / "tests" / "golden" / "drizzle"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "schema.prisma").is_file())


def options(case: str) -> DrizzleOptions:
    options_file = GOLDEN / case / "options.json"
    return DrizzleOptions(**json.loads(options_file.read_text())) if options_file.is_file() else DrizzleOptions()


def generate(case: str) -> str:
    return generate_drizzle(load_schema(GOLDEN / case / "schema.prisma"), source="schema.prisma", options=options(case))


# drizzle-orm 0.45 has no defineRelations: the v2 case is compiled and run against 1.0 instead
# (test_drizzle_relations_v2.py); prettier and the golden comparison cover it here.
ON_045 = [c for c in CASES if options(c).relations == "v1"]


def case_files(case: str) -> dict[str, str]:
    """The golden schema.ts with the project files beside it (Json types, or stubs for them)."""
    folder = GOLDEN / case
    files = {p.name: p.read_text() for p in folder.iterdir() if p.suffix == ".ts"}
    if "PrismaJson." in files["schema.ts"]:
        files["prisma-json.d.ts"] = json_type_stubs(files["schema.ts"])
    return files


def test_every_feature_has_a_case():
    assert {"scalars", "client-defaults", "keys-indexes", "relations", "relations-v2", "multischema", "views",
            "naming", "relation-mode", "options"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_output_is_the_golden_file(case):
    text = generate(case)
    expected = GOLDEN / case / "schema.ts"
    if os.environ.get("TRIPLE_ORM_REWRITE_GOLDEN"):
        expected.write_text(text)
    assert text == expected.read_text(), f"rewrite with TRIPLE_ORM_REWRITE_GOLDEN=1 if {case} changed on purpose"


@pytest.mark.parametrize("case", CASES)
def test_generation_is_deterministic(case):
    assert generate(case) == generate(case)


@pytest.mark.node
def test_golden_files_are_formatted_as_prettier_formats_them(tmp_path):
    for case in CASES:
        (tmp_path / f"{case}.ts").write_text((GOLDEN / case / "schema.ts").read_text())
    result = prettier_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.node
@pytest.mark.parametrize("case", ON_045)
def test_golden_file_compiles_under_tsc_strict(case):
    result = tsc_check(case_files(case))
    assert result.returncode == 0, result.stdout


@pytest.mark.node
@pytest.mark.parametrize("case", ON_045)
def test_drizzle_resolves_every_relation(case):
    resolved, problems = relation_problems(case_files(case))
    assert not problems
    relation_fields = sum(len(m.relation_fields) for m in load_schema(GOLDEN / case / "schema.prisma").tables)
    assert resolved >= relation_fields  # every Prisma relation field (join tables add their own)


@pytest.mark.node
@pytest.mark.postgres
@pytest.mark.parametrize("case", ON_045)
def test_drizzle_kit_creates_the_database_prisma_creates(pg_server, case):
    result = drizzle_fidelity(pg_server, GOLDEN / case / "schema.prisma", (GOLDEN / case / "schema.ts").read_text(),
                              name=f"golden_{case.replace('-', '_')}")
    assert result.error is None, result.error
    assert result.diff.clean, "\n".join(result.diff.describe())
    tables = [t for t in prisma_to_catalog(load_schema(GOLDEN / case / "schema.prisma")).tables.values()
              if created_by_prisma(t)]
    assert result.diff.counts["tables"].compared == len(tables)  # every table was there to compare


@pytest.mark.node
@pytest.mark.parametrize("case", ON_045)
def test_a_second_drizzle_kit_generate_reports_no_changes(case):
    text = (GOLDEN / case / "schema.ts").read_text()
    with tempfile.TemporaryDirectory() as history:
        first = drizzle_kit_generate(text, Path(history))
        assert "CREATE TABLE" in first
        assert drizzle_kit_generate(text, Path(history)) == ""
