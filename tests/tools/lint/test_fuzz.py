"""Fuzzing: mutated corpus migrations never raise; a broken statement is a located syntax-error finding."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testkit.paths import CORPUS
from tools.lint import lint_sql

FALLBACK = [
    'CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n'
    'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n',
    'BEGIN;\nCREATE TYPE "Role_new" AS ENUM (\'A\');\nALTER TABLE "U" ALTER COLUMN "r" TYPE "Role_new" USING ("r"::text::"Role_new");\n'
    'ALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";\nCOMMIT;\n',
    'ALTER TABLE "Post" ADD CONSTRAINT "Post_a_fkey" FOREIGN KEY ("a") REFERENCES "User"("id") ON DELETE CASCADE;\n'
    'UPDATE "Post" SET "x" = 1;\nCREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;\n',
]
TOKENS = ["ALTER", "TABLE", "(", ")", ";", ",", '"', "'", "$$", "--", "/*", "*/", "NOT VALID", "CONCURRENTLY", "DROP",
          "é", "\n", "CREATE INDEX", "USING", "::", "ADD VALUE", "BEGIN;", "COMMIT;", "\\", "\x00"]


def samples() -> list[str]:
    files = sorted(CORPUS.glob("*/**/migrations/*/migration.sql"))
    if not files:
        return FALLBACK
    rng = random.Random(11)
    return [p.read_text(encoding="utf-8") for p in rng.sample(files, min(120, len(files)))] + FALLBACK


SAMPLES = samples()


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(TOKENS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)):]
        elif action == "duplicate":
            text = text[:position] + text[position:position + draw(st.integers(1, 80))] + text[position:]
        else:
            text = text[:position]
    return text.replace("\x00", "")  # PostgreSQL text cannot hold NUL; the reader refuses such files earlier


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(), st.sampled_from(["prisma", "drizzle", "plain"]))
def test_mutated_migrations_never_raise(sql: str, runner: str) -> None:
    report = lint_sql(sql, runner=runner)
    lines = sql.count("\n") + 1
    for finding in report.findings:
        loc = finding.location
        assert 1 <= loc.line <= lines and loc.column >= 1, finding
        if finding.rule == "syntax-error":
            assert finding.severity.value == "CRITICAL" and "PostgreSQL rejects" in finding.message
