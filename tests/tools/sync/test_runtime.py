"""Rows inserted and selected through the generated files, with the real driver, on real databases.

- runtime/roundtrip.ts: the example project's migrations applied to a fresh PostgreSQL, then rows
  through the generated Kysely types and the generated Drizzle schema: client-side ids (uuid(),
  uuid(7), cuid(), cuid(2), ulid(), nanoid(12)), @updatedAt, BigInt and Decimal as pg returns them,
  typed Json; each side reads what the other wrote.
- runtime/pg_types.ts: the golden `scalars` schema (Prisma's own DDL): what `pg` returns for every
  type, against the types the generated file declares (enum arrays as text, numeric[] as numbers).
- runtime/enum_arrays.ts: with `enum-arrays = "array"` and runtime enums, enum and citext arrays
  are arrays once the application registers pg's text[] parser for them (the README's snippet).

Both scripts are type-checked with tsc --strict (their `@ts-expect-error` lines must hold) and then
run with tsx; node:assert fails the script on any value that disagrees.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from testkit.oracle import apply_ddl, prisma_ddl
from testkit.paths import EXAMPLE, REPO
from testkit.toolchain import run_tsx, tsc_check
from tools.prisma import load_schema
from tools.sync import SyncOptions, plan_sync

pytestmark = [pytest.mark.postgres, pytest.mark.node]

RUNTIME = Path(__file__).parent / "runtime"
EXAMPLE_SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"
SCALARS = REPO / "tests" / "golden" / "kysely" / "scalars"


def generated(schema_path: Path, tmp_path: Path, drizzle: bool = True) -> dict[str, str]:
    plan = plan_sync(load_schema(schema_path), tmp_path / "schema.ts" if drizzle else None, tmp_path / "types.ts",
                     source="schema.prisma")
    return {p.path.name: p.content for p in plan.files}


def check_and_run(script: Path, files: dict[str, str], url: str) -> dict:
    typed = tsc_check({**files, "main.ts": script.read_text()})
    assert typed.returncode == 0, typed.stdout
    result = run_tsx(script, env={"DATABASE_URL": url}, files=files)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_rows_through_generated_drizzle_and_kysely_on_the_example_database(fresh_db, tmp_path):
    url = fresh_db("sync_runtime")
    with psycopg.connect(url) as conn:  # as `prisma migrate deploy` applies them
        for folder in sorted(p for p in (EXAMPLE_SCHEMA.parent / "migrations").iterdir() if p.is_dir()):
            conn.execute((folder / "migration.sql").read_text())
            conn.commit()
    files = generated(EXAMPLE_SCHEMA, tmp_path)
    files["prisma-json.d.ts"] = (EXAMPLE / "apps/api/src/types/prisma-json.d.ts").read_text()
    report = check_and_run(RUNTIME / "roundtrip.ts", files, url)
    with psycopg.connect(url) as conn:  # what the scripts wrote is in the database
        users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
        code = conn.execute("SELECT code FROM certificates WHERE id = %s", (report["drizzle"]["certificate"],)).fetchone()[0]
        joined = conn.execute('SELECT count(*) FROM "_CourseToTag"').fetchone()[0]
    assert users == 2 and code == report["drizzle"]["code"] and joined == 1
    assert report["kysely"]["decimal"] == "1500000.00" and report["kysely"]["bigintId"].isdigit()


def test_what_pg_returns_for_every_type_matches_the_declared_types(fresh_db, pg_server, tmp_path):
    url = fresh_db("sync_pg_types")
    apply_ddl(url, prisma_ddl(SCALARS / "schema.prisma", pg_server.url()))
    files = generated(SCALARS / "schema.prisma", tmp_path, drizzle=False)
    files["json-types.d.ts"] = (SCALARS / "json-types.d.ts").read_text()
    report = check_and_run(RUNTIME / "pg_types.ts", files, url)
    assert report["statusList"] == "{DRAFT,placed}" and report["citexts"] == "{a,B}"
    assert report["decimals"] == [1.5, 2.25] and report["time"] == "14:30:00"


def test_enum_arrays_as_arrays_once_the_application_registers_a_parser(fresh_db, pg_server, tmp_path):
    case = REPO / "tests" / "golden" / "kysely" / "options"
    url = fresh_db("sync_enum_arrays")
    apply_ddl(url, prisma_ddl(case / "schema.prisma", pg_server.url()))
    options = SyncOptions(**json.loads((case / "options.json").read_text()))
    plan = plan_sync(load_schema(case / "schema.prisma"), None, tmp_path / "types.ts", source="schema.prisma",
                     options=options)
    files = {"types.ts": plan.files[0].content, "json-types.ts": (case / "json-types.ts").read_text()}
    report = check_and_run(RUNTIME / "enum_arrays.ts", files, url)
    assert report["formats"] == ["VIDEO", "live"]
