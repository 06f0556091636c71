"""Features of SQL read with sqlglot: joins and their kinds, aggregates, GROUP BY, windows, CTEs,
subqueries, JSONB and pgvector operators, batch sizes, schema changes; located parse errors."""

from __future__ import annotations

import pytest

from tools.advise.sqlread import parse_sql, protect_vector_operators, restore_vector_operators
from tools.errors import SchemaError


def f(sql: str):
    return parse_sql(sql).features


def test_joins_aggregates_and_group_by() -> None:
    got = f("""SELECT u.locale_code, COUNT(DISTINCT b.user_id), SUM(p.amount), avg(x.y)
               FROM behavior_logs b JOIN users u ON u.id = b.user_id LEFT JOIN payments p ON p.user_id = u.id
               FULL JOIN x ON true GROUP BY 1 HAVING COUNT(*) > 2""")
    assert got.joins == 3 and got.join_kinds == ["inner", "left", "full"]
    assert got.aggregates == ["count", "sum", "avg"] and got.group_by and got.having
    assert got.operation == "read" and got.tables == ["behavior_logs", "users", "payments", "x"]


def test_window_functions_are_not_aggregates() -> None:
    got = f("SELECT rank() OVER (PARTITION BY a ORDER BY b), sum(c) OVER (ORDER BY d) FROM t")
    assert got.window_functions == ["rank", "sum"] and got.aggregates == [] and not got.group_by


def test_ctes_subqueries_and_set_operations() -> None:
    got = f("""WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a)
               SELECT * FROM b WHERE x IN (SELECT y FROM t) AND EXISTS (SELECT 1 FROM u)
               UNION ALL SELECT 2""")
    assert got.ctes == 2 and got.subqueries == 2 and got.set_operations == 1
    assert "a" not in got.tables and {"t", "u"} <= set(got.tables)


@pytest.mark.parametrize("sql, operators", [
    ("SELECT metadata->>'level' FROM t", ["->>"]),
    ("SELECT * FROM t WHERE metadata->'a'->'b' IS NOT NULL", ["->"]),
    ("SELECT * FROM t WHERE settings @> '{\"theme\": \"dark\"}'", ["@>"]),
    ("SELECT * FROM t WHERE data ? 'quiz' AND data #>> '{a,b}' = 'x'", ["?", "#>>"]),
    ("SELECT jsonb_path_query(m, '$.a') FROM t", ["jsonb_path_query()"]),
])
def test_jsonb_operators(sql: str, operators: list[str]) -> None:
    assert sorted(f(sql).jsonb_operators) == sorted(operators)


def test_array_containment_is_not_jsonb() -> None:
    assert f("SELECT * FROM t WHERE tags @> ARRAY['a']").jsonb_operators == []


def test_pgvector_operators_survive_sqlglot_and_strings_are_left_alone() -> None:
    got = f("SELECT id FROM l ORDER BY embedding <=> $1::vector, e <#> $2, e <-> $3 LIMIT 5")
    assert got.vector_operators == ["<=>", "<#>", "<->"]
    text = "SELECT '<=>' AS s, \"a<=>b\" FROM t -- <=> in a comment\nWHERE x <=> y"
    protected = protect_vector_operators(text)
    assert protected.count("OPERATOR(<=>)") == 1 and restore_vector_operators(protected).count("<=>") == 4


def test_writes_batches_and_schema_changes() -> None:
    assert f("INSERT INTO t (a, b) VALUES (1, 2), (3, 4), (5, 6)").batch_size == 3
    upsert = f("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING")
    assert upsert.statement == "upsert" and upsert.operation == "write"
    assert f("INSERT INTO t (a) SELECT a FROM u").batch_dynamic
    for ddl in ("ALTER TABLE users ADD COLUMN phone text", "CREATE INDEX i ON t (a)", 'ALTER TYPE "Role" ADD VALUE \'X\''):
        assert f(ddl).operation == "schema"
    assert f("BEGIN; UPDATE t SET a = 1; COMMIT;").transaction


def test_distinct_on() -> None:
    got = f("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC")
    assert got.distinct and got.distinct_on
    assert not f("SELECT DISTINCT a FROM t").distinct_on


@pytest.mark.parametrize("sql, line", [
    ("SELECT a FROM t WHERE", 1),
    ("SELECT a\nFROM t\nWHERE (b = ", 3),
    ("SELEC a FROM t", 1),
])
def test_syntax_errors_are_located(sql: str, line: int) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_sql(sql, path="q.sql")
    span = caught.value.span
    assert (span.file, span.line) == ("q.sql", line)
    assert 1 <= span.column <= len(sql.splitlines()[line - 1]) + 1
    assert "cannot parse the SQL" in caught.value.render() and sql.splitlines()[line - 1].strip() in caught.value.render()
