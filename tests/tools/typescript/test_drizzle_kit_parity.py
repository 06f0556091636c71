"""drizzle_to_catalog(read_drizzle(file)) is the database drizzle-kit creates from the file: each
fixture goes through the pinned `drizzle-kit generate`, its SQL is applied to a real PostgreSQL, and
the catalog read back equals the one derived from the TypeScript, object for object (names of
unnamed constraints, defaults as stored, NULLS order of index keys, serial and identity columns).
The fixtures also type-check under `tsc --strict` against the pinned drizzle-orm.
"""

from __future__ import annotations


import pytest

from testkit.paths import REPO
from testkit.toolchain import ToolchainError, _run, bin_path, staged, tsc_check
from tools.catalog.compare import compare_catalogs
from tools.catalog.introspect import read_catalog
from tools.database.prepare import apply_ddl
from tools.typescript.drizzle_reader import drizzle_to_catalog, read_drizzle

pytestmark = [pytest.mark.node, pytest.mark.postgres]

FIXTURES = REPO / "tests" / "golden" / "typescript" / "drizzle"
# fixture -> drizzle's casing setting (the same flag is given to drizzle-kit)
KIT_CASES = {"array-config": None, "helpers": None, "casing": "snake_case", "relations-v1": None}


def kit_generate(case: str, casing: str | None) -> str:
    """The SQL `drizzle-kit generate` writes for a fixture folder (entry schema.ts, helpers beside it)."""
    with staged(FIXTURES / case) as folder:
        args = [bin_path("drizzle-kit"), "generate", "--dialect", "postgresql", "--schema", "schema.ts", "--out", "out"]
        if casing:
            args += ["--casing", casing]
        result = _run(args, cwd=folder)
        written = sorted((folder / "out").glob("*.sql"))
        if not written:
            raise ToolchainError(f"drizzle-kit generate wrote nothing for {case}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return written[-1].read_text()


@pytest.mark.parametrize(("case", "casing"), list(KIT_CASES.items()), ids=list(KIT_CASES))
def test_catalog_equals_the_database_drizzle_kit_creates(fresh_db, case, casing):
    sql = kit_generate(case, casing)
    url = fresh_db("kit")
    apply_ddl(url, sql)
    file = read_drizzle(FIXTURES / case / "schema.ts", casing=casing)
    assert file.problems == []
    expected = drizzle_to_catalog(file)
    diff = compare_catalogs(expected, read_catalog(url), ignore={"other-object"})
    assert diff.compared >= 10, f"{case}: only {diff.compared} objects compared"
    assert diff.clean, f"{case}:\n  " + "\n  ".join(diff.describe())


def test_a_hand_edit_shows_up_as_a_difference(fresh_db):
    """The comparison above can fail: the same file with one column's type changed by hand no
    longer matches the database drizzle-kit made from the original."""
    url = fresh_db("kit_edit")
    apply_ddl(url, kit_generate("relations-v1", None))
    text = (FIXTURES / "relations-v1" / "schema.ts").read_text().replace("name: text().notNull(),\n  managerId",
                                                                          "name: varchar({ length: 80 }),\n  managerId")
    text = text.replace("import { integer,", "import { varchar, integer,")
    edited = read_drizzle(text, path=str(FIXTURES / "relations-v1" / "edited.ts"))
    diff = compare_catalogs(drizzle_to_catalog(edited), read_catalog(url), ignore={"other-object"})
    assert sorted((d.kind, d.object) for d in diff.drift) == [("column-nullability", "public.users.name"),
                                                              ("column-type", "public.users.name")]


@pytest.mark.parametrize("case", ["array-config", "helpers", "casing", "relations-v1"])
def test_fixtures_type_check_against_the_pinned_drizzle_orm(case):
    result = tsc_check(FIXTURES / case)
    assert result.returncode == 0, result.stdout[-3000:]


def test_fixtures_that_must_not_compile_do_not():
    """The unresolved and syntax-error fixtures are meant to be broken (tsc says so too)."""
    assert tsc_check(FIXTURES / "unresolved").returncode != 0
    assert tsc_check(FIXTURES / "syntax-error").returncode != 0
