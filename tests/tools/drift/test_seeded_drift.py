"""Every seeded drift, applied with real SQL to the database built from every corpus schema where it
applies, is found: exactly the expected rule on the expected object, nothing else new. Changes
outside Prisma's model (triggers, views, check constraints, partial indexes, a platform's schema)
are listed as INFO at most and never fail the check. The unmodified databases report nothing.

Each seed runs in a transaction on the corpus database and is rolled back; the catalog is read on
that connection, through the same queries `triple-orm check` runs.
"""

from __future__ import annotations

import pytest

from testkit.corpus import corpus_params
from testkit.drift_seeds import SEEDS, Seed
from tools.drift.database import compare_with_database, read_database
from tools.findings import Severity

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]

def _key(finding) -> tuple[str, str, str]:
    return finding.rule, finding.data["object"], finding.message


def _apply(conn, seed: Seed, corpus_db):
    """The first candidate of `seed` that PostgreSQL accepts (each tried in a savepoint). A seed
    with no candidate for this schema does not apply; one whose every candidate PostgreSQL refuses
    is a broken seed, and fails."""
    import psycopg

    refused = []
    for candidate in seed.candidates(corpus_db.expected):
        try:
            with conn.transaction():
                conn.execute(candidate.sql)
        except psycopg.Error as error:
            refused.append(f"{candidate.sql}: {error}")
            continue
        return candidate
    if refused:
        pytest.fail(f"{seed.id}: PostgreSQL refused every candidate on {corpus_db.id}: {refused[:3]}")
    pytest.skip(f"{seed.id} does not apply to {corpus_db.id}")


def _after_closing_sql(conn, corpus_db, found) -> list[tuple[str, str]]:
    """The findings left once the SQL of every finding is run (in the seed's transaction). Prisma's
    enum rewrite carries its own BEGIN/COMMIT, which would end the test's transaction: left out."""
    statements = [f.data["sql"] for f in found if f.data.get("sql") and f.severity != Severity.INFO]
    if not statements:
        return []
    script = "\n".join(line for sql in statements for line in sql.splitlines() if line not in ("BEGIN;", "COMMIT;"))
    with conn.transaction():
        conn.execute(script)
        after = compare_with_database(corpus_db.expected, read_database(conn, corpus_db.expected))
    baseline = {_key(f) for f in corpus_db.baseline}
    return sorted((f.rule, f.data["object"]) for f in after.findings if _key(f) not in baseline)


@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_unmodified_database_reports_nothing(corpus_db):
    """Zero false positives: only INFO notes explained by how the test database was built (views
    Prisma's migrations never create; stand-ins for functions the host would provide)."""
    assert [f.rule for f in corpus_db.baseline if f.severity != Severity.INFO] == []
    stand_ins = " ".join(corpus_db.stand_ins)
    for finding in corpus_db.baseline:
        assert finding.rule == "view-not-created" or finding.data["object"] in stand_ins, finding.message


@pytest.mark.parametrize("seed", SEEDS, ids=[s.id for s in SEEDS])
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_seeded_drift_is_found_with_its_object(corpus_db, seed):
    baseline = {_key(f) for f in corpus_db.baseline}
    with corpus_db.connect() as conn, conn.transaction(force_rollback=True):  # candidates: savepoints inside
        candidate = _apply(conn, seed, corpus_db)
        comparison = compare_with_database(corpus_db.expected, read_database(conn, corpus_db.expected))
        closed = _after_closing_sql(conn, corpus_db, [f for f in comparison.findings if _key(f) not in baseline])
    new = [f for f in comparison.findings if _key(f) not in baseline]
    assert sorted((f.rule, f.data["object"]) for f in new) == sorted(candidate.expect), candidate.sql
    if candidate.severity:
        assert new[0].severity.value == candidate.severity
    failing = [f for f in new if f.severity != Severity.INFO]
    assert bool(failing) == seed.drift
    for finding in failing:
        assert finding.location is not None or "unknown" in finding.rule  # the schema line it concerns
        assert finding.data.get("sql"), finding.rule  # and the SQL that closes the gap
    assert closed == [], "\n".join(f.data.get("sql", "") for f in failing)  # and that SQL does close it


def test_every_seed_applies_to_some_corpus_schema():
    """A seed with no candidate anywhere would prove nothing (and one that has candidates must apply:
    `_apply` fails otherwise). Checked on the catalogs alone, so that it holds under xdist too."""
    from testkit.corpus import corpus_schemas
    from tools.drift.database import schema_catalog
    from tools.prisma import load_schema

    schemas = corpus_schemas()
    if not schemas:
        pytest.skip("../shared/corpus not found")
    catalogs = [schema_catalog(load_schema(s.schema)) for s in schemas]
    assert len(SEEDS) >= 40
    reach = {seed.id: sum(1 for c in catalogs if next(iter(seed.candidates(c)), None) is not None) for seed in SEEDS}
    assert [seed for seed, count in reach.items() if count == 0] == []
    assert sum(reach.values()) >= 20 * 20
