"""Which statements share a transaction under Prisma, drizzle-kit and plain SQL."""

from __future__ import annotations

from tools.lint.parse import parse_sql
from tools.lint.transactions import plan_transactions


def groups(sql: str, runner: str, prisma=None) -> tuple:
    return plan_transactions(parse_sql(sql).statements, runner, prisma).groups


def test_prisma_runs_a_multi_statement_file_as_one_transaction() -> None:
    assert groups("ALTER TABLE a ADD x int; CREATE INDEX i ON a(x);", "prisma") == (0, 0)


def test_prisma_runs_a_single_statement_alone() -> None:
    assert groups("CREATE INDEX CONCURRENTLY i ON a(x);", "prisma") == (None,)


def test_prisma_7_4_splits_files_with_create_index_concurrently() -> None:
    sql = "ALTER TABLE a ADD x int; CREATE INDEX CONCURRENTLY i ON a(x);"
    assert groups(sql, "prisma", (7, 3)) == (0, 0)
    assert groups(sql, "prisma", (7, 4)) == (None, None)
    assert groups("ALTER TABLE a ADD x int; DROP INDEX CONCURRENTLY i;", "prisma", (7, 4)) == (0, 0)


def test_prisma_commit_starts_a_new_implicit_transaction() -> None:
    plan = plan_transactions(parse_sql("BEGIN; ALTER TYPE t ADD VALUE 'x'; COMMIT; UPDATE a SET b = 'x';").statements, "prisma")
    assert plan.same_transaction(0, 1) and not plan.same_transaction(1, 3) and plan.in_transaction(3)


def test_drizzle_wraps_everything_until_a_commit() -> None:
    assert groups("CREATE INDEX CONCURRENTLY i ON a(x);", "drizzle") == (0,)
    assert groups("ALTER TABLE a ADD x int; COMMIT; ALTER TABLE a ADD y int;", "drizzle") == (0, 0, None)


def test_plain_sql_commits_each_statement_outside_begin_commit() -> None:
    assert groups("ALTER TABLE a ADD x int; BEGIN; ALTER TABLE a ADD y int; COMMIT; SELECT 1;", "plain") == (None, 1, 1, 1, None)
