"""compare_catalogs(): each kind of difference, seeded with a real ALTER on a real database, is
found once, with the right object named; identical catalogs compare clean; nothing compared is
never clean."""

from __future__ import annotations

import json

import psycopg
import pytest

from tools.catalog.compare import KINDS, compare_catalogs
from tools.catalog.introspect import read_catalog
from tools.catalog.model import Catalog, Column, EnumType, Index, IndexColumn, PrimaryKey, Table
from tools.errors import SourceSpan

BASE = """
CREATE EXTENSION pg_trgm;
CREATE SCHEMA audit;
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TYPE "Unused" AS ENUM ('A', 'B');
CREATE TABLE "User" (
    "id" SERIAL NOT NULL, "email" TEXT NOT NULL, "role" "Role" NOT NULL DEFAULT 'USER',
    CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL, "title" TEXT NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT false,
    "authorId" INTEGER NOT NULL, "titleLength" INTEGER GENERATED ALWAYS AS (length("title")) STORED,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Comment" ("id" INTEGER NOT NULL, "postId" INTEGER NOT NULL, "text" TEXT,
    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Tag" ("id" INTEGER NOT NULL, "name" VARCHAR(40) NOT NULL);
CREATE TABLE "Log" ("id" INTEGER NOT NULL, "postId" INTEGER, "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
CREATE INDEX "Post_title_idx" ON "Post"("title", "id");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE VIEW "PostTitle" AS SELECT "id", "title" FROM "Post";
"""

# (kind, the ALTER that seeds it, the object the difference must name)
SEEDS = [
    ("schema-missing", 'DROP SCHEMA audit', "audit"),
    ("extension-missing", "DROP EXTENSION pg_trgm", "pg_trgm"),
    ("enum-missing", 'DROP TYPE "Unused"', "public.Unused"),
    ("enum-unexpected", "CREATE TYPE \"Mood\" AS ENUM ('ok')", "public.Mood"),
    ("enum-values", "ALTER TYPE \"Role\" ADD VALUE 'GUEST'", "public.Role"),
    ("enum-values", "ALTER TYPE \"Role\" RENAME VALUE 'ADMIN' TO 'SUPER'", "public.Role"),
    ("enum-order", "DROP TYPE \"Unused\"; CREATE TYPE \"Unused\" AS ENUM ('B', 'A')", "public.Unused"),
    ("table-missing", 'DROP TABLE "Tag"', "public.Tag"),
    ("table-unexpected", 'CREATE TABLE "Extra" ("id" integer)', "public.Extra"),
    ("table-renamed", 'ALTER TABLE "Tag" RENAME TO "Label"', "public.Tag"),
    ("column-missing", 'ALTER TABLE "Post" DROP COLUMN "body"', "public.Post.body"),
    ("column-unexpected", 'ALTER TABLE "Post" ADD COLUMN "extra" jsonb', "public.Post.extra"),
    ("column-renamed", 'ALTER TABLE "Post" RENAME COLUMN "published" TO "isPublished"', "public.Post.published"),
    ("column-type", 'ALTER TABLE "Post" ALTER COLUMN "body" TYPE varchar(100)', "public.Post.body"),
    ("column-type", 'ALTER TABLE "Tag" ALTER COLUMN "name" TYPE varchar(80)', "public.Tag.name"),
    ("column-nullability", 'ALTER TABLE "Post" ALTER COLUMN "body" DROP NOT NULL', "public.Post.body"),
    ("column-default", 'ALTER TABLE "Post" ALTER COLUMN "published" SET DEFAULT true', "public.Post.published"),
    ("column-default", 'ALTER TABLE "Log" ALTER COLUMN "at" SET DEFAULT now()', "public.Log.at"),
    ("column-default", 'ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT', "public.User.role"),
    ("column-identity", 'ALTER TABLE "Tag" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY', "public.Tag.id"),
    ("column-generated", 'ALTER TABLE "Post" ALTER COLUMN "titleLength" SET EXPRESSION AS (length("body"))',
     "public.Post.titleLength"),
    ("primary-key-missing", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_pkey"', "public.Comment.Comment_pkey"),
    ("primary-key-unexpected", 'ALTER TABLE "Tag" ADD CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")', "public.Tag.Tag_pkey"),
    ("primary-key", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_pkey", ADD CONSTRAINT "Comment_pkey" '
                    'PRIMARY KEY ("id", "postId")', "public.Comment.Comment_pkey"),
    ("primary-key-name", 'ALTER TABLE "Comment" RENAME CONSTRAINT "Comment_pkey" TO "Comment_pk"',
     "public.Comment.Comment_pkey"),
    ("index-missing", 'DROP INDEX "Post_authorId_idx"', "public.Post.Post_authorId_idx"),
    ("index-unexpected", 'CREATE INDEX "Post_published_idx" ON "Post"("published")', "public.Post.Post_published_idx"),
    ("index-renamed", 'ALTER INDEX "Post_authorId_idx" RENAME TO "post_by_author"', "public.Post.Post_authorId_idx"),
    ("index-definition", 'DROP INDEX "Post_authorId_idx"; CREATE INDEX "Post_authorId_idx" ON "Post" USING HASH ("authorId")',
     "public.Post.Post_authorId_idx"),
    ("index-definition", 'DROP INDEX "Post_title_idx"; CREATE INDEX "Post_title_idx" ON "Post"("title" DESC, "id")',
     "public.Post.Post_title_idx"),
    ("index-definition", 'DROP INDEX "Post_title_idx"; CREATE INDEX "Post_title_idx" ON "Post"("id", "title")',
     "public.Post.Post_title_idx"),
    ("index-definition", 'DROP INDEX "Post_title_idx"; CREATE INDEX "Post_title_idx" ON "Post"("title" text_pattern_ops, "id")',
     "public.Post.Post_title_idx"),
    ("index-definition", 'DROP INDEX "Post_title_idx"; CREATE INDEX "Post_title_idx" ON "Post"("title", "id") WHERE "published"',
     "public.Post.Post_title_idx"),
    ("index-definition", 'DROP INDEX "User_email_key"; CREATE INDEX "User_email_key" ON "User"("email")',
     "public.User.User_email_key"),
    ("foreign-key-missing", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_postId_fkey"', "public.Comment.Comment_postId_fkey"),
    ("foreign-key-unexpected", 'ALTER TABLE "Log" ADD CONSTRAINT "Log_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id")',
     "public.Log.Log_postId_fkey"),
    ("foreign-key-renamed", 'ALTER TABLE "Comment" RENAME CONSTRAINT "Comment_postId_fkey" TO "comment_post"',
     "public.Comment.Comment_postId_fkey"),
    ("foreign-key-action", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_postId_fkey", ADD CONSTRAINT "Comment_postId_fkey" '
                           'FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE',
     "public.Comment.Comment_postId_fkey"),
    ("foreign-key-definition", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_postId_fkey", ADD CONSTRAINT "Comment_postId_fkey" '
                               'FOREIGN KEY ("id") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE',
     "public.Comment.Comment_postId_fkey"),
    ("foreign-key-not-valid", 'ALTER TABLE "Comment" DROP CONSTRAINT "Comment_postId_fkey", ADD CONSTRAINT "Comment_postId_fkey" '
                              'FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID',
     "public.Comment.Comment_postId_fkey"),
    ("view-missing", 'DROP VIEW "PostTitle"', "public.PostTitle"),
    ("view-unexpected", 'CREATE VIEW "UserEmail" AS SELECT "email" FROM "User"', "public.UserEmail"),
    ("view-column-missing", 'DROP VIEW "PostTitle"; CREATE VIEW "PostTitle" AS SELECT "id" FROM "Post"', "public.PostTitle.title"),
    ("view-column-unexpected", 'CREATE OR REPLACE VIEW "PostTitle" AS SELECT "id", "title", "body" FROM "Post"',
     "public.PostTitle.body"),
    ("view-column-type", 'DROP VIEW "PostTitle"; CREATE VIEW "PostTitle" AS SELECT "id", "title"::varchar(9) AS "title" FROM "Post"',
     "public.PostTitle.title"),
    ("other-object", "CREATE FUNCTION nanoid() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$", "public.nanoid"),
]


@pytest.fixture(scope="module")
def base(pg_server):
    url = pg_server.create_database("compare_base")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(BASE)
    return url, read_catalog(url)


def _seeded(url: str, sql: str) -> Catalog:
    """The catalog with `sql` applied, read inside the transaction that is then rolled back."""
    with psycopg.connect(url) as conn:
        conn.execute(sql)
        catalog = read_catalog(conn)
        conn.rollback()
    return catalog


@pytest.mark.postgres
def test_a_catalog_equals_itself(base):
    _, catalog = base
    diff = compare_catalogs(catalog, catalog)
    assert diff.differences == [] and diff.clean
    counts = diff.summary()["objects"]
    assert counts["tables"] == {"compared": 5, "matched": 5}
    assert counts["columns"]["compared"] == 17 and counts["foreign_keys"]["compared"] == 2
    assert counts["indexes"]["compared"] == 3 and counts["enums"]["compared"] == 2


@pytest.mark.postgres
@pytest.mark.parametrize(("kind", "sql", "obj"), SEEDS, ids=[f"{k}:{s[:40]}" for k, s, _ in SEEDS])
def test_each_seeded_change_is_found_once_with_its_object(base, kind, sql, obj):
    url, expected = base
    diff = compare_catalogs(expected, _seeded(url, sql))
    assert [(d.kind, d.object) for d in diff.differences] == [(kind, obj)], diff.describe()
    assert not diff.clean if diff.differences[0].category == "drift" else diff.clean
    json.dumps(diff.to_dict())  # JSON-ready as it stands


@pytest.mark.postgres
def test_every_kind_has_a_seed():
    seeded = {kind for kind, _, _ in SEEDS} | {"index-invalid"}  # index-invalid: its own test below
    assert seeded == {kind for kinds in KINDS.values() for kind in kinds}


@pytest.mark.postgres
def test_an_index_left_invalid_by_a_failed_concurrent_build(fresh_db):
    url = fresh_db()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('CREATE TABLE "T" ("v" integer); INSERT INTO "T" VALUES (1), (1)')
        expected = read_catalog(url)
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute('CREATE UNIQUE INDEX CONCURRENTLY "T_v_key" ON "T"("v")')
    diff = compare_catalogs(expected, read_catalog(url))
    assert [(d.kind, d.object) for d in diff.differences] == [
        ("index-unexpected", "public.T.T_v_key"), ("index-invalid", "public.T.T_v_key")]


@pytest.mark.postgres
def test_ignoring_kinds_and_tables(base):
    url, expected = base
    actual = _seeded(url, 'CREATE TABLE "_prisma_migrations" ("id" text); CREATE FUNCTION f() RETURNS int '
                          'LANGUAGE sql AS $$ SELECT 1 $$; CREATE TABLE "Scratch" ("id" int)')
    assert [d.kind for d in compare_catalogs(expected, actual)] == ["table-unexpected", "other-object"]
    diff = compare_catalogs(expected, actual, ignore={"other-object"}, ignore_tables=("_prisma_migrations", "Scr*"))
    assert diff.differences == [] and diff.clean
    with pytest.raises(ValueError, match="no-such-kind"):
        compare_catalogs(expected, actual, ignore={"no-such-kind"})


def test_an_empty_comparison_is_never_clean():
    diff = compare_catalogs(Catalog(), Catalog())
    assert diff.differences == [] and diff.compared == 0 and not diff.clean
    assert diff.summary()["clean"] is False


def test_differences_carry_the_origin_of_the_expected_object():
    span = SourceSpan("schema.prisma", 12, 3, 12, 30)
    ours = Table("User", columns=[Column("email", "text", nullable=False, origin=span)],
                 primary_key=PrimaryKey("User_pkey", ["email"]),
                 indexes=[Index("User_email_idx", [IndexColumn("email")], origin=span)])
    theirs = Table("User", columns=[Column("email", "character varying(9)", nullable=False)],
                   primary_key=PrimaryKey("User_pkey", ["email"]))
    expected, actual = Catalog(), Catalog()
    expected.add_table(ours)
    actual.add_table(theirs)
    expected.add_enum(EnumType("Role", ["A"], origin=span))
    diff = compare_catalogs(expected, actual)
    assert [(d.kind, d.origin) for d in diff.differences] == [
        ("enum-missing", span), ("column-type", span), ("index-missing", span)]
    as_json = json.loads(json.dumps(diff.to_dict()))
    assert as_json["differences"][1]["origin"]["line"] == 12
    assert as_json["differences"][1]["expected"] == "text"
    assert as_json["summary"]["objects"]["columns"] == {"compared": 1, "matched": 0}


def test_equivalent_default_spellings_match_and_generated_columns_meet_dbgenerated():
    expected, actual = Catalog(), Catalog()
    expected.add_table(Table("T", columns=[
        Column("s", '"Status"', default="'A'"), Column("j", "jsonb", default="'{\"b\":1,\"a\":2}'"),
        Column("g", "tsvector", default="to_tsvector('english'::regconfig, name)"),
        Column("n", "timestamp(3) without time zone", default="now()")]))
    actual.add_table(Table("T", columns=[
        Column("s", '"Status"', default="'A'::\"Status\""), Column("j", "jsonb", default="'{\"a\": 2, \"b\": 1}'::jsonb"),
        Column("g", "tsvector", generated="to_tsvector('english'::regconfig, name)"),
        Column("n", "timestamp(3) without time zone", default="CURRENT_TIMESTAMP")]))
    diff = compare_catalogs(expected, actual)
    assert [(d.kind, d.name) for d in diff.differences] == [("column-default", "n")]
