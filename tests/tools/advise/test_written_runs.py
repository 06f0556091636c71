"""The queries the advisor writes return the same rows as the query they were written from.

On a real PostgreSQL with the example project's migrations applied and rows inserted
(data/seed.sql): each runnable input (SQL through psycopg; a Drizzle or Kysely snippet through
tsx) and every Drizzle and Kysely query the advisor writes for it (through tsx, with the generated
schema and types) must return the same rows. Prisma inputs cannot run here (no Prisma Client is
generated), so for those the Drizzle and the Kysely versions are run and must agree with each other.

Rows are compared as values: column names without case or underscores (Drizzle's `select()`
returns `fullName`, SQL `full_name`), numbers and numeric strings as decimals (Kysely's counts are
strings, Drizzle's numbers), dates as instants; in order when the query orders by a unique key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

import psycopg
import pytest
import yaml

from testkit.toolchain import run_tsx
from tools.advise.advisor import advise
from tools.advise.written import Written, free_names

DATA = Path(__file__).parent / "data"
MIGRATIONS = Path(__file__).resolve().parents[3] / "examples" / "edfinance" / "apps" / "api" / "prisma" / "migrations"

MAIN = """import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import * as schema from "./drizzle.ts";
import type { DB } from "./kysely.ts";
{imports}
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const drizzleDb = drizzle(pool, { schema });
const kyselyDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const out: Record<string, unknown> = {};
{calls}
console.log(JSON.stringify(out, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
await kyselyDb.destroy();
"""


def items() -> list[dict]:
    return yaml.safe_load((DATA / "example_queries.yaml").read_text())["items"]


@pytest.fixture(scope="module")
def example_db(fresh_db) -> str:
    url = fresh_db("advise_rows")
    with psycopg.connect(url) as conn:
        for folder in sorted(p for p in MIGRATIONS.iterdir() if p.is_dir()):
            conn.execute((folder / "migration.sql").read_text())
        conn.execute((DATA / "seed.sql").read_text())
    return url


@pytest.fixture(scope="module")
def fresh_db(pg_server):  # module scope: one seeded database for every comparison of this file
    counter = iter(range(1000))
    return lambda prefix: pg_server.create_database(f"{prefix}_{next(counter)}")


def sql_rows(url: str, sql: str, params: dict) -> list[dict]:
    """Rows of SQL written with `$1`…: psycopg binds `%(name)s`, and `%` must be doubled."""
    values = {name: _sql_value(spec["sql"]) for name, spec in params.items()}
    query = re.sub(r"\$(\d+)", r"%(p\1)s", sql.replace("%", "%%"))
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(query, values)
        names = [c.name for c in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def _sql_value(value):
    if isinstance(value, str) and value.startswith("=vector:"):
        return "[" + ",".join([value.split(":", 1)[1]] * 1536) + "]"
    return value


def call_line(key: str, module: str, written: Written, client: str, params: dict) -> str:
    args = [client] + [params[name]["ts"] for name, _ in written.params]
    args += [params[name]["ts"] for name in written.free if name not in dict(written.params)]
    return f'out["{key}"] = await {module}({", ".join(args)});'


def input_as_written(item: dict, orm: str) -> Written:
    """The Drizzle/Kysely snippet of an input, as a module taking its free names as parameters."""
    code = item["input"].strip().rstrip(";")
    client = re.match(r"\s*(?:await\s+)?([A-Za-z_$][\w$]*)", code).group(1)
    imports = ['import { sql } from "kysely";'] if orm == "kysely" else [
        'import { and, desc, eq, ne } from "drizzle-orm";', 'import { course, enrollment } from "./drizzle.ts";']
    imported = set(re.findall(r"[A-Za-z_$][\w$]*", " ".join(i.split(" from ")[0] for i in imports)))
    names = [n for n in free_names(code) if n != client and n not in imported]
    return Written(orm, code, imports, params=[(n, "any") for n in names], client=client)


def run_all(cases: dict, harness, url: str) -> dict:
    """One tsx process: each (key -> (written, params)) module called, results by key."""
    files, imports, calls = dict(harness.files), [], []
    for index, (key, (written, params)) in enumerate(cases.items()):
        files[f"m{index}.ts"] = harness.module(written, f"q{index}")
        imports.append(f'import {{ q{index} }} from "./m{index}.ts";')
        client = "drizzleDb" if written.orm == "drizzle" else "kyselyDb"
        calls.append(call_line(key, f"q{index}", written, client, params))
    script = MAIN.replace("{imports}", "\n".join(imports)).replace("{calls}", "\n".join(calls))
    result = run_tsx(script, env={"DATABASE_URL": url, "TZ": "UTC"}, files=files)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def normalise(rows, ordered: bool) -> list:
    out = [{re.sub(r"_", "", k).lower(): _value(v) for k, v in row.items()} for row in rows]
    return out if ordered else sorted(out, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _value(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return str(Decimal(str(value)).normalize())
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc).isoformat(timespec="milliseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return _string(value)


def _string(value: str):
    try:
        return str(Decimal(value).normalize())
    except (InvalidOperation, ValueError):
        pass
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds") if parsed.tzinfo else value
    except ValueError:
        return value


@pytest.mark.postgres
@pytest.mark.node
@pytest.mark.slow
def test_written_queries_return_the_rows_of_the_input(example_db, example_schema, example_harness):
    cases, expected, compared = {}, {}, []
    for item in items():
        if not (item.get("run") or item.get("cross_check")):
            continue
        params = item.get("params", {})
        advice = advise(item["input"], example_schema, names=example_harness.names, all_orms=True)
        for orm in ("drizzle", "kysely"):
            written = advice.code.get(orm)
            assert written is not None, f"{item['id']}: not written in {orm}: {advice.not_written.get(orm)}"
            if "as given (already this ORM)" in written.notes:
                cases[f"{item['id']}:input"] = (input_as_written(item, orm), params)
            else:
                cases[f"{item['id']}:{orm}"] = (written, params)
        if advice.input.kind == "sql":
            expected[item["id"]] = sql_rows(example_db, item["input"], params)
        compared.append(item)
    results = run_all(cases, example_harness, example_db)
    for item in compared:
        ordered = bool(item.get("ordered"))
        reference = expected.get(item["id"], results.get(f"{item['id']}:input"))
        versions = {orm: results[f"{item['id']}:{orm}"] for orm in ("drizzle", "kysely") if f"{item['id']}:{orm}" in results}
        if reference is None:  # a Prisma input: its two translations must agree
            reference = versions.pop("kysely")
        assert reference, f"{item['id']}: the reference query returned no rows (the seed should give it some)"
        for orm, rows in versions.items():
            assert normalise(rows, ordered) == normalise(reference, ordered), f"{item['id']} ({orm})"
    assert len(compared) >= 18
