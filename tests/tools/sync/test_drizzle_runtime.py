"""The generated Drizzle schema at run time, on the example project's database (built by Prisma's own
DDL): a TypeScript script run with tsx inserts, updates and selects through drizzle-orm 0.45 and the
`pg` driver, and the rows that come back show what Prisma Client would have done:

- client-side ids filled by `$defaultFn` with the right generator (uuid v4 and v7, cuid, cuid2,
  ulid, nanoid(12)), and database defaults left to the database (an enum default, a serial id, a
  bigserial id as a JS bigint, `{}` Json, CURRENT_TIMESTAMP);
- `@updatedAt` set on insert and moved forward by an update (`$onUpdate`);
- relations resolved by drizzle's relational queries: one-to-many, a named self-relation and the
  implicit many-to-many through `_CourseToTag`.
"""

from __future__ import annotations

import json
import re

import pytest

from testkit.oracle import prisma_ddl
from testkit.paths import EXAMPLE
from testkit.toolchain import run_tsx
from tools.database.prepare import apply_ddl
from tools.prisma import load_schema
from tools.sync.drizzle import generate_drizzle

pytestmark = [pytest.mark.node, pytest.mark.postgres]

SCHEMA = EXAMPLE / "apps" / "api" / "prisma" / "schema.prisma"

SCRIPT = """\
import pg from "pg";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./schema.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle(pool, { schema });
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

await db.insert(schema.locale).values({ code: "vi-VN", name: "Tiếng Việt" });
const [mentor] = await db.insert(schema.user)
  .values({ email: "mentor@example.com", fullName: "Mentor", localeCode: "vi-VN", role: "finance_officer" })
  .returning();
const [learner] = await db.insert(schema.user)
  .values({ email: "An@Example.com", fullName: "An", localeCode: "vi-VN", referredById: mentor.id })
  .returning();
const [course] = await db.insert(schema.course)
  .values({ slug: "budgeting", title: "Budgeting", instructorId: mentor.id, localeCode: "vi-VN" })
  .returning();
const [tag] = await db.insert(schema.tag).values({ name: "savings" }).returning();
await db.insert(schema.courseToTag).values({ A: course.id, B: tag.id });
const [lesson] = await db.insert(schema.lesson)
  .values({ courseId: course.id, position: 1, title: "Why budget" })
  .returning();
const [log] = await db.insert(schema.behaviorLog)
  .values({ userId: learner.id, lessonId: lesson.id, sessionId: "00000000-0000-4000-8000-000000000000", eventType: "play" })
  .returning();
const [invoice] = await db.insert(schema.invoice)
  .values({ number: "VEF-2026-000001", userId: learner.id, courseId: course.id, amountVnd: "1500000.00", dueOn: new Date("2026-12-01") })
  .returning();
const [payment] = await db.insert(schema.payment)
  .values({ invoiceId: invoice.id, provider: "MOMO", amountVnd: "1500000.00" })
  .returning();
const [certificate] = await db.insert(schema.certificate)
  .values({ userId: learner.id, courseId: course.id })
  .returning();

await sleep(20);
const [renamed] = await db.update(schema.user).set({ fullName: "An Nguyen" }).where(eq(schema.user.id, learner.id)).returning();
const found = await db.query.course.findFirst({
  with: { tags: { with: { tag: true } }, instructor: true, lessons: true },
});
const referred = await db.query.user.findFirst({ where: eq(schema.user.id, mentor.id), with: { referrals: true } });
await pool.end();

console.log(JSON.stringify({
  userId: learner.id, role: learner.role, mentorRole: mentor.role, settings: learner.settings,
  createdAt: learner.createdAt.toISOString(), updatedAt: learner.updatedAt.toISOString(),
  updatedAfter: renamed.updatedAt.toISOString(), updatedIsDate: learner.updatedAt instanceof Date,
  courseId: course.id, tagId: tag.id, lessonId: lesson.id, metadata: lesson.metadata,
  logId: typeof log.id, logIdText: String(log.id), invoiceId: invoice.id, vatRate: invoice.vatRate,
  paymentId: payment.id, paymentStatus: payment.status, certificateId: certificate.id, code: certificate.code,
  courseTags: found?.tags.map((link) => link.tag.name), instructor: found?.instructor.fullName,
  lessons: found?.lessons.map((l) => l.title), referrals: referred?.referrals.map((u) => u.fullName),
}));
"""


@pytest.fixture(scope="module")
def example_rows(pg_server):
    url = pg_server.create_database("drizzle_runtime_edfinance")
    apply_ddl(url, prisma_ddl(SCHEMA, pg_server.url()))
    text = generate_drizzle(load_schema(SCHEMA), source="schema.prisma")
    result = run_tsx(SCRIPT, env={"DATABASE_URL": url}, files={"schema.ts": text})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_client_side_ids_come_from_the_packages_prisma_uses(example_rows):
    rows = example_rows
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", rows["userId"])  # uuid()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", rows["paymentId"])  # uuid(7)
    assert re.fullmatch(r"c[0-9a-z]{24}", rows["courseId"]) and re.fullmatch(r"c[0-9a-z]{24}", rows["lessonId"])  # cuid()
    assert re.fullmatch(r"[a-z][0-9a-z]{23}", rows["invoiceId"])  # cuid(2): 24 characters, cuid() has 25
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", rows["certificateId"])  # ulid()
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", rows["code"])  # nanoid(12)


def test_database_defaults_are_left_to_the_database(example_rows):
    rows = example_rows
    assert rows["role"] == "STUDENT" and rows["mentorRole"] == "finance_officer"
    assert rows["settings"] == {} and rows["metadata"] == {}
    assert rows["paymentStatus"] == "PENDING" and rows["vatRate"] == "0.080"  # numeric(4,3) as pg's exact string
    assert isinstance(rows["tagId"], int) and rows["tagId"] >= 1  # serial
    assert rows["logId"] == "bigint" and int(rows["logIdText"]) >= 1  # bigserial read as a JS bigint


def test_updated_at_is_set_on_insert_and_moves_on_update(example_rows):
    rows = example_rows
    assert rows["updatedIsDate"]
    assert rows["updatedAt"] and rows["updatedAfter"] > rows["updatedAt"]


def test_relations_resolve_in_relational_queries(example_rows):
    rows = example_rows
    assert rows["courseTags"] == ["savings"]  # implicit many-to-many through _CourseToTag
    assert rows["instructor"] == "Mentor" and rows["lessons"] == ["Why budget"]
    assert rows["referrals"] == ["An Nguyen"]  # the named self-relation "Referrals"
