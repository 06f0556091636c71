"""Benchmark of `triple-orm check` against the database of the largest corpus schema (civitai: 302
models, 696 migrations), as a whole process.

The database is built on a throwaway PostgreSQL from the schema's DDL (byte-identical to Prisma's
engine's), and `_prisma_migrations` records the schema's whole migrations folder, so that a check
compares every object and every migration and finds nothing. Prints, in one run:
- the time of `triple-orm check` as a whole process (median and best of N; target < 1 s) for the
  pre-deployment gate: schema ⇄ database and migrations folder ⇄ `_prisma_migrations`;
- the number of statements the check sends to the database, counted by a psycopg hook, on this
  schema and on the smallest corpus schema (constant: not one per table);
- the peak memory of the process (target < 150 MB);
- apart, what the optional parts cost on this schema: the migrations replayed on a throwaway
  server (the "forgot prisma migrate dev" check) and the Drizzle and Kysely files.

    .venv/bin/python evals/bench_check.py [--runs 7] [--no-extras]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIPLE_ORM_SHARED", REPO.parent / "shared"))
CIVITAI = SHARED / "corpus/civitai__civitai/packages/civitai-db-schema/prisma"
LARGEST = (CIVITAI / "schema.full.prisma", CIVITAI / "migrations")
SMALLEST = (SHARED / "corpus/amplication__amplication/packages/data-service-generator-catalog/prisma/schema.prisma",
            SHARED / "corpus/amplication__amplication/packages/data-service-generator-catalog/prisma/migrations")


def build_database(server, name: str, schema: Path, migrations: Path) -> str:
    """A database holding what the schema implies, its migrations recorded as applied."""
    import psycopg

    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.database.prepare import apply_ddl
    from tools.drift.migrations_folder import read_migrations_folder
    from tools.prisma import load_schema

    url = server.create_database(name)
    apply_ddl(url, catalog_to_sql(prisma_to_catalog(load_schema(schema))))
    folder = read_migrations_folder(migrations)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, '
                     '"finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, '
                     '"rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), '
                     '"applied_steps_count" INTEGER NOT NULL DEFAULT 0)')
        with conn.cursor() as cursor:
            cursor.executemany('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, '
                               "applied_steps_count) VALUES (gen_random_uuid()::text, %s, %s, now(), 1)",
                               [(m.checksum, m.name) for m in folder.migrations])
        conn.execute("VACUUM ANALYZE")
    return url


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KB, exit code, stdout) of one whole process (/usr/bin/time).

    CPU time (user + system) is what the process itself costs; on a shared, loaded machine the
    wall time also holds the time spent waiting for a CPU, and the database server's own time."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("DATABASE_URL", None)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command], capture_output=True,
                                text=True, env=env, cwd=cwd)
        elapsed = time.perf_counter() - start
        user, system, peak = report.read().strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(peak), result.returncode, result.stdout


def count_statements(schema: Path, migrations: Path, url: str) -> tuple[int, int]:
    """(statements sent to the database, findings) of one in-process check, counted by a psycopg hook."""
    import psycopg

    from tools.drift.check import CheckOptions, run_check

    sent = []
    original = psycopg.Cursor.execute

    def counting(self, query, params=None, **kwargs):
        sent.append(query)
        return original(self, query, params, **kwargs)

    psycopg.Cursor.execute = counting
    try:
        report = run_check(CheckOptions(schema=schema, migrations=migrations, database_url=url, replay=False))
    finally:
        psycopg.Cursor.execute = original
    return len(sent), len(report.findings)


def check_command(schema: Path, migrations: Path, url: str | None, *extra: str) -> list[str]:
    script = Path(sys.executable).with_name("triple-orm")
    database = ["--database-url", url] if url else []
    return [str(script), "check", "--schema", str(schema), "--migrations", str(migrations), *database, "--format",
            "json", *extra]


def whole_process(command: list[str], runs: int, cwd: Path) -> tuple[list[float], list[float], int, int, dict]:
    times, cpu, peak, code, report = [], [], 0, 0, {}
    for _ in range(runs):
        elapsed, seconds, rss, code, out = timed(command, cwd)
        times.append(elapsed)
        cpu.append(seconds)
        peak = max(peak, rss)
        report = json.loads(out) if out.strip().startswith("{") else {}
    return times, cpu, peak, code, report


def extras(schema: Path, migrations: Path, url: str, cwd: Path) -> None:
    """The optional parts: the replay of 696 migrations, and the Drizzle and Kysely files."""
    from tools.prisma import load_schema
    from tools.sync import plan_sync

    times, _, peak, code, report = whole_process(check_command(schema, migrations, None, "--embedded"), 1, cwd)
    replay = next((c for c in report.get("comparisons", []) if c["name"] == "migration-replay"), {})
    print(f"  + migrations replayed (--embedded, {replay.get('notes', ['?'])[-1] if replay.get('status') == 'ran' else replay.get('reason', '?')[:160]}): "
          f"{times[0]:.2f} s, peak {peak / 1024:.0f} MB, exit {code}")
    folder = Path(tempfile.mkdtemp(prefix="bench-check-"))
    drizzle, kysely = folder / "schema.ts", folder / "types.ts"
    # the schema label in the header is the one `check` will use here (no configuration: the path as given)
    for planned in plan_sync(load_schema(schema), drizzle_out=drizzle, kysely_out=kysely, source=schema.as_posix()).files:
        planned.path.write_text(planned.content, encoding="utf-8")
    command = check_command(schema, migrations, url, "--no-replay", "--drizzle", str(drizzle), "--kysely", str(kysely))
    times, _, peak, code, report = whole_process(command, 1, cwd)
    print(f"  + Drizzle and Kysely files (untouched, so sync's generators run to tell current from stale): "
          f"{times[0]:.2f} s, peak {peak / 1024:.0f} MB, exit {code}, {report.get('summary', {}).get('compared', 0)} objects")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-extras", action="store_true", help="skip the replay and TypeScript measurements")
    args = parser.parse_args()
    if not LARGEST[0].is_file():
        raise SystemExit(f"corpus not found at {SHARED} (set TRIPLE_ORM_SHARED)")
    from tools.database.embedded import EmbeddedPostgres

    server = EmbeddedPostgres().start()
    cwd = Path(tempfile.mkdtemp(prefix="bench-check-cwd-"))  # no triple-orm.toml: only the flags count
    try:
        large = build_database(server, "bench_civitai", *LARGEST)
        small = build_database(server, "bench_small", *SMALLEST)
        command = check_command(*LARGEST, large, "--no-replay")
        whole_process(command, 1, cwd)  # warm the server's catalog caches and the OS file cache
        times, cpu, peak, code, report = whole_process(command, args.runs, cwd)
        summary = report.get("summary", {})
        print(f"schema: {LARGEST[0]} ({summary.get('compared', 0)} objects compared, "
              f"{sum(1 for _ in LARGEST[1].iterdir() if _.is_dir())} migrations)")
        print(f"triple-orm check (schema ⇄ database, migrations ⇄ _prisma_migrations), whole process, {args.runs} runs:")
        print(f"  wall: median {statistics.median(times):.3f} s, best {min(times):.3f} s (target < 1 s); "
              f"exit {code}, {summary.get('findings', '?')} findings")
        print(f"  CPU of the process (user+system): median {statistics.median(cpu):.3f} s, best {min(cpu):.3f} s; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"  peak memory {peak / 1024:.1f} MB (target < 150 MB)")
        large_count, _ = count_statements(*LARGEST, large)
        small_count, _ = count_statements(*SMALLEST, small)
        tables = len(json.loads(json.dumps(report)).get("comparisons", [{}])[0].get("compared", {})) and \
            report["comparisons"][0]["compared"].get("tables")
        print(f"  statements sent to the database: {large_count} for {tables} tables, {small_count} for the smallest "
              f"schema ({'constant' if large_count == small_count else 'NOT constant'})")
        if not args.no_extras:
            extras(*LARGEST, large, cwd)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
