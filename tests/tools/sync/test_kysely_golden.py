"""Golden files of the Kysely generator: tests/golden/kysely/<case>/schema.prisma -> types.ts.

Each case folder holds the schema, the expected `types.ts`, optionally `options.json` (SyncOptions),
`warnings.txt` (the expected warnings, one a line), the project's JSON types (`json-types.*`) and
type-level checks (`usage.ts`). The expected files are checked by the real toolchain too: prettier
with its defaults accepts them unchanged, and tsc --strict compiles each case against kysely.

Set TRIPLE_ORM_REWRITE_GOLDEN=1 to rewrite the expected files deliberately (then read the diff).
"""

from __future__ import annotations

import json
import os

import pytest

from testkit.paths import REPO
from testkit.toolchain import prettier_check, tsc_check
from tools.prisma import load_schema
from tools.sync.kysely import build_kysely
from tools.sync.options import SyncOptions

GOLDEN = REPO / "tests" / "golden" / "kysely"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "schema.prisma").is_file())


def generate(case: str):
    folder = GOLDEN / case
    options_file = folder / "options.json"
    options = SyncOptions(**json.loads(options_file.read_text())) if options_file.is_file() else SyncOptions()
    return build_kysely(load_schema(folder / "schema.prisma"), source="schema.prisma", options=options)


@pytest.mark.parametrize("case", CASES)
def test_output_is_the_golden_file(case):
    built = generate(case)
    expected_file, warnings_file = GOLDEN / case / "types.ts", GOLDEN / case / "warnings.txt"
    if os.environ.get("TRIPLE_ORM_REWRITE_GOLDEN"):
        expected_file.write_text(built.text)
        if built.warnings:
            warnings_file.write_text("\n".join(built.warnings) + "\n")
        else:
            warnings_file.unlink(missing_ok=True)
    assert built.text == expected_file.read_text(), f"rewrite with TRIPLE_ORM_REWRITE_GOLDEN=1 if {case} changed on purpose"
    expected_warnings = warnings_file.read_text().splitlines() if warnings_file.is_file() else []
    assert built.warnings == expected_warnings


@pytest.mark.parametrize("case", CASES)
def test_generation_is_deterministic_and_idempotent(case):
    assert generate(case).text == generate(case).text


@pytest.mark.node
def test_golden_files_are_formatted_as_prettier_formats_them(tmp_path):
    for case in CASES:
        (tmp_path / f"{case}.ts").write_text((GOLDEN / case / "types.ts").read_text())
    result = prettier_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.node
@pytest.mark.parametrize("case", CASES)
def test_golden_file_compiles_under_tsc_strict(case):
    folder = GOLDEN / case
    files = {p.name: p.read_text() for p in folder.iterdir() if p.suffix == ".ts"}
    result = tsc_check(files)
    assert result.returncode == 0, result.stdout


@pytest.mark.node
def test_type_checks_fail_when_a_decision_is_reversed():
    """usage.ts is a real check: with @updatedAt made optional, its @ts-expect-error line fails."""
    folder = GOLDEN / "scalars"
    types = (folder / "types.ts").read_text().replace("  updatedAt: Timestamp;", "  updatedAt: Generated<Timestamp>;")
    files = {"types.ts": types, "usage.ts": (folder / "usage.ts").read_text(),
             "json-types.d.ts": (folder / "json-types.d.ts").read_text()}
    result = tsc_check(files)
    assert result.returncode != 0 and "Unused '@ts-expect-error' directive" in result.stdout, result.stdout
