"""How the Prisma reader fares on schemas from the wild: `triple-orm sql` beside Prisma's own engine.

Given a folder of real PostgreSQL Prisma schemas (default `/work/notes/wild`: `*.prisma` files and
folders of `.prisma` files for multi-file schemas; kept outside the repository because their
licences are not ours), each schema goes through our reader (`load_schema` -> `prisma_to_catalog`
-> `catalog_to_sql`) and through Prisma's engine (the prisma-diff oracle), and is classified:

- identical: both accept and the DDL is byte-identical;
- both-reject: both refuse the schema (our error is checked to be located inside the file);
- reader-gap: Prisma accepts, we reject (or we crash);
- validation-gap: we accept, Prisma rejects;
- order-only: both accept, the same statements in another order (with --catalog: the databases the
  two scripts create are compared object by object and must match);
- derivation-gap: both accept and the DDL differs.

Prints the counts, then the schemas of every class but identical (the first line of the reason).

    .venv/bin/python evals/wild_reader.py [FOLDER] [--catalog] [--diff NAME] [--list]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "helpers"))  # testkit: the oracle runner and its cache

DEFAULT_FOLDER = Path(os.environ.get("TRIPLE_ORM_WILD", "/work/notes/wild"))
CLASSES = ("identical", "order-only", "both-reject", "reader-gap", "validation-gap", "derivation-gap")


@dataclass
class Outcome:
    """What one side made of a schema: its DDL, or the first line of its refusal."""

    ddl: str | None = None
    error: str | None = None
    located: bool = True  # our refusals only: every problem points at a line of a file
    crashed: bool = False


@dataclass
class Verdict:
    name: str
    path: Path
    kind: str
    ours: Outcome
    prisma: Outcome
    detail: str = ""


def schema_paths(folder: Path) -> list[Path]:
    """Schema files and multi-file schema folders directly under `folder` (hidden ones skipped)."""
    out = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_file() and entry.suffix == ".prisma":
            out.append(entry)
        elif entry.is_dir() and any(entry.rglob("*.prisma")):
            out.append(entry)
    return out


def run_ours(path: Path) -> Outcome:
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.errors import SchemaError
    from tools.prisma import load_schema

    try:
        return Outcome(ddl=catalog_to_sql(prisma_to_catalog(load_schema(path))))
    except SchemaError as error:
        located = all(p.span.line >= 1 and p.span.file for p in error.problems)
        return Outcome(error=f"{error.span.file}:{error.span.line}: {error.problems[0].message}", located=located)
    except Exception as error:  # noqa: BLE001 - a crash is what this eval looks for
        return Outcome(error=f"{type(error).__name__}: {error}", crashed=True)


def run_prisma(path: Path, url: str) -> Outcome:
    from testkit.oracle import OracleError, prisma_ddl

    try:
        return Outcome(ddl=prisma_ddl(path, url))
    except OracleError as error:
        return Outcome(error=_engine_reason(str(error)))


def _engine_reason(text: str) -> str:
    """The engine's first validation message (`error: …` and its `-->  file:line`), else its last line."""
    match = re.search(r"error: ([^\n]+)(?:\n\s*-->\s*(\S+))?", text)
    if match:
        where = f"{Path(match.group(2)).name}: " if match.group(2) else ""
        return where + match.group(1).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "failed"


def statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split("\n\n") if s.strip()]


def classify(name: str, path: Path, ours: Outcome, prisma: Outcome) -> Verdict:
    if ours.crashed:
        return Verdict(name, path, "reader-gap", ours, prisma, f"crash: {ours.error}")
    if ours.error and prisma.error:
        detail = f"ours: {ours.error} | prisma: {prisma.error}"
        return Verdict(name, path, "both-reject", ours, prisma, detail if ours.located else "NOT LOCATED " + detail)
    if ours.error:
        return Verdict(name, path, "reader-gap", ours, prisma, ours.error)
    if prisma.error:
        return Verdict(name, path, "validation-gap", ours, prisma, prisma.error)
    if ours.ddl == prisma.ddl:
        return Verdict(name, path, "identical", ours, prisma)
    if sorted(statements(ours.ddl or "")) == sorted(statements(prisma.ddl or "")):
        return Verdict(name, path, "order-only", ours, prisma, "same statements, another order")
    return Verdict(name, path, "derivation-gap", ours, prisma, first_difference(prisma.ddl or "", ours.ddl or ""))


def first_difference(expected: str, actual: str) -> str:
    for line in difflib.unified_diff(expected.splitlines(), actual.splitlines(), lineterm="", n=0):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            return line[:200]
    return "whitespace"


def catalog_check(verdict: Verdict, server) -> None:
    """Apply both scripts to fresh databases and compare what they created, object by object."""
    from tools.catalog.compare import compare_catalogs
    from tools.catalog.introspect import read_catalog
    from tools.database.prepare import apply_ddl

    slug = re.sub(r"[^a-z0-9]+", "_", verdict.name.lower())[:40]
    try:
        catalogs = []
        for side, ddl in (("p", verdict.prisma.ddl), ("o", verdict.ours.ddl)):
            url = server.create_database(f"wild_{side}_{slug}")
            apply_ddl(url, ddl or "")
            catalogs.append(read_catalog(url))
    except Exception as error:  # noqa: BLE001 - a database that cannot be built is reported, not fatal
        verdict.detail += f"; catalog not checked: {str(error).splitlines()[0][:150]}"
        return
    diff = compare_catalogs(*catalogs)
    if diff.differences:
        verdict.kind = "derivation-gap"
        verdict.detail = "catalogs differ: " + "; ".join(diff.describe()[:3])
    else:
        verdict.detail += f"; catalogs equal ({diff.compared} objects)"


def evaluate(paths: list[Path], url: str, jobs: int) -> list[Verdict]:
    with ThreadPoolExecutor(jobs) as pool:
        engine = list(pool.map(lambda p: run_prisma(p, url), paths))
    return [classify(p.name, p, run_ours(p), theirs) for p, theirs in zip(paths, engine)]


def report(verdicts: list[Verdict], show_all: bool) -> None:
    counts = Counter(v.kind for v in verdicts)
    print(f"{len(verdicts)} schemas")
    for kind in CLASSES:
        print(f"  {kind:15} {counts.get(kind, 0):4}")
    for kind in CLASSES[1:] if not show_all else CLASSES:
        rows = [v for v in verdicts if v.kind == kind]
        if rows:
            print(f"\n{kind}:")
            for v in rows:
                print(f"  {v.name}: {v.detail}"[:400])


def show_diff(path: Path, url: str) -> None:
    ours, prisma = run_ours(path), run_prisma(path, url)
    if ours.error or prisma.error:
        print(f"ours: {ours.error or 'ok'}\nprisma: {prisma.error or 'ok'}")
        return
    diff = difflib.unified_diff((prisma.ddl or "").splitlines(), (ours.ddl or "").splitlines(), "prisma", "triple-orm",
                                lineterm="", n=2)
    print("\n".join(diff) or "identical")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--catalog", action="store_true", help="compare databases for order-only differences")
    parser.add_argument("--diff", metavar="NAME", help="print the DDL diff of one schema of the folder")
    parser.add_argument("--list", action="store_true", help="list identical schemas too")
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"skipped: no folder of wild schemas at {args.folder} (pass one, or set TRIPLE_ORM_WILD)")
        return 0
    if shutil.which("node") is None:
        print("skipped: node is needed to run Prisma's engine (the oracle)")
        return 0
    from tools.database.embedded import EmbeddedPostgres

    with EmbeddedPostgres() as server:
        if args.diff:
            show_diff(args.folder / args.diff, server.url())
            return 0
        verdicts = evaluate(schema_paths(args.folder), server.url(), args.jobs)
        if args.catalog:
            for verdict in (v for v in verdicts if v.kind == "order-only"):
                catalog_check(verdict, server)
        report(verdicts, args.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
