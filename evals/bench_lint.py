"""Benchmark: `triple-orm lint` over every corpus migration beside squawk on the same files, as whole processes.

Prints, in one run (these machines are shared and noisy: compare the ratios, and the load shown):
- squawk (`squawk --reporter json FILES`), a Rust binary;
- ours cold: `triple-orm lint --format json FILES` with an empty cache (parallel workers, and with
  TRIPLE_ORM_LINT_WORKERS=1 for the single-process figure);
- ours warm: the same again over the unchanged history (every result from the content-hash cache);
- CPU seconds (user + system, workers included) beside the wall time: on a loaded machine the
  wall time mostly measures waiting for a CPU, the CPU time much less so;
- peak memory (max RSS from /usr/bin/time; with workers, the largest process);
- the targets: cold within 3x of squawk, warm no slower than squawk, peak under 200 MB.

Runs alternate (squawk, cold, cold single, warm) so that load changes hit all of them alike.

    .venv/bin/python evals/bench_lint.py [--runs 3] [--nice N]

`--nice -10` (root only) runs every measured process, squawk's and ours alike, at a higher
priority, which takes most of the other load of a shared machine out of the figures.
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
sys.path.insert(0, str(REPO / "tests" / "helpers"))
BIN = Path(sys.executable).parent


def corpus_files() -> list[Path]:
    from testkit.corpus import corpus_schemas

    return [f for schema in corpus_schemas() for f in sorted(schema.migrations.glob("*/migration.sql"))]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KB) of one whole process (and the children it waited for)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
        elapsed = time.perf_counter() - start
        fields = report.read().strip().splitlines()[-1].split()
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-1500:]}")
    return elapsed, float(fields[0]) + float(fields[1]), int(fields[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nice", type=int, default=None, help="run the measured processes at this niceness (e.g. -10)")
    args = parser.parse_args()
    files = [str(f) for f in corpus_files()]
    if not files:
        print("../shared/corpus not found: nothing to measure")
        return 1
    cache = Path(tempfile.mkdtemp(prefix="bench-lint-cache-"))
    env = {**os.environ, "TRIPLE_ORM_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    single = {**env, "TRIPLE_ORM_LINT_WORKERS": "1"}
    prefix = ["nice", "-n", str(args.nice)] if args.nice is not None else []
    squawk = [*prefix, str(BIN / "squawk"), "--reporter", "json", *files]
    ours = [*prefix, str(BIN / "triple-orm"), "lint", "--format", "json", "--no-color", *files]
    results: dict[str, list[tuple[float, float, int]]] = {"squawk": [], "cold": [], "cold, one process": [], "warm": []}
    try:
        for _ in range(args.runs):
            results["squawk"].append(timed(squawk, env))
            shutil.rmtree(cache, ignore_errors=True)
            results["cold"].append(timed(ours, env))
            shutil.rmtree(cache, ignore_errors=True)
            results["cold, one process"].append(timed(ours, single))
            results["warm"].append(timed(ours, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    report(results, len(files), args.runs)
    return 0


def report(results: dict[str, list[tuple[float, float, int]]], files: int, runs: int) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{files} migrations, {runs} runs each, {os.cpu_count()} CPUs, load average {load:.1f} at the end")
    print(f"{'':<20}{'best s':>8}{'median s':>10}{'best CPU s':>12}{'peak MB':>9}")
    best, cpu = {}, {}
    for name, runs_ in results.items():
        walls = [w for w, _, _ in runs_]
        best[name], cpu[name] = min(walls), min(c for _, c, _ in runs_)
        peak = max(m for _, _, m in runs_) / 1024
        print(f"{name:<20}{best[name]:>8.2f}{statistics.median(walls):>10.2f}{cpu[name]:>12.2f}{peak:>9.0f}")
    peak_ours = max(m for name in ("cold", "cold, one process", "warm") for _, _, m in results[name]) / 1024
    for label, name, limit in (("cold within 3x of squawk", "cold", 3), ("cold (one process)", "cold, one process", 3),
                               ("warm no slower than squawk", "warm", 1)):
        wall, time_ = best[name] / best["squawk"], cpu[name] / cpu["squawk"]
        verdict = "met" if wall <= limit else "NOT met"
        print(f"{label:<30} wall {wall:5.2f}x  CPU {time_:5.2f}x  (target {limit}x: {verdict} on wall time)")
    print(f"{'peak memory under 200 MB':<30} {peak_ours:5.0f} MB {'met' if peak_ours < 200 else 'NOT met'}")


if __name__ == "__main__":
    raise SystemExit(main())
