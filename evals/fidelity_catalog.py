"""Fidelity of the catalog derived from a Prisma schema against the database Prisma itself creates.

For every corpus schema (../shared/corpus): Prisma's engine prints the DDL (the prisma-diff
oracle), the DDL is applied to a fresh real PostgreSQL (prepared with the extensions and stand-ins it
needs), the catalog is read back, and `compare_catalogs` sets it against `prisma_to_catalog` of the
schema. With `--ours`, the DDL `triple-orm sql` prints goes through the same steps too.

Prints, per schema, the objects compared and matched by type (tables, columns, primary keys,
indexes, foreign keys, enums), the catalog read time, and the totals; lists the first differences
of any schema that does not match. Views are left out (Prisma's migrations never create them), as are
objects outside Prisma's model that only the preparation added (a stand-in `nanoid()`).

    .venv/bin/python evals/fidelity_catalog.py [--ours] [--only ID]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "helpers"))  # testkit: the corpus index and the oracle runner

TYPES = ("tables", "columns", "primary_keys", "indexes", "foreign_keys", "enums")
HEADER = ("schema", "models", *("tables", "columns", "pkeys", "indexes", "fkeys", "enums"), "read ms", "result")


def measure(server, corpus_schema, ours: bool) -> tuple[dict, list[str], float]:
    """(summary, first differences, catalog read seconds) for one schema."""
    from testkit.oracle import prisma_ddl
    from tools.catalog.compare import compare_catalogs
    from tools.catalog.ddl import catalog_to_sql
    from tools.catalog.from_prisma import prisma_to_catalog
    from tools.catalog.introspect import read_catalog
    from tools.database.prepare import apply_ddl
    from tools.prisma import load_schema

    expected = prisma_to_catalog(load_schema(corpus_schema.schema))
    expected.views = {}  # known to the schema, never created by its migrations
    ddl = catalog_to_sql(expected) if ours else prisma_ddl(corpus_schema.schema, server.url())
    url = server.create_database("fidelity_" + re.sub(r"[^a-z0-9]+", "_", corpus_schema.id.lower()))
    apply_ddl(url, ddl)
    start = time.perf_counter()
    actual = read_catalog(url, default_schema=expected.default_schema)
    elapsed = time.perf_counter() - start
    diff = compare_catalogs(expected, actual, ignore={"other-object"})
    return diff.summary(), diff.describe()[:10], elapsed


def row(corpus_schema, summary: dict, elapsed: float) -> tuple[str, ...]:
    objects = summary["objects"]
    cells = [f"{objects[t]['matched']}/{objects[t]['compared']}" for t in TYPES]
    result = "ok" if summary["clean"] else f"{summary['differences']} diff"
    return (corpus_schema.id, str(corpus_schema.models), *cells, f"{elapsed * 1000:.0f}", result)


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for number, cells in enumerate(rows):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def run(label: str, server, schemas, ours: bool) -> bool:
    rows, totals, failures = [HEADER], {t: [0, 0] for t in TYPES}, []
    for corpus_schema in schemas:
        summary, differences, elapsed = measure(server, corpus_schema, ours)
        rows.append(row(corpus_schema, summary, elapsed))
        for t in TYPES:
            totals[t][0] += summary["objects"][t]["matched"]
            totals[t][1] += summary["objects"][t]["compared"]
        if not summary["clean"]:
            failures.append((corpus_schema.id, differences))
    rows.append(("total", "", *(f"{m}/{c}" for m, c in totals.values()), "", f"{len(failures)} failing"))
    print(f"\n{label}")
    print_table(rows)
    matched, compared = sum(m for m, _ in totals.values()), sum(c for _, c in totals.values())
    print(f"objects matched: {matched}/{compared} ({100 * matched / max(compared, 1):.2f}%)")
    for corpus_id, differences in failures:
        print(f"\n{corpus_id}:\n  " + "\n  ".join(differences))
    return not failures and compared > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ours", action="store_true", help="also measure the DDL `triple-orm sql` prints")
    parser.add_argument("--only", help="one corpus schema id (e.g. civitai)")
    args = parser.parse_args()
    from testkit.corpus import corpus_schemas
    from tools.database.embedded import EmbeddedPostgres

    schemas = [s for s in corpus_schemas() if args.only in (None, s.id)]
    if not schemas:
        print("no corpus schemas found (../shared/corpus, or TRIPLE_ORM_SHARED)", file=sys.stderr)
        return 66
    with EmbeddedPostgres() as server:
        ok = run("Prisma's DDL (prisma-diff oracle) vs prisma_to_catalog", server, schemas, ours=False)
        if args.ours:
            ok = run("triple-orm sql DDL vs prisma_to_catalog", server, schemas, ours=True) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
