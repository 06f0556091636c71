"""--trace on a real scratch PostgreSQL: locks actually taken, tables actually rewritten, always rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.errors import UsageError
from tools.lint.trace import scratch_name, trace_file

pytestmark = pytest.mark.postgres

SCHEMA = """
CREATE TABLE "User" ("id" BIGINT PRIMARY KEY, "name" VARCHAR(50), "age" INTEGER);
CREATE TABLE "Post" ("id" BIGINT PRIMARY KEY, "authorId" BIGINT, "title" TEXT);
CREATE TYPE "Status" AS ENUM ('DRAFT');
INSERT INTO "User" SELECT g, 'u', g FROM generate_series(1, 100) g;
CREATE INDEX "Post_title_idx" ON "Post"("title");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;
CREATE TABLE "Comment" ("id" BIGINT PRIMARY KEY, "postId" BIGINT REFERENCES "Post"("id"));
CREATE TABLE "Ev" ("at" DATE) PARTITION BY RANGE ("at");
CREATE TABLE "Ev_2023" PARTITION OF "Ev" FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE VIEW "V" AS SELECT * FROM "User";
CREATE MATERIALIZED VIEW "M" AS SELECT * FROM "User";
CREATE TABLE "Account" ("id" BIGINT PRIMARY KEY, "name" VARCHAR(50), "age" INTEGER);
INSERT INTO "Account" SELECT g, 'a', g FROM generate_series(1, 100) g;
"""

# statements whose static lock must match what PostgreSQL 18 takes (each traced in a fresh transaction)
LOCK_MODEL = [
    'ALTER TABLE "User" ADD COLUMN "bio" TEXT',
    'ALTER TABLE "Post" ADD CONSTRAINT "Post_author2_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID',
    'ALTER TABLE "User" ADD CONSTRAINT "User_age_check" CHECK ("age" > 0) NOT VALID',
    'ALTER TABLE "User" ALTER COLUMN "age" SET STATISTICS 200',
    'ALTER TABLE "User" DISABLE TRIGGER ALL',
    'ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL',
    'ALTER TABLE "User" ALTER COLUMN "age" SET DEFAULT 1',
    'ALTER TABLE "User" RENAME COLUMN "name" TO "fullName"',
    'CREATE INDEX "User_age_idx" ON "User"("age")',
    'CREATE TABLE "Reply" ("id" BIGINT PRIMARY KEY, "postId" BIGINT REFERENCES "Post"("id"))',
    'TRUNCATE "Post" CASCADE',
    'UPDATE "User" SET "age" = 2 WHERE "id" = 1',
    'LOCK TABLE "User" IN SHARE ROW EXCLUSIVE MODE',
    'COMMENT ON TABLE "User" IS \'people\'',
    # found by tracing: dropping a foreign key or its table also locks the referenced table
    'ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey"',
    'DROP TABLE "Comment"',
    'ALTER INDEX "Post_title_idx" RENAME TO "Post_heading_idx"',
    'REINDEX TABLE "Post"',
    'REINDEX INDEX "Post_title_idx"',
    'ALTER TABLE "Ev" DETACH PARTITION "Ev_2023"',
    'CREATE OR REPLACE VIEW "V" AS SELECT * FROM "User"',
    'REFRESH MATERIALIZED VIEW "M"',
    'ALTER TABLE "User" SET (fillfactor = 70)',
    'ALTER TABLE "User" RENAME TO "Person"',
    'CREATE TRIGGER "t" BEFORE INSERT ON "User" FOR EACH ROW EXECUTE FUNCTION touch()',
    'CREATE POLICY "p" ON "User" USING (true)',
    'CLUSTER "Post" USING "Post_pkey"',
]


@pytest.fixture
def scratch(pg_server) -> str:
    import psycopg

    url = pg_server.create_database("lint_trace_scratch")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA)
    return url


def traced(url: str, sql: str, tmp_path: Path, earlier: list[Path] | None = None):
    import psycopg

    path = tmp_path / "migration.sql"
    path.write_text(sql)
    with psycopg.connect(url, autocommit=False) as conn:
        return trace_file(conn, path, "migration.sql", earlier or [], "scratch")


def test_refuses_databases_not_named_scratch() -> None:
    with pytest.raises(UsageError, match="refuses database 'app'"):
        scratch_name("postgresql://u:p@localhost:5432/app")
    assert scratch_name("postgresql://u:p@localhost:5432/app_scratch") == "app_scratch"


def test_rewrites_and_locks_are_observed_and_rolled_back(scratch: str, tmp_path: Path) -> None:
    import psycopg

    result = traced(scratch, 'ALTER TABLE "Account" ALTER COLUMN "age" SET DATA TYPE BIGINT;\n'
                             'ALTER TABLE "Account" ALTER COLUMN "name" SET DATA TYPE TEXT;\n'
                             'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\n', tmp_path)
    retype, widen, index = result.statements
    assert "Account" in retype.rewritten
    assert {"relation": "Account", "kind": "r", "mode": "ACCESS EXCLUSIVE", "new": False} in retype.locks
    assert widen.rewritten == []  # varchar -> text is binary-coercible: the linter's exemption, confirmed
    assert any(lock["relation"] == "Post" and lock["mode"] == "SHARE" for lock in index.locks) and index.agrees
    with psycopg.connect(scratch) as conn:
        assert conn.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'Account' AND column_name = 'age'").fetchone()[0] == "integer"
        assert conn.execute("SELECT to_regclass('\"Post_authorId_idx\"')").fetchone()[0] is None


@pytest.mark.parametrize("sql", LOCK_MODEL, ids=[s[:45] for s in LOCK_MODEL])
def test_static_lock_model_matches_the_server(scratch: str, tmp_path: Path, sql: str) -> None:
    (statement,) = traced(scratch, sql + ";\n", tmp_path).statements
    assert statement.error is None, statement.error
    assert statement.agrees, f"predicted {statement.predicted}, observed {statement.locks}"


def test_enum_value_used_in_the_same_transaction_fails_for_real(scratch: str, tmp_path: Path) -> None:
    result = traced(scratch, 'ALTER TYPE "Status" ADD VALUE \'ARCHIVED\';\n'
                             'UPDATE "Post" SET "title" = \'ARCHIVED\'::"Status"::text;\n', tmp_path)
    assert result.statements[0].error is None
    assert "unsafe use of new value" in result.statements[1].error


def test_transaction_control_and_concurrently_are_skipped(scratch: str, tmp_path: Path) -> None:
    result = traced(scratch, 'BEGIN;\nCREATE INDEX CONCURRENTLY "User_age_idx" ON "User"("age");\nCOMMIT;\n', tmp_path)
    assert [s.skipped is not None for s in result.statements] == [True, True, True]


def test_history_is_replayed_on_an_empty_scratch_database(pg_server, tmp_path: Path) -> None:
    url = pg_server.create_database("lint_empty_scratch")
    earlier = tmp_path / "0001.sql"
    earlier.write_text('CREATE TABLE "Tag" ("id" BIGINT PRIMARY KEY, "name" TEXT);\nCREATE INDEX CONCURRENTLY "Tag_name_idx" ON "Tag"("name");\n')
    result = traced(url, 'ALTER TABLE "Tag" ALTER COLUMN "id" SET DATA TYPE INTEGER;\n', tmp_path, [earlier])
    (statement,) = result.statements
    assert result.replayed == 1 and statement.error is None and "Tag" in statement.rewritten
