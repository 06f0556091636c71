"""Health checks on a real PostgreSQL whose statistics come from actually running queries."""

from __future__ import annotations

import psycopg
import pytest

from tools.catalog.ddl import catalog_to_sql
from tools.catalog.from_prisma import prisma_to_catalog
from tools.health import HealthThresholds, run_health
from tools.health.markdown import health_markdown
from tools.prisma import parse_schema_text

SCHEMA = '''
datasource db {
  provider = "postgresql"
}

model Course {
  id      Int      @id @default(autoincrement())
  title   String
  slug    String   @unique
  lessons Lesson[]

  @@index([title])
}

model Lesson {
  id       Int    @id @default(autoincrement())
  courseId Int
  course   Course @relation(fields: [courseId], references: [id])
  position Int
  locale   String

  @@index([locale, position])
  @@index([locale])
}
'''

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(fresh_db):
    schema = parse_schema_text(SCHEMA, "schema.prisma")
    expected = prisma_to_catalog(schema)
    url = fresh_db("health")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(expected))
        conn.execute("INSERT INTO \"Course\" (title, slug) SELECT 'c' || g, 's' || g FROM generate_series(1, 200) g")
        conn.execute("INSERT INTO \"Lesson\" (\"courseId\", position, locale) SELECT 1 + g % 200, g, CASE WHEN g % 2 = 0 THEN 'vi' ELSE 'en' END FROM generate_series(1, 2000) g")
        # objects made outside Prisma's migrations
        conn.execute('CREATE INDEX "Course_title_copy" ON "Course"(title)')
        conn.execute('CREATE TABLE audit_log (at timestamptz, entry text)')
        conn.execute('CREATE TABLE enrollment (course_id int)')
        conn.execute('ALTER TABLE enrollment ADD CONSTRAINT enrollment_course_fk FOREIGN KEY (course_id) REFERENCES "Course"(id) NOT VALID')
        conn.execute("INSERT INTO \"Lesson\" (\"courseId\", position, locale) VALUES (1, 1, 'en')")
        with pytest.raises(psycopg.Error):  # duplicates: the concurrent build fails and leaves an INVALID index
            conn.execute('CREATE UNIQUE INDEX CONCURRENTLY "Lesson_position_uq" ON "Lesson"(position)')
        conn.execute("SELECT setval('\"Course_id_seq\"', 2000000000)")
        conn.execute("ANALYZE")
        conn.execute("SET enable_seqscan = off")
        for _ in range(3):  # real scans: the slug and (locale, position) indexes are used
            conn.execute("SELECT * FROM \"Course\" WHERE slug = 's5'").fetchall()
            conn.execute("SELECT * FROM \"Lesson\" WHERE locale = 'vi' AND position = 4").fetchall()
        conn.execute("SELECT pg_stat_force_next_flush()")
    return url, expected


def by_rule(findings):
    out = {}
    for finding in findings:
        out.setdefault(finding.rule, []).append(finding)
    return out


def test_health_findings_name_the_right_objects(database) -> None:
    url, expected = database
    report = run_health(url, expected, schema_file="schema.prisma")
    rules = by_rule(report.findings)
    unused = {f.data["index"] for f in rules["unused-index"]}
    assert "Course_title_idx" in unused and "Course_title_copy" in unused
    assert "Lesson_locale_position_idx" not in unused and "Course_slug_key" not in unused
    assert [f.data["index"] for f in rules["duplicate-index"]] == ["Course_title_copy"]
    assert "Nothing in schema.prisma creates this index" in rules["duplicate-index"][0].message
    assert [(f.data["index"], f.data["covered_by"]) for f in rules["redundant-index"]] == [("Lesson_locale_idx", "Lesson_locale_position_idx")]
    assert [f.data["index"] for f in rules["invalid-index"]] == ["Lesson_position_uq"]
    assert sorted(f.data["foreign_key"] for f in rules["unindexed-foreign-key"]) == ["Lesson_courseId_fkey", "enrollment_course_fk"]
    lesson_fk = next(f for f in rules["unindexed-foreign-key"] if f.data["foreign_key"] == "Lesson_courseId_fkey")
    assert lesson_fk.location.line == 18 and "@@index([courseId])" in lesson_fk.help  # the `course` relation field
    near = rules["sequence-near-max"]
    assert [(f.data["table"], f.data["column"], f.severity.value) for f in near] == [("public.Course", "id", "HIGH")]
    assert [f.data["constraint"] for f in rules["constraint-not-valid"]] == ["enrollment_course_fk"]
    assert sorted(f.data["table"] for f in rules["table-without-primary-key"]) == ["public.audit_log", "public.enrollment"]
    assert report.tables == 4 and report.sequences == 2


def test_thresholds_and_markdown(database) -> None:
    url, expected = database
    relaxed = run_health(url, expected, thresholds=HealthThresholds(sequence_warn=0.99, sequence_high=0.995))
    assert "sequence-near-max" not in by_rule(relaxed.findings)
    text = health_markdown(run_health(url, expected, schema_file="schema.prisma"))
    assert text.startswith("## Database health report") and "| 🔴 | `invalid-index` |" in text and "`schema.prisma:" in text


def test_a_healthy_database_reports_nothing(fresh_db) -> None:
    schema = parse_schema_text(SCHEMA.replace("  @@index([locale])\n", "  @@index([courseId])\n").replace("  @@index([title])\n", ""), "schema.prisma")
    expected = prisma_to_catalog(schema)
    url = fresh_db("healthy")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(catalog_to_sql(expected))
        conn.execute("SET enable_seqscan = off")
        for query in ('SELECT * FROM "Course" WHERE slug = \'x\'', 'SELECT * FROM "Lesson" WHERE locale = \'vi\' AND position = 1',
                      'SELECT * FROM "Lesson" WHERE "courseId" = 1'):
            conn.execute(query).fetchall()
        conn.execute("SELECT pg_stat_force_next_flush()")
    report = run_health(url, expected)
    assert report.findings == [], [f.message for f in report.findings]
    assert "Nothing to report" in health_markdown(report)
