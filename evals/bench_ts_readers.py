"""Benchmark of the TypeScript readers on civitai-size files (the largest corpus schema, 302 models).

For each file, prints the best of N in-process times (CPU time of this process, so that other work
on a shared machine counts less) of:
- parsing alone (tree-sitter),
- read_drizzle + drizzle_to_catalog on the Drizzle schema triple-orm generates,
- read_kysely + kysely_to_columns on the Kysely types triple-orm generates,
and the sizes read (lines, tables, columns). Target: tens of milliseconds per file.

    .venv/bin/python evals/bench_ts_readers.py [--runs 7] [--schema PATH] [--drizzle FILE] [--kysely FILE]

`--drizzle`/`--kysely` read a file of your own instead (e.g. a `drizzle-kit pull` output).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIPLE_ORM_SHARED", REPO.parent / "shared"))
DEFAULT_SCHEMA = SHARED / "corpus/civitai__civitai/packages/civitai-db-schema/prisma/schema.full.prisma"


def best_of(runs: int, action) -> tuple[float, object]:
    """(best CPU seconds, last result) over `runs` calls of `action`."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        result = action()
        best = min(best, time.process_time() - start)
    return best, result


def generated_files(schema: Path, folder: Path) -> tuple[Path, Path]:
    """The Drizzle schema and Kysely types triple-orm generates for `schema`, written to `folder`."""
    from tools.prisma import load_schema
    from tools.sync.drizzle import generate_drizzle
    from tools.sync.kysely import generate_kysely

    prisma = load_schema(schema)
    drizzle, kysely = folder / "schema.ts", folder / "types.ts"
    drizzle.write_text(generate_drizzle(prisma, source=str(schema)))
    kysely.write_text(generate_kysely(prisma, source=str(schema)))
    return drizzle, kysely


def bench_drizzle(path: Path, runs: int) -> dict:
    from tools.typescript.drizzle_reader import drizzle_to_catalog, read_drizzle
    from tools.typescript.parse import read_source

    parse, _ = best_of(runs, lambda: read_source(path))
    read, file = best_of(runs, lambda: read_drizzle(path))
    derive, catalog = best_of(runs, lambda: drizzle_to_catalog(file))
    return {"file": path, "lines": path.read_text().count("\n"), "parse": parse, "read": read, "derive": derive,
            "tables": len(file.tables), "columns": sum(len(t.columns) for t in file.tables),
            "problems": len(file.problems), "catalog tables": len(catalog.tables)}


def bench_kysely(path: Path, runs: int) -> dict:
    from tools.typescript.kysely_reader import kysely_to_columns, read_kysely
    from tools.typescript.parse import read_source

    parse, _ = best_of(runs, lambda: read_source(path))
    read, file = best_of(runs, lambda: read_kysely(path))
    derive, shapes = best_of(runs, lambda: kysely_to_columns(file))
    return {"file": path, "lines": path.read_text().count("\n"), "parse": parse, "read": read, "derive": derive,
            "tables": len(file.tables), "columns": sum(len(t.columns) for t in file.tables),
            "problems": len(file.problems), "shapes": len(shapes)}


def show(name: str, figures: dict) -> None:
    ms = {k: f"{figures[k] * 1000:.1f} ms" for k in ("parse", "read", "derive")}
    print(f"{name}: {figures['file'].name}, {figures['lines']} lines, {figures['tables']} tables, "
          f"{figures['columns']} columns, {figures['problems']} problems")
    print(f"  parse {ms['parse']}   read (parse included) {ms['read']}   derive {ms['derive']}   "
          f"total {(figures['read'] + figures['derive']) * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    parser.add_argument("--drizzle", type=Path)
    parser.add_argument("--kysely", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ts-") as scratch:
        if args.drizzle is None or args.kysely is None:
            if not args.schema.is_file():
                print(f"no schema at {args.schema} (set TRIPLE_ORM_SHARED or pass --schema)", file=sys.stderr)
                return 2
            drizzle, kysely = generated_files(args.schema, Path(scratch))
        show("Drizzle", bench_drizzle(args.drizzle or drizzle, args.runs))
        show("Kysely", bench_kysely(args.kysely or kysely, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
