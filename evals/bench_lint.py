"""Benchmark: `triple-orm lint` over every corpus migration beside squawk on the same files, as whole processes.

Prints, in one run (these machines are shared and noisy: compare the ratios, and the load shown):
- squawk (`squawk --reporter json FILES`), a Rust binary;
- ours cold: `triple-orm lint --format json FILES` with an empty cache (parallel workers, and with
  TRIPLE_ORM_LINT_WORKERS=1 for the single-process figure);
- ours warm: the same again over the unchanged history (every result from the content-hash cache);
- peak memory (max RSS from /usr/bin/time; with workers, the largest process);
- the targets: cold within 3x of squawk, warm no slower than squawk, peak under 200 MB.

Runs alternate (squawk, cold, cold single, warm) so that load changes hit all of them alike.

    .venv/bin/python evals/bench_lint.py [--runs 3]
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


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KB, exit code) of one whole process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
        elapsed = time.perf_counter() - start
        lines = report.read().strip().splitlines()
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-1500:]}")
    return elapsed, int(lines[-1]) if lines and lines[-1].isdigit() else 0, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [str(f) for f in corpus_files()]
    if not files:
        print("../shared/corpus not found: nothing to measure")
        return 1
    cache = Path(tempfile.mkdtemp(prefix="bench-lint-cache-"))
    env = {**os.environ, "TRIPLE_ORM_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    single = {**env, "TRIPLE_ORM_LINT_WORKERS": "1"}
    squawk = [str(BIN / "squawk"), "--reporter", "json", *files]
    ours = [str(BIN / "triple-orm"), "lint", "--format", "json", "--no-color", *files]
    results: dict[str, list[tuple[float, int]]] = {"squawk": [], "cold": [], "cold, one process": [], "warm": []}
    try:
        for _ in range(args.runs):
            results["squawk"].append(timed(squawk, env)[:2])
            shutil.rmtree(cache, ignore_errors=True)
            results["cold"].append(timed(ours, env)[:2])
            shutil.rmtree(cache, ignore_errors=True)
            results["cold, one process"].append(timed(ours, single)[:2])
            results["warm"].append(timed(ours, env)[:2])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    report(results, len(files), args.runs)
    return 0


def report(results: dict[str, list[tuple[float, int]]], files: int, runs: int) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{files} migrations, {runs} runs each, {os.cpu_count()} CPUs, load average {load:.1f} at the end")
    print(f"{'':<20}{'best s':>9}{'median s':>10}{'peak MB':>9}")
    best = {}
    for name, runs_ in results.items():
        walls = [w for w, _ in runs_]
        best[name] = min(walls)
        peak = max(m for _, m in runs_) / 1024
        print(f"{name:<20}{min(walls):>9.2f}{statistics.median(walls):>10.2f}{peak:>9.0f}")
    squawk = best["squawk"]
    peak_ours = max(m for name in ("cold", "cold, one process", "warm") for _, m in results[name]) / 1024
    checks = [
        ("cold within 3x of squawk", best["cold"] / squawk, best["cold"] <= 3 * squawk),
        ("cold (one process) vs squawk", best["cold, one process"] / squawk, best["cold, one process"] <= 3 * squawk),
        ("warm no slower than squawk", best["warm"] / squawk, best["warm"] <= squawk),
    ]
    for label, ratio, ok in checks:
        print(f"{label:<32} {ratio:5.2f}x  {'met' if ok else 'NOT met'}")
    print(f"{'peak memory under 200 MB':<32} {peak_ours:5.0f} MB {'met' if peak_ours < 200 else 'NOT met'}")


if __name__ == "__main__":
    raise SystemExit(main())
