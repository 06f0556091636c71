"""The migrations folder replayed on a throwaway database, against the schema: the "forgot `prisma
migrate dev`" check, on small histories written for the test and on every corpus project's real one.

On the corpus, each project's history must build exactly its schema, except for the differences
listed in GENUINE: each was looked at in the project's files and is real (the reason is given).
Everything else a real history produced while this check was written was a false positive, now
removed (tools/drift/equivalence.py): this test keeps them out.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from testkit.corpus import corpus_params
from tools.drift.database import schema_catalog
from tools.drift.migrations_folder import read_migrations_folder
from tools.drift.replay import compare_with_replay, replay_migrations
from tools.prisma import load_schema, parse_schema_text

pytestmark = [pytest.mark.postgres]
_names = itertools.count()

# corpus id -> (rule, object or migration) of every difference its history really has
GENUINE = {
    # schema.prisma has @@index([visitId]) on SessionReplay; no migration creates it
    "umami": [("schema-change-not-in-migrations", "session_replay.session_replay_visit_id_idx")],
    # 20220511180705 renamed "User" to "users" and created users_email_key, leaving User_email_key behind
    "rallly": [("schema-change-not-in-migrations", "users.User_email_key")],
    # trigram indexes created by hand in a migration (PSL can declare them; Prisma's migrate dev drops them),
    # and four foreign keys whose relations left the schema without a migration
    "shelf.nu": [("schema-change-not-in-migrations", "Location.Location_address_trgm_idx"),
                 ("schema-change-not-in-migrations", "Location.Location_description_trgm_idx"),
                 ("schema-change-not-in-migrations", "ConsumptionLog.ConsumptionLog_bookingAssetId_fkey"),
                 ("schema-change-not-in-migrations", "BookingAsset.BookingAsset_assetKitId_fkey"),
                 ("schema-change-not-in-migrations", "BookingAsset.BookingAsset_bookingModelRequestId_fkey"),
                 ("schema-change-not-in-migrations", "BookingAsset.BookingAsset_sourceKitId_fkey")],
    # two migrations create the enum "EvalType": the history cannot build a new database
    "OpenPipe": [("migrations-do-not-apply", "20230717203031_add_gpt4_eval")],
    # a migration updates PostMetric."reactionCount", which only a change made outside migrations created
    "civitai": [("migrations-do-not-apply", "20251117182613_post_metrics_denormalization")],
}


def _replay(pg_server, schema, folder_path: Path):
    expected = schema_catalog(schema)
    folder = read_migrations_folder(folder_path)
    replay = replay_migrations(folder, pg_server.create_database(f"replay_{next(_names)}"), expected)
    return compare_with_replay(expected, replay, folder), replay


def _found(comparison) -> list[tuple[str, str]]:
    return sorted((f.rule, f.data.get("object") or f.data.get("migration", "")) for f in comparison.findings)


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_schema", corpus_params())
def test_each_corpus_history_builds_its_schema_but_for_its_genuine_drift(pg_server, corpus_schema):
    comparison, _ = _replay(pg_server, load_schema(corpus_schema.schema), corpus_schema.migrations)
    genuine = GENUINE.get(corpus_schema.id, [])
    assert _found(comparison) == sorted(genuine)
    failing = any(rule == "migrations-do-not-apply" for rule, _ in genuine)
    assert comparison.status == ("failed" if failing else "ran")


SCHEMA = """
datasource db {
  provider = "postgresql"
}

model Account {
  id        String   @id @default(dbgenerated("uuid_generate_v4()")) @db.Uuid
  token     Bytes    @default(dbgenerated("gen_random_bytes(16)"))
  email     String   @unique
  nickname  String?
}
"""

INIT = """-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "pgcrypto";

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v4(),
    "token" BYTEA NOT NULL DEFAULT gen_random_bytes(16),
    "email" TEXT NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");
"""


def _folder(tmp_path: Path, *scripts: str) -> Path:
    folder = tmp_path / "migrations"
    for number, script in enumerate(scripts):
        (folder / f"2024010100000{number}_step").mkdir(parents=True)
        (folder / f"2024010100000{number}_step" / "migration.sql").write_text(script)
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    return folder


def test_a_field_no_migration_adds_is_found_with_the_sql_of_the_missing_migration(pg_server, tmp_path):
    """uuid-ossp and pgcrypto, which this PostgreSQL build lacks, are stood in for."""
    comparison, replay = _replay(pg_server, parse_schema_text(SCHEMA), _folder(tmp_path, INIT))
    assert _found(comparison) == [("schema-change-not-in-migrations", "Account.nickname")]
    finding = comparison.findings[0]
    assert finding.data["sql"] == 'ALTER TABLE "Account" ADD COLUMN "nickname" TEXT;'
    assert finding.location.line == SCHEMA.splitlines().index("  nickname  String?") + 1
    assert {"pgcrypto", "uuid-ossp"} <= {e.name for e in replay.catalog.extensions}
    complete = _folder(tmp_path / "2", INIT, 'ALTER TABLE "Account" ADD COLUMN "nickname" TEXT;\n')
    comparison, _ = _replay(pg_server, parse_schema_text(SCHEMA), complete)
    assert comparison.findings == [] and comparison.status == "ran"


def test_a_migration_that_fails_on_an_empty_database_stops_the_comparison(pg_server, tmp_path):
    folder = _folder(tmp_path, INIT, 'ALTER TABLE "Acount" ADD COLUMN "nickname" TEXT;\n')
    comparison, replay = _replay(pg_server, parse_schema_text(SCHEMA), folder)
    assert comparison.status == "failed" and replay.applied == ["20240101000000_step"]
    assert _found(comparison) == [("migrations-do-not-apply", "20240101000001_step")]
    assert 'relation "Acount" does not exist' in comparison.findings[0].message
