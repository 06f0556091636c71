"""--database-url on a real PostgreSQL: severities weighed by real table sizes (reltuples after ANALYZE)."""

from __future__ import annotations

import pytest

from tools.findings import Severity
from tools.lint import lint_sql
from tools.lint.database import weigh_report
from tools.lint.settings import LintSettings

pytestmark = pytest.mark.postgres

SETUP = """
CREATE TYPE "Role" AS ENUM ('ADMIN', 'USER', 'GUEST');
CREATE TABLE "Big" ("id" BIGINT PRIMARY KEY, "n" INTEGER, "note" TEXT);
INSERT INTO "Big" SELECT g, g, NULL FROM generate_series(1, 1100000) g;
CREATE TABLE "Small" ("id" BIGINT PRIMARY KEY, "name" TEXT);
INSERT INTO "Small" SELECT g, 'n' || g FROM generate_series(1, 500) g;
CREATE TABLE "Empty" ("id" BIGINT PRIMARY KEY, "name" TEXT);
CREATE TABLE "Never" ("id" BIGINT PRIMARY KEY) WITH (autovacuum_enabled = false);
INSERT INTO "Never" SELECT g FROM generate_series(1, 300) g;
CREATE TABLE "Post" ("id" BIGINT PRIMARY KEY, "authorId" BIGINT, "editorId" BIGINT);
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
CREATE TABLE "Member" ("id" BIGINT PRIMARY KEY, "role" "Role" NOT NULL);
INSERT INTO "Member" SELECT g, CASE WHEN g <= 3 THEN 'GUEST'::"Role" ELSE 'USER'::"Role" END FROM generate_series(1, 50) g;
ANALYZE "Big"; ANALYZE "Small"; ANALYZE "Empty"; ANALYZE "Post"; ANALYZE "Member";
"""


@pytest.fixture(scope="module")
def sized_db(pg_server) -> str:
    import psycopg

    url = pg_server.create_database("lint_sizes")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SETUP)
    return url


def weighed(sql: str, url: str, **settings) -> dict[str, list]:
    report = lint_sql(sql, runner="prisma")
    weigh_report(report, url, LintSettings(**settings))
    out: dict[str, list] = {}
    for finding in report.findings:
        out.setdefault(finding.rule, []).append(finding)
    out["#report"] = [report]
    return out


def test_table_with_over_a_million_rows_is_potential_downtime(sized_db: str) -> None:
    found = weighed('ALTER TABLE "Big" ALTER COLUMN "n" SET DATA TYPE BIGINT;', sized_db)
    (finding,) = found["changing-column-type"]
    assert finding.severity is Severity.CRITICAL
    assert finding.message.startswith("Potential downtime: Big has about 1,1")  # reltuples is an estimate
    assert 1_000_000 < finding.data["rows_estimate"] < 1_200_000 and finding.data["table_bytes"] > 10_000_000


def test_empty_table_is_downgraded_and_small_one_keeps_its_severity(sized_db: str) -> None:
    found = weighed('ALTER TABLE "Empty" ALTER COLUMN "name" SET DATA TYPE INTEGER USING 0;\n'
                    'ALTER TABLE "Small" ALTER COLUMN "name" SET DATA TYPE VARCHAR(10);', sized_db)
    empty, small = sorted(found["changing-column-type"], key=lambda f: f.location.line)
    assert empty.severity is Severity.LOW and "Empty has 0 rows" in empty.message and "downgraded" in empty.message
    assert small.severity is Severity.HIGH and small.message.startswith("Small has about 500 rows")


def test_thresholds_are_configurable(sized_db: str) -> None:
    found = weighed('CREATE INDEX "Small_name_idx" ON "Small"("name");', sized_db, large_table_rows=100)
    assert found["require-concurrent-index-creation"][0].severity is Severity.CRITICAL
    found = weighed('CREATE INDEX "Small_name_idx" ON "Small"("name");', sized_db, small_table_rows=1000)
    assert found["require-concurrent-index-creation"][0].severity is Severity.LOW


def test_data_loss_and_failures_depend_on_rows(sized_db: str) -> None:
    found = weighed('ALTER TABLE "Small" DROP COLUMN "name";\nALTER TABLE "Empty" DROP COLUMN "name";\n'
                    'ALTER TABLE "Small" ADD COLUMN "x" TEXT NOT NULL;\nALTER TABLE "Empty" ADD COLUMN "x" TEXT NOT NULL;', sized_db)
    small_drop, empty_drop = sorted(found["ban-drop-column"], key=lambda f: f.location.line)
    assert small_drop.severity is Severity.CRITICAL and "data is lost for good" in small_drop.message
    assert empty_drop.severity is Severity.LOW
    small_add, empty_add = sorted(found["adding-required-field"], key=lambda f: f.location.line)
    assert small_add.severity is Severity.CRITICAL and "this statement fails" in small_add.message
    assert empty_add.severity is Severity.LOW


def test_never_analyzed_table_is_counted(sized_db: str) -> None:
    found = weighed('ALTER TABLE "Never" ADD COLUMN "t" UUID DEFAULT gen_random_uuid();', sized_db)
    (finding,) = found["adding-field-with-default"]
    assert finding.data["rows_estimate"] == 300 and "Never has 300 rows" in finding.message
    assert found["#report"][0].tables["Never"] == {"rows": 300, "bytes": finding.data["table_bytes"], "estimated": False}


def test_foreign_key_index_present_in_the_database(sized_db: str) -> None:
    found = weighed('ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Small"("id") NOT VALID;\n'
                    'ALTER TABLE "Post" ADD CONSTRAINT "Post_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "Small"("id") NOT VALID;', sized_db)
    assert [f.data["columns"] for f in found["unindexed-foreign-key"]] == [["editorId"]]


def test_enum_rewrite_counts_the_rows_that_hold_removed_values(sized_db: str) -> None:
    rewrite = ('CREATE TYPE "Role_new" AS ENUM (\'ADMIN\', \'USER\');\n'
               'ALTER TABLE "Member" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");\n'
               'ALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";\n')
    history = "/*\n  - The values [GUEST] on the enum `Role` will be removed.\n*/\n"
    found = weighed(history + rewrite, sized_db)
    (finding,) = found["removing-enum-value"]
    assert finding.severity is Severity.CRITICAL and finding.data["rows_holding_removed_values"] == {"Member.role": 3}
    assert finding.message.startswith("3 rows still hold removed values")
    none_left = weighed(history.replace("GUEST", "ADMIN").replace("`Role`", "`Role`") + rewrite.replace("'ADMIN', 'USER'", "'USER', 'GUEST'"), sized_db)
    assert none_left["removing-enum-value"][0].severity is Severity.LOW


def test_tables_of_pending_migrations_are_left_alone_and_nothing_is_executed(sized_db: str) -> None:
    import psycopg

    found = weighed('CREATE TABLE "Fresh" ("id" TEXT);\nDROP TABLE "Small";\nALTER TABLE "Missing" DROP COLUMN "x";', sized_db)
    assert found["ban-drop-table"][0].severity is Severity.CRITICAL
    assert found["ban-drop-column"][0].severity is Severity.HIGH  # "Missing" is not in the database: static verdict
    with psycopg.connect(sized_db) as conn:
        assert conn.execute("SELECT count(*) FROM \"Small\"").fetchone()[0] == 500


def test_database_version_note(sized_db: str) -> None:
    report = weighed('ALTER TABLE "Small" DROP COLUMN "name";', sized_db, pg_version=12)["#report"][0]
    assert any("but the linter assumed 12" in note for note in report.notes)
