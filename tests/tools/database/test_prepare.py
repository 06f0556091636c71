"""prepare_database(): what an empty database needs before a schema's DDL, derived from the DDL."""

from __future__ import annotations

import psycopg
import pytest

from tools.database.prepare import apply_ddl, ddl_needs, defaults_as_generated, prepare_database
from tools.errors import DatabaseError

DDL = """
CREATE EXTENSION IF NOT EXISTS "vector";
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "User" (
    "id" TEXT NOT NULL DEFAULT nanoid(),
    "code" VARCHAR(12) NOT NULL DEFAULT short_code(8, 'x'),
    "ext" UUID NOT NULL DEFAULT uuid_generate_v4(),
    "email" CITEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "embedding" vector(3),
    "name" TEXT NOT NULL,
    "search" tsvector DEFAULT to_tsvector('english'::regconfig, COALESCE("name", ''::text)),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "User_name_idx" ON "User" USING GIN ("name" gin_trgm_ops);
"""


def test_needs_come_from_the_parsed_ddl():
    needs = ddl_needs(DDL)
    # names the parser leaves unqualified (text, uuid too): the database decides which exist
    assert {"citext", "vector", "text", "uuid"} <= needs.types
    assert "Role" not in needs.types  # created by the script itself
    assert needs.opclasses == {"gin_trgm_ops"}
    assert {(c.name, c.arg_types, c.returns) for c in needs.functions.values()} == {
        ("nanoid", (), "text"),
        ("short_code", ("integer", "text"), "varchar"),
        ("uuid_generate_v4", (), "uuid"),
        ("to_tsvector", ("regconfig", "text"), "tsvector"),
    }
    assert needs.extensions == {"vector"}


def test_a_function_the_script_defines_needs_no_stand_in():
    needs = ddl_needs("CREATE FUNCTION nanoid() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;\n"
                      "CREATE TABLE t (id text DEFAULT nanoid());")
    assert needs.functions == {}


def test_a_default_reading_a_column_becomes_a_generated_column():
    ddl, rewrites = defaults_as_generated(DDL)
    assert "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(\"name\", ''::text))) STORED" in ddl
    assert len(rewrites) == 1 and "search" in rewrites[0]
    assert defaults_as_generated(ddl)[1] == []  # nothing left to rewrite


@pytest.mark.postgres
def test_prepare_installs_extensions_and_stand_ins_then_the_ddl_applies(fresh_db):
    url = fresh_db()
    with psycopg.connect(url) as conn:
        has_uuid_ossp = conn.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'uuid-ossp'").fetchone()[0]
    preparation = apply_ddl(url, DDL)
    # vector: the script creates it itself; uuid-ossp is not built into every PostgreSQL (the
    # embedded one lacks it): then uuid_generate_v4() gets a stand-in like nanoid()
    assert sorted(preparation.extensions) == ["citext", "pg_trgm"] + (["uuid-ossp"] if has_uuid_ossp else [])
    stand_ins = ['function "nanoid"()', 'function "short_code"(integer, text)']
    assert sorted(preparation.stand_ins) == stand_ins + ([] if has_uuid_ossp else ['function "uuid_generate_v4"()'])
    assert preparation.unresolved == []
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO \"User\" (email, name) VALUES ('A@x', 'ann'), ('b@x', 'bob')")
        rows = conn.execute('SELECT id, code, ext, search FROM "User"').fetchall()
        generated = conn.execute("SELECT attgenerated FROM pg_attribute WHERE attrelid = '\"User\"'::regclass "
                                 "AND attname = 'search'").fetchone()[0]
    assert len({r[0] for r in rows}) == 2 and all(len(r[1]) <= 12 for r in rows)  # stand-ins give distinct values
    assert rows[0][3] is not None and generated == "s"
    again = prepare_database(url, DDL)  # idempotent: everything is in place now
    assert again.extensions == [] and again.stand_ins == []


@pytest.mark.postgres
def test_what_cannot_be_stood_in_for_is_named(fresh_db):
    url = fresh_db()
    with pytest.raises(DatabaseError) as caught:
        apply_ddl(url, 'CREATE TABLE t (x text);\nCREATE INDEX i ON t USING gist (x no_such_ops);')
    assert "operator class no_such_ops" in caught.value.message
