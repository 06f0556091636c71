"""Benchmark of `triple-orm sync` on the largest corpus schema (civitai, 302 models) beside
`prisma generate` with drizzle-prisma-generator and prisma-kysely, in one run.

Prints (these machines are shared and noisy: compare the ratios, not the absolutes):
- in-process time per stage of sync (read, catalog, Kysely file, Drizzle file; best of N);
- `triple-orm sync` (both files written) and `prisma generate` (both peer generators) as whole
  processes, alternated run by run: medians and their ratio (target: at least 5x faster);
- the peak memory of each process (`/usr/bin/time -f %M`; target < 150 MB for ours).

How the peers run here: the pinned peers of tests/toolchain/peers (prisma 7.10.1,
drizzle-prisma-generator 0.1.7, prisma-kysely 3.2.1), installed with --ignore-scripts, with
`PRISMA_SCHEMA_ENGINE_BINARY=/bin/false` because the Prisma CLI would download its schema engine
at start-up (`generate` does not use it). The schema gets three edits for them, all printed: its
own generator blocks are replaced by the two peers; the datasource's `url`/`shadowDatabaseUrl`
lines are removed (Prisma 7 refuses them in the schema, they belong in prisma.config.ts); and an
argument-less `@default(dbgenerated())` becomes `dbgenerated("now()")`, because
drizzle-prisma-generator 0.1.7 crashes on it ("Cannot read properties of undefined (reading
'replace')"). Our sync reads the schema unchanged.

    .venv/bin/python evals/bench_sync.py [--runs 5] [--schema PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_reader import timed  # (wall seconds, peak RSS in KB, stdout) of one whole process

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIPLE_ORM_SHARED", REPO.parent / "shared"))
DEFAULT_SCHEMA = SHARED / "corpus/civitai__civitai/packages/civitai-db-schema/prisma/schema.full.prisma"
PEER_GENERATORS = '''generator drizzle {
  provider = "drizzle-prisma-generator"
  output   = "./drizzle"
}

generator kysely {
  provider = "prisma-kysely"
  output   = "./kysely"
  fileName = "types.ts"
}

'''


def in_process(schema: Path, runs: int) -> dict[str, float]:
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.prisma import load_schema
    from tools.sync.drizzle import generate_drizzle
    from tools.sync.kysely import generate_kysely

    best = {"read": 1e9, "catalog": 1e9, "kysely": 1e9, "drizzle": 1e9}
    for _ in range(runs):
        marks = [time.perf_counter()]
        parsed = load_schema(schema)
        marks.append(time.perf_counter())
        prisma_to_catalog(parsed)
        marks.append(time.perf_counter())
        generate_kysely(parsed, source="schema.prisma")  # derives its own catalog, as sync does
        marks.append(time.perf_counter())
        generate_drizzle(parsed, source="schema.prisma")
        marks.append(time.perf_counter())
        for stage, start, end in zip(best, marks, marks[1:]):
            best[stage] = min(best[stage], end - start)
    return best


def peer_schema(schema: Path, folder: Path) -> tuple[Path, list[str]]:
    """The schema as the peers can run it, and the edits made (see the module docstring)."""
    text, edits = schema.read_text(), []
    text, count = re.subn(r"(?ms)^generator \w+ \{.*?^\}\n", "", text)
    edits.append(f"{count} generator blocks replaced by drizzle-prisma-generator and prisma-kysely")
    text, count = re.subn(r"(?m)^\s*(url|shadowDatabaseUrl|directUrl)\s*=.*\n", "", text)
    edits.append(f"{count} datasource URL lines removed (Prisma 7 reads them from prisma.config.ts)")
    text, count = re.subn(r"@default\(dbgenerated\(\)\)", '@default(dbgenerated("now()"))', text)
    edits.append(f"{count} argument-less dbgenerated() given an argument (drizzle-prisma-generator crashes on it)")
    target = folder / "schema.prisma"
    target.write_text(PEER_GENERATORS + text)
    return target, edits


def peers_env() -> tuple[Path, dict[str, str]] | None:
    """The Prisma CLI of the pinned peers, and its environment; None when node is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    sys.path.insert(0, str(REPO / "tests" / "helpers"))
    from testkit.toolchain import ensure_peers

    bin_dir = ensure_peers() / "node_modules" / ".bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/false",
           "PRISMA_HIDE_UPDATE_MESSAGE": "1", "CHECKPOINT_DISABLE": "1"}
    return bin_dir / "prisma", env


def triple_orm_command() -> list[str]:
    exe = shutil.which("triple-orm", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "agent.cli"]


def run_both(schema: Path, runs: int) -> dict[str, list[tuple[float, int]]]:
    results: dict[str, list[tuple[float, int]]] = {"triple-orm sync": [], "prisma generate": []}
    peers = peers_env()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as scratch:
        ours_dir, peer_dir = Path(scratch) / "ours", Path(scratch) / "peers"
        ours_dir.mkdir()
        peer_dir.mkdir()
        if peers is not None:
            peer_file, edits = peer_schema(schema, peer_dir)
            print("peer schema edits: " + "; ".join(edits))
        sync = [*triple_orm_command(), "sync", "--schema", str(schema), "--drizzle-out", "drizzle/schema.ts",
                "--kysely-out", "kysely/types.ts"]
        for _ in range(runs):
            shutil.rmtree(ours_dir / "drizzle", ignore_errors=True)  # a real write each time
            shutil.rmtree(ours_dir / "kysely", ignore_errors=True)
            results["triple-orm sync"].append(timed(sync, dict(os.environ), ours_dir)[:2])
            if peers is not None:
                shutil.rmtree(peer_dir / "drizzle", ignore_errors=True)
                shutil.rmtree(peer_dir / "kysely", ignore_errors=True)
                results["prisma generate"].append(timed([str(peers[0]), "generate", "--schema", str(peer_file)],
                                                        peers[1], peer_dir)[:2])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    if not args.schema.exists():
        raise SystemExit(f"schema not found: {args.schema} (the corpus lives in ../shared/corpus)")
    print(f"schema: {args.schema} ({len(args.schema.read_text().splitlines())} lines)")
    stages = in_process(args.schema, args.runs)
    print("in-process, best of %d: " % args.runs + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in stages.items())
          + f" (total {sum(stages.values()) * 1000:.0f} ms)")
    results = run_both(args.schema, args.runs)
    medians = {}
    for name, samples in results.items():
        if not samples:
            print(f"{name}: not measured (node/npm missing: the peers cannot be installed)")
            continue
        medians[name] = statistics.median(s[0] for s in samples)
        peak = max(s[1] for s in samples) / 1024
        print(f"{name}: median {medians[name]:.2f} s over {len(samples)} runs "
              f"(min {min(s[0] for s in samples):.2f} s), peak memory {peak:.0f} MB")
    if len(medians) == 2:
        ratio = medians["prisma generate"] / medians["triple-orm sync"]
        print(f"ratio: triple-orm sync is {ratio:.1f}x faster as a whole process (target >= 5x)")
    ours_peak = max(s[1] for s in results["triple-orm sync"]) / 1024
    print(f"peak memory of triple-orm sync: {ours_peak:.0f} MB (target < 150 MB)")


if __name__ == "__main__":
    main()
