"""Benchmark of the Prisma reader on the largest corpus schema (civitai, 302 models, 7,643 lines).

Prints, in one run (these machines are shared and noisy: compare the ratios, not the absolutes):
- in-process time to read, parse, resolve and derive the catalog (best of N; target < 150 ms),
- `triple-orm sql` as a whole process beside Prisma's engine path (`node diff.mjs`), alternated
  run by run, medians and their ratio (target: at least 3x faster),
- peak memory of both processes (target < 100 MB for ours; the engine takes about 130 MB).

    .venv/bin/python evals/bench_reader.py [--runs 10] [--schema PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIPLE_ORM_SHARED", REPO.parent / "shared"))
DEFAULT_SCHEMA = SHARED / "corpus/civitai__civitai/packages/civitai-db-schema/prisma/schema.full.prisma"


def in_process(schema: Path, runs: int) -> dict[str, float]:
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema

    best = {"read+derive": 1e9, "ddl": 1e9, "read+derive cpu": 1e9}
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        catalog = prisma_to_catalog(load_schema(schema))
        middle, cpu_middle = time.perf_counter(), time.process_time()
        catalog_to_sql(catalog)
        end = time.perf_counter()
        best["read+derive"] = min(best["read+derive"], middle - start)
        best["read+derive cpu"] = min(best["read+derive cpu"], cpu_middle - cpu)
        best["ddl"] = min(best["ddl"], end - middle)
    return best


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KB, stdout) of one whole process, measured by /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], capture_output=True,
                                text=True, env=env, cwd=cwd)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{command[0]} failed: {result.stderr[-2000:]}")
        peak = int(report.read().strip().splitlines()[-1])
    return elapsed, peak, result.stdout


def engine_setup() -> tuple[Path, str, object]:
    """Prisma's engine installed in a scratch folder, and a PostgreSQL it can connect to."""
    sys.path.insert(0, str(REPO / "tests" / "helpers"))
    from tools.database.embedded import EmbeddedPostgres

    oracle = SHARED / "oracles" / "prisma-diff"
    folder = REPO / ".cache" / "bench-prisma-diff"
    if not (folder / "node_modules").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("diff.mjs", "package.json", "package-lock.json"):
            shutil.copyfile(oracle / name, folder / name)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, check=True)
    server = EmbeddedPostgres().start()
    return folder, server.url(), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    if not args.schema.exists():
        raise SystemExit(f"schema not found: {args.schema} (set TRIPLE_ORM_SHARED or pass --schema)")
    lines = sum(p.read_text().count("\n") for p in ([args.schema] if args.schema.is_file() else args.schema.rglob("*.prisma")))
    print(f"schema: {args.schema} ({lines} lines)")
    best = in_process(args.schema, args.runs)
    print(f"in-process read+derive: {best['read+derive'] * 1000:.1f} ms wall, {best['read+derive cpu'] * 1000:.1f} ms CPU "
          f"(target < 150 ms; best of {args.runs}); DDL printing: {best['ddl'] * 1000:.1f} ms")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    triple = shutil.which("triple-orm", path=str(Path(sys.executable).parent)) or "triple-orm"
    folder, url, server = engine_setup()
    env = {**os.environ, "DATABASE_URL": url}
    ours, theirs, ours_peak, theirs_peak = [], [], 0, 0
    try:
        for _ in range(args.runs):
            t, peak, out_ours = timed([triple, "sql", str(args.schema)], env, REPO)
            ours.append(t)
            ours_peak = max(ours_peak, peak)
            t, peak, out_theirs = timed(["node", "diff.mjs", str(args.schema)], env, folder)
            theirs.append(t)
            theirs_peak = max(theirs_peak, peak)
    finally:
        server.stop()
    same = "identical" if out_ours == out_theirs else "DIFFERENT"
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"whole process, median of {args.runs} alternated runs:")
    print(f"  triple-orm sql   {statistics.median(ours) * 1000:7.1f} ms   peak {ours_peak / 1024:6.1f} MB (target < 100 MB)")
    print(f"  node diff.mjs    {statistics.median(theirs) * 1000:7.1f} ms   peak {theirs_peak / 1024:6.1f} MB")
    print(f"  ratio            {ratio:7.2f}x faster (target >= 3x); outputs {same}")


if __name__ == "__main__":
    main()
