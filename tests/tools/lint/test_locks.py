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


def test_locks_that_depend_on_the_history() -> None:
    from tools.lint.engine import replay_into
    from tools.lint.history import SchemaState

    state = SchemaState()
    replay_into('CREATE TABLE "U" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "T" ("u" TEXT);\nCREATE INDEX "i" ON "T"("u");\n'
                'ALTER TABLE "T" ADD CONSTRAINT "T_u_fkey" FOREIGN KEY ("u") REFERENCES "U"("id");', state)

    def locks(sql: str) -> dict:
        (stmt,) = parse_sql(sql).statements
        return {t.table: t.mode for t in statement_locks(stmt.kind, stmt.node, state)}

    assert locks('DROP INDEX "i"') == {"T": AE}
    # removing a foreign key removes its triggers from the referenced table: ACCESS EXCLUSIVE there too
    assert locks('ALTER TABLE "T" DROP CONSTRAINT "T_u_fkey"') == {"T": AE, "U": AE}
    assert locks('DROP TABLE "T"') == {"T": AE, "U": AE}


def test_what_locks_block() -> None:
    assert blocks(AE) == ["reads", "writes", "vacuum and schema changes"]
    assert blocks(SHARE) == ["writes", "vacuum and schema changes"]
    assert blocks(SUE) == ["vacuum and schema changes"]
    assert conflicts(SHARE, RE) and not conflicts(SUE, RE)
