"""The static lock model, as the PostgreSQL manual states it (test_trace checks it on a real server)."""

from __future__ import annotations

import pytest

from tools.lint.locks import ACCESS_EXCLUSIVE as AE
from tools.lint.locks import ROW_EXCLUSIVE as RE
from tools.lint.locks import SHARE, SHARE_ROW_EXCLUSIVE as SRE, SHARE_UPDATE_EXCLUSIVE as SUE, blocks, conflicts, statement_locks
from tools.lint.parse import parse_sql

CASES = [
    ('ALTER TABLE "T" ADD COLUMN "c" TEXT', {"T": AE}),
    ('ALTER TABLE "T" ADD CONSTRAINT "f" FOREIGN KEY ("u") REFERENCES "U"("id")', {"T": SRE, "U": SRE}),
    ('ALTER TABLE "T" VALIDATE CONSTRAINT "f"', {"T": SUE}),
    ('ALTER TABLE "T" ALTER COLUMN "c" SET STATISTICS 100', {"T": SUE}),
    ('ALTER TABLE "T" DISABLE TRIGGER ALL', {"T": SRE}),
    ('CREATE INDEX "i" ON "T"("c")', {"T": SHARE}),
    ('CREATE INDEX CONCURRENTLY "i" ON "T"("c")', {"T": SUE}),
    ('DROP TABLE "T"', {"T": AE}),
    ('TRUNCATE "T", "U"', {"T": AE, "U": AE}),
    ('UPDATE "T" SET "c" = 1', {"T": RE}),
    ('CREATE TABLE "N" ("u" TEXT REFERENCES "U"("id"))', {"U": SRE}),
    ('ALTER TABLE "T" RENAME COLUMN "a" TO "b"', {"T": AE}),
    ('LOCK TABLE "T" IN SHARE MODE', {"T": SHARE}),
    ('VACUUM FULL "T"', {"T": AE}),
    ('VACUUM "T"', {"T": SUE}),
    ('CREATE TYPE "E" AS ENUM (\'a\')', {}),
]


@pytest.mark.parametrize("sql,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_statement_locks(sql: str, expected: dict) -> None:
    (stmt,) = parse_sql(sql).statements
    assert {t.table: t.mode for t in statement_locks(stmt.kind, stmt.node)} == expected


def test_drop_index_locks_the_table_the_history_knows() -> None:
    (stmt,) = parse_sql('DROP INDEX "i"').statements
    assert [t.table for t in statement_locks(stmt.kind, stmt.node, {"i": "T"}.get)] == ["T"]


def test_what_locks_block() -> None:
    assert blocks(AE) == ["reads", "writes", "vacuum and schema changes"]
    assert blocks(SHARE) == ["writes", "vacuum and schema changes"]
    assert blocks(SUE) == ["vacuum and schema changes"]
    assert conflicts(SHARE, RE) and not conflicts(SUE, RE)
