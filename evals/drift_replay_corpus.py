"""The "forgot `prisma migrate dev`" check on real projects: each corpus schema against its own
migration history, replayed on a throwaway PostgreSQL.

Prints, per corpus schema: how many migrations, whether the folder builds an empty database, and
the differences between the schema and what the migrations build, by kind. A clean history shows
nothing; what remains is either real (a schema change no migration carries, an index a migration
created by hand, the implicit many-to-many tables Prisma 6 gave a primary key) or a false positive
to remove (see tools/drift/equivalence.py for the ones found this way).

    .venv/bin/python evals/drift_replay_corpus.py [--only NAME ...] [--details]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="corpus ids to run (default: all)")
    parser.add_argument("--details", action="store_true", help="print each finding")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests" / "helpers"))
    from testkit.corpus import corpus_schemas
    from tools.database.embedded import EmbeddedPostgres

    schemas = [s for s in corpus_schemas() if args.only is None or s.id in args.only]
    if not schemas:
        raise SystemExit("no corpus schemas found (set TRIPLE_ORM_SHARED)")
    totals = Counter()
    with EmbeddedPostgres() as server:
        for number, corpus_schema in enumerate(schemas):
            totals.update(_one(server, number, corpus_schema, args.details))
    print(f"\n{totals['ran']} of {len(schemas)} histories build an empty database; {totals['clean']} of them "
          f"build exactly the schema; {totals['findings']} differences in all")


def _one(server, number: int, corpus_schema, details: bool) -> Counter:
    from tools.drift.database import schema_catalog
    from tools.drift.migrations_folder import read_migrations_folder
    from tools.drift.replay import compare_with_replay, replay_migrations
    from tools.prisma import load_schema

    start = time.perf_counter()
    expected = schema_catalog(load_schema(corpus_schema.schema))
    folder = read_migrations_folder(corpus_schema.migrations)
    replay = replay_migrations(folder, server.create_database(f"replay_{number}"), expected)
    comparison = compare_with_replay(expected, replay, folder)
    kinds = Counter(f.data.get("kind", f.rule) for f in comparison.findings)
    status = "builds" if comparison.status == "ran" else "FAILS "
    print(f"{corpus_schema.id:44} {len(folder.migrations):4} migrations {time.perf_counter() - start:5.1f} s  {status} "
          f"{dict(kinds) or ''} {comparison.reason[:110]}")
    if details:
        for finding in comparison.findings:
            print(f"    {finding.data.get('kind', finding.rule)}: {finding.message[:200]}")
    ran = comparison.status == "ran"
    return Counter(ran=ran, clean=ran and not comparison.findings, findings=len(comparison.findings))


if __name__ == "__main__":
    main()
