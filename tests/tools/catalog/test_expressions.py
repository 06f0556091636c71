"""normalize_default() against a real server: PostgreSQL's output is a fixed point, and spellings it
stores identically map to that output."""

from __future__ import annotations

import psycopg
import pytest

from tools.catalog.expressions import normalize_default, quote_identifier
from tools.catalog.introspect import read_catalog
from tools.catalog.model import Column

# (column type, a spelling of its default). Each becomes a real column; pg_get_expr decides.
CASES = [
    ("text", "'x'"), ("text", "'x'::text"), ("text", "'it''s'"), ("text", "''"), ("text", "'a  b'"),
    ("varchar(10)", "'abc'"), ("char(3)", "'ab'"), ("citext", "'Hello'"), ("bit(3)", "'101'"),
    ("integer", "0"), ("integer", "-1"), ("integer", "'42'"), ("integer", "- 5"), ("integer", "1::integer"),
    ("bigint", "0"), ("bigint", "-7"), ("bigint", "3000000000"), ("bigint", "'12'"), ("bigint", "1::bigint"),
    ("bigint", "(-1)::bigint"), ("smallint", "3"), ("smallint", "'3'"),
    ("numeric(65,30)", "0"), ("numeric(65,30)", "1.5"), ("numeric", "-1.5"), ("numeric", "'2.50'"),
    ("numeric", "1e3"), ("numeric", ".5"), ("numeric", "'-3'"), ("numeric", "99999999999999999999"),
    ("double precision", "0.8"), ("double precision", "-0.5"), ("double precision", "'1.5'"),
    ("double precision", "'1e20'"), ("real", "1.5"),
    ("boolean", "true"), ("boolean", "FALSE"), ("boolean", "'t'"), ("boolean", "'yes'"), ("boolean", "true::boolean"),
    ("jsonb", "'{}'"), ("jsonb", "'[]'"), ("jsonb", """'{"b":1,"a":[1,2],"aa":null}'"""), ("jsonb", """'{"x": 1.50}'"""),
    ("jsonb", """'{"a":1,"a":2}'"""), ("json", """'{"b":1}'"""),
    ("uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'"), ("uuid", "gen_random_uuid()"),
    ("timestamp(3)", "CURRENT_TIMESTAMP"), ("timestamp(3)", "now()"), ("timestamp(3)", "current_timestamp(3)"),
    ("timestamp(3)", "'2020-01-01'"), ("timestamp(3)", "'2020-01-01T10:11:12.500Z'"),
    ("timestamp(3)", "'1970-01-01 00:00:00 +00:00'"), ("timestamptz(3)", "CURRENT_TIMESTAMP"),
    ("date", "CURRENT_DATE"), ("date", "'2024-02-03'"), ("time", "LOCALTIME"), ("interval", "'1 day'"),
    ("text[]", "ARRAY[]::TEXT[]"), ("text[]", "'{}'"), ("text[]", "ARRAY['a','b']::text[]"), ("text[]", "ARRAY['a']"),
    ("integer[]", "ARRAY[]::INTEGER[]"), ("integer[]", "ARRAY[1,2]::integer[]"), ("integer[]", "'{1,2}'"),
    ('"Role"', "'USER'"), ('"Role"', "'USER'::\"Role\""), ('"Role"[]', "ARRAY['USER']::\"Role\"[]"),
    ('"Role"[]', "ARRAY[]::\"Role\"[]"), ("lower_enum", "'a'"), ("billing.plan", "'free'"),
    ("integer", "nextval('seq_x'::regclass)"), ("text", "CURRENT_USER"), ("text", "md5(random()::text)"),
    ("text", "upper('x'::text)"), ("text", "gen_random_uuid()::text"), ("integer", "(2 * 3) + 1"),
    ("text", "left('abc'::text, 2)"), ("bytea", "'\\x00'"), ("timestamp(3)", "now() + '1 day'::interval"),
]
# Spellings whose stored form depends on types PostgreSQL resolves from an operator or a function's
# signature: they keep their own spelling (PostgreSQL's output still reads back as itself).
NOT_MAPPED = {("text", "'a' || 'b'"), ("timestamp(3)", "(now() AT TIME ZONE 'utc')")}


@pytest.fixture(scope="module")
def stored(pg_server):
    """{case: (column as read back, pg_get_expr of its default)} from one real database."""
    url = pg_server.create_database("expressions")
    cases = CASES + sorted(NOT_MAPPED)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN'); CREATE TYPE lower_enum AS ENUM ('a');"
                     "CREATE SCHEMA billing; CREATE TYPE billing.plan AS ENUM ('free');"
                     "CREATE EXTENSION citext; CREATE SEQUENCE seq_x")
        for number, (column_type, default) in enumerate(cases):
            conn.execute(f"CREATE TABLE t{number} (c {column_type} DEFAULT {default})")
    catalog = read_catalog(url)
    return {case: catalog.table(f"t{n}").columns[0] for n, case in enumerate(cases)}


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=[f"{t} {d}" for t, d in CASES])
def test_a_spelling_maps_to_what_postgres_stores(stored, case):
    column = stored[case]
    assert normalize_default(column.default, column) == column.default  # fixed point
    assert normalize_default(case[1], column) == column.default


@pytest.mark.postgres
@pytest.mark.parametrize("case", sorted(NOT_MAPPED), ids=[f"{t} {d}" for t, d in sorted(NOT_MAPPED)])
def test_unresolvable_spellings_stay_apart_but_postgres_output_is_still_a_fixed_point(stored, case):
    column = stored[case]
    assert normalize_default(column.default, column) == column.default
    assert normalize_default(case[1], column) != column.default


def test_different_expressions_stay_different():
    column = Column("at", "timestamp(3) without time zone")
    assert normalize_default("now()", column) != normalize_default("CURRENT_TIMESTAMP", column)
    assert normalize_default("'x'", Column("c", "text")) != normalize_default("'x'", Column("c", "character varying(5)"))
    assert normalize_default("NULL", Column("c", "text")) is None
    assert normalize_default("  ", None) is None


def test_quote_identifier_matches_postgres_rules():
    assert [quote_identifier(n) for n in ("user_id", "Role", "user", "select", "a b", "_x1", "1a")] == [
        "user_id", '"Role"', '"user"', '"select"', '"a b"', "_x1", '"1a"']


def test_types_outside_the_default_schema_print_qualified():
    # the same spellings read_catalog(default_schema="billing") gets from PostgreSQL (test_introspect)
    role = Column("role", "Role", type_schema="public")
    plan = Column("plan", "plan", type_schema="billing")
    assert normalize_default("'USER'", role, default_schema="billing") == "'USER'::public.\"Role\""
    assert normalize_default("'free'", plan, default_schema="billing") == "'free'::plan"
    assert normalize_default("'free'", plan) == "'free'::billing.plan"
