"""Fidelity of the Drizzle schema to Prisma's database, per corpus schema: ours beside the anchor.

For every corpus schema (and the example project), two Drizzle schemas go through the same harness
(`testkit.drizzle_fidelity`: drizzle-kit generate, foreign keys applied last, the datasource's
extensions created first, the result compared object by object with the database Prisma's own
engine creates):

- ours: `triple-orm sync`'s generator (tools.sync.drizzle);
- the anchor: drizzle-prisma-generator 0.1.7 (the Drizzle team's Prisma generator), run as Prisma
  runs it, by `prisma generate` (Prisma CLI 7.10, tests/toolchain/peers) on a copy of the schema
  whose generator blocks are replaced by its own (with the preview features Prisma 7 knows), made
  acceptable to Prisma 7 where the corpus predates it (no datasource URLs in the schema file, no
  ids on views; neither changes the database the schema describes).

A schema a tool fails on (the generator throws, drizzle-kit fails, or PostgreSQL refuses the SQL)
matches nothing. Figures are "objects matched / objects Prisma creates", per object type and in
total (schemas, extensions, enums, tables, columns, primary keys, indexes, foreign keys).

    .venv/bin/python evals/fidelity_drizzle.py [--only NAME ...] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "helpers"))

from testkit.corpus import corpus_schemas  # noqa: E402
from testkit.drizzle_fidelity import Fidelity, database_name, drizzle_fidelity  # noqa: E402
from testkit.oracle import oracle_database  # noqa: E402
from testkit.paths import EXAMPLE  # noqa: E402
from testkit.toolchain import prisma_generate  # noqa: E402

TYPES = ("enums", "tables", "columns", "primary_keys", "indexes", "foreign_keys")
ANCHOR_GENERATOR = ('generator drizzle {{\n  provider = "drizzle-prisma-generator"\n  output   = "{output}"\n'
                    '  previewFeatures = [{features}]\n}}\n')
_GENERATOR_BLOCK = re.compile(r"(?ms)^generator\s+\w+\s*\{.*?^\}")
# Prisma 7 refuses connection URLs in the schema (they moved to prisma.config.ts); they do not
# change the database a schema describes
_DATASOURCE_URL = re.compile(r"(?m)^\s*(url|directUrl|shadowDatabaseUrl)\s*=.*$")
# ... and ids on views ("Views cannot have primary keys"); views are not in the database anyway
_VIEW_BLOCK = re.compile(r"(?ms)^view\s+\w+\s*\{.*?^\}")
_VIEW_ID = re.compile(r"@@?id\b(\([^)]*\))?")
# ... and preview features it does not know (the corpus's older ones, now stable or removed)
PRISMA_7_PREVIEW_FEATURES = {"fullTextSearchPostgres", "nativeDistinct", "partialIndexes", "postgresqlExtensions",
                             "relationJoins", "schemaEngineDriverAdapters", "shardKeys", "strictUndefinedChecks",
                             "typedSql", "views"}


@dataclass
class Row:
    name: str
    expected: dict[str, int] = field(default_factory=dict)  # objects Prisma creates, per type
    ours: dict[str, int] = field(default_factory=dict)  # matched, per type
    anchor: dict[str, int] = field(default_factory=dict)
    anchor_error: str | None = None
    ours_error: str | None = None

    def total(self, side: dict[str, int]) -> int:
        return sum(side.get(t, 0) for t in self.expected)


def ours(schema_path: Path) -> str:
    from tools.prisma import load_schema
    from tools.sync.drizzle import generate_drizzle

    return generate_drizzle(load_schema(schema_path), source=str(schema_path))


def anchor(schema_path: Path) -> tuple[str | None, str | None]:
    """(drizzle-prisma-generator's schema.ts, or None and why) for `schema_path` (file or folder)."""
    from tools.prisma import load_schema

    with tempfile.TemporaryDirectory(prefix="anchor-") as scratch:
        work = Path(scratch) / "prisma"
        if schema_path.is_dir():
            shutil.copytree(schema_path, work)
            files = sorted(work.rglob("*.prisma"))
        else:
            work.mkdir()
            files = [work / "schema.prisma"]
            shutil.copyfile(schema_path, files[0])
        features = sorted({f for g in load_schema(schema_path).generators for f in g.preview_features}
                          & PRISMA_7_PREVIEW_FEATURES)
        for file in files:
            text = _DATASOURCE_URL.sub("", _GENERATOR_BLOCK.sub("", file.read_text()))
            file.write_text(_VIEW_BLOCK.sub(lambda view: _VIEW_ID.sub("", view.group(0)), text))
        main = next((f for f in files if "datasource" in f.read_text()), files[0])
        output = Path(scratch) / "anchor.ts"
        block = ANCHOR_GENERATOR.format(output=output, features=", ".join(json.dumps(f) for f in features))
        main.write_text(main.read_text() + "\n" + block)
        result = prisma_generate(work if schema_path.is_dir() else files[0])
        if result.returncode != 0 or not output.is_file():
            return None, "prisma generate: " + reason(result.stderr + "\n" + result.stdout)
        return output.read_text(), None


def reason(text: str) -> str:
    """The line of a tool's output that says what went wrong."""
    noise = ("Prisma schema loaded", "Error code", "drizzle-kit generate failed", "Prisma CLI Version")
    lines = [line.strip(" -|>") for line in text.splitlines()]
    lines = [line for line in lines if line and line.rstrip(":") not in ("Error", "error") and not line.startswith(noise)]
    message = next((line for line in lines if "rror" in line or "Warning" in line), lines[0] if lines else "")
    return message.removeprefix("Error: ").removeprefix("error: ").removeprefix("Warning ").strip()[:90]


def counts(result: Fidelity) -> dict[str, int]:
    return {name: matched for name, (_, matched) in result.counts().items() if name in TYPES}


def prisma_objects(server, schema_path: Path, base: str) -> dict[str, int]:
    """How many objects of each type the database Prisma's engine creates holds."""
    from tools.catalog.compare import compare_catalogs
    from tools.catalog.introspect import read_catalog

    catalog = read_catalog(oracle_database(server, schema_path, f"oracle_{base}").url)
    itself = compare_catalogs(catalog, catalog, ignore={"other-object"})
    return {t: tally.compared for t, tally in itself.counts.items() if t in TYPES}


def measure(server, name: str, schema_path: Path) -> Row:
    base = database_name(name)
    row = Row(name, expected=prisma_objects(server, schema_path, base))
    result = drizzle_fidelity(server, schema_path, ours(schema_path), name=base)
    if result.diff is None:
        row.ours_error = reason(result.error or "")
    else:
        row.ours = counts(result)
    text, error = anchor(schema_path)
    if text is None:
        row.anchor_error = error
        return row
    result = drizzle_fidelity(server, schema_path, text, name=f"{base}_anchor")
    if result.diff is None:
        row.anchor_error = reason(result.error or "")
    else:
        row.anchor = counts(result)
    return row


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.1f}%" if whole else "     -"


def print_table(rows: list[Row]) -> None:
    print(f"{'schema':<44} {'objects':>7}  {'ours':>7}  {'anchor':>7}  anchor failure")
    for row in rows:
        whole = row.total(row.expected)
        failure = row.anchor_error or ""
        print(f"{row.name:<44} {whole:>7}  {percent(row.total(row.ours), whole)}  {percent(row.total(row.anchor), whole)}  {failure}")
    print()
    print(f"{'object type':<16} {'objects':>8}  {'ours':>16}  {'anchor':>16}")
    for kind in TYPES:
        whole = sum(r.expected.get(kind, 0) for r in rows)
        mine = sum(r.ours.get(kind, 0) for r in rows)
        theirs = sum(r.anchor.get(kind, 0) for r in rows)
        print(f"{kind:<16} {whole:>8}  {mine:>8} {percent(mine, whole)}  {theirs:>8} {percent(theirs, whole)}")
    whole = sum(r.total(r.expected) for r in rows)
    mine = sum(r.total(r.ours) for r in rows)
    theirs = sum(r.total(r.anchor) for r in rows)
    print(f"{'total':<16} {whole:>8}  {mine:>8} {percent(mine, whole)}  {theirs:>8} {percent(theirs, whole)}")
    exact = sum(1 for r in rows if r.expected and r.total(r.ours) == r.total(r.expected))
    anchor_exact = sum(1 for r in rows if r.expected and r.total(r.anchor) == r.total(r.expected))
    failed = sum(1 for r in rows if r.anchor_error)
    print(f"\nschemas exact: ours {exact}/{len(rows)}, anchor {anchor_exact}/{len(rows)} "
          f"(the anchor failed on {failed}: counted as matching nothing)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="schema names to measure (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    from tools.database.embedded import EmbeddedPostgres

    targets = [("example edfinance", EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma")]
    targets += [(s.id, s.schema) for s in corpus_schemas()]
    if args.only:
        targets = [t for t in targets if t[0] in args.only]
    rows = []
    started = time.perf_counter()
    with EmbeddedPostgres() as server:
        for name, path in targets:
            rows.append(measure(server, name, path))
            print(f"measured {name}", file=sys.stderr)
    print_table(rows)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps([row.__dict__ for row in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
