// Insert and select rows through the generated Drizzle schema and Kysely types, on the example
// project's database (its migrations applied to a fresh PostgreSQL). Run with tsx by
// tests/tools/sync/test_runtime.py, and type-checked with tsc --strict first.
//
// Kysely: the types say what the app must pass (client-side ids, @updatedAt) and what pg returns
// (BigInt/Decimal as strings, @db.Date as a Date). Drizzle: $defaultFn fills the client-side ids
// with the npm package Prisma's format comes from, and $onUpdate sets @updatedAt.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import cuid from "cuid";
import { createId } from "@paralleldrive/cuid2";
import { v7 as uuidv7 } from "uuid";
import { ulid } from "ulid";
import { nanoid } from "nanoid";
import type { DB } from "./types.ts";
import * as schema from "./schema.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const orm = drizzle(pool, { schema });
const report: Record<string, unknown> = {};

// -- Kysely ------------------------------------------------------------------------------------------
await kysely.insertInto("locales").values({ code: "vi-VN", name: "Tiếng Việt" }).execute();
const firstStamp = new Date("2026-01-01T00:00:00Z");
const user = await kysely
  .insertInto("users")
  // id (uuid()) and updated_at (@updatedAt) have no database default: the types make us pass them
  .values({ id: randomUUID(), email: "An.Nguyen@Example.vn", full_name: "Nguyễn An", updated_at: firstStamp, date_of_birth: "2001-09-02" })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(user.role, "STUDENT"); // a database default
assert.equal(user.locale_code, "vi-VN");
assert.deepEqual(user.settings, {});
assert.ok(user.created_at instanceof Date);
assert.ok(user.date_of_birth instanceof Date); // @db.Date: pg parses date into a Date
assert.equal(user.updated_at.getTime(), firstStamp.getTime());

const course = await kysely
  .insertInto("courses")
  .values({ id: cuid(), slug: "tiet-kiem", title: "Tiết kiệm", instructor_id: user.id, locale_code: "vi-VN", updated_at: new Date() })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(course.fee_vnd, "0.00"); // Decimal: an exact string
assert.equal(course.is_published, false);

const lesson = await kysely
  .insertInto("Lesson")
  .values({
    id: cuid(), courseId: course.id, position: 1, title: "Ngân sách", updatedAt: new Date(),
    metadata: { level: "beginner", transcriptLang: "vi", resources: [{ title: "Sổ tay", url: "https://example.vn" }] },
    embedding: JSON.stringify(Array.from({ length: 1536 }, () => 0.25)),
  })
  .returningAll()
  .executeTakeFirstOrThrow();
const level: "beginner" | "intermediate" | "advanced" = lesson.metadata.level; // typed by /// [LessonMetadata]
assert.equal(level, "beginner");
assert.equal(typeof lesson.embedding, "string"); // pgvector: pg has no parser, it is text

const log = await kysely
  .insertInto("behavior_logs")
  .values({ user_id: user.id, lesson_id: lesson.id, session_id: randomUUID(), event_type: "video_play", metadata: { second: 12 } })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(typeof log.id, "string"); // BigInt autoincrement: a string from pg
assert.match(log.id, /^\d+$/);

const invoice = await kysely
  .insertInto("invoices")
  .values({ id: createId(), number: "VEF-2026-000123", user_id: user.id, course_id: course.id, amount_vnd: 1500000, due_on: new Date("2026-12-01T00:00:00") })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(invoice.amount_vnd, "1500000.00");
assert.equal(invoice.vat_rate, "0.080");
assert.ok(invoice.due_on instanceof Date && invoice.issued_on instanceof Date);

const payment = await kysely
  .insertInto("payments")
  // a JSON array is written as JSON text: pg would send a JavaScript array as a PostgreSQL array literal
  .values({ id: uuidv7(), invoice_id: invoice.id, provider: "MOMO", amount_vnd: "1500000", raw_webhook: JSON.stringify([{ resultCode: 0 }]) })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(payment.status, "PENDING");
assert.deepEqual(payment.raw_webhook, [{ resultCode: 0 }]);
await assert.rejects(
  kysely
    .updateTable("payments")
    // @ts-expect-error the generated Json type refuses a JavaScript array, and PostgreSQL does too:
    .set({ raw_webhook: [{ resultCode: 0 }] })
    .where("id", "=", payment.id)
    .execute(),
  /invalid input syntax for type json/,
);

await kysely.insertInto("certificates").values({ id: ulid(), code: nanoid(12), user_id: user.id, course_id: course.id }).execute();
const enrollment = await kysely.insertInto("Enrollment").values({ userId: user.id, courseId: course.id }).returningAll().executeTakeFirstOrThrow();
assert.equal(enrollment.status, "ACTIVE");
assert.equal(enrollment.progressPct, "0.00");
const tag = await kysely.insertInto("Tag").values({ name: "tiết kiệm" }).returningAll().executeTakeFirstOrThrow();
assert.equal(typeof tag.id, "number");
await kysely.insertInto("_CourseToTag").values({ A: course.id, B: tag.id }).execute();

// @updatedAt through Kysely: the application sets it on update, as the column's comment says
const later = new Date("2026-06-01T00:00:00Z");
const renamed = await kysely
  .updateTable("users")
  .set({ full_name: "Nguyễn Văn An", updated_at: later })
  .where("id", "=", user.id)
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(renamed.updated_at.getTime(), later.getTime());
report.kysely = { user: user.id, bigintId: log.id, decimal: invoice.amount_vnd, tag: tag.id };

// -- Drizzle -----------------------------------------------------------------------------------------
const [learner] = await orm
  .insert(schema.user)
  .values({ email: "binh@example.vn", fullName: "Trần Bình" }) // id and updatedAt filled on the client
  .returning();
assert.match(learner.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/); // uuid()
assert.ok(learner.updatedAt instanceof Date);

const [draft] = await orm
  .insert(schema.course)
  .values({ slug: "dau-tu", title: "Đầu tư", instructorId: learner.id, localeCode: "vi-VN" })
  .returning();
assert.match(draft.id, /^c[a-z0-9]{24}$/); // cuid() (v1)
const before = draft.updatedAt.getTime();
await new Promise((resolve) => setTimeout(resolve, 20));
const [published] = await orm
  .update(schema.course)
  .set({ isPublished: true })
  .where(eq(schema.course.id, draft.id))
  .returning();
assert.ok(published.updatedAt.getTime() > before, "@updatedAt: $onUpdate sets it on update");

const [bill] = await orm
  .insert(schema.invoice)
  .values({ number: "VEF-2026-000124", userId: learner.id, amountVnd: "990000", dueOn: new Date("2026-12-31T00:00:00") })
  .returning();
assert.match(bill.id, /^[a-z][a-z0-9]{23}$/); // cuid(2)
const [paid] = await orm.insert(schema.payment).values({ invoiceId: bill.id, provider: "VNPAY", amountVnd: "990000" }).returning();
assert.match(paid.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/); // uuid(7)
const [certificate] = await orm.insert(schema.certificate).values({ userId: learner.id, courseId: draft.id }).returning();
assert.match(certificate.id, /^[0-9A-HJKMNP-TV-Z]{26}$/); // ulid()
assert.match(certificate.code, /^[A-Za-z0-9_-]{12}$/); // nanoid(12)

// each side reads what the other wrote
const seenByKysely = await kysely.selectFrom("courses").select(["id", "is_published", "updated_at"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
assert.equal(seenByKysely.is_published, true);
const seenByDrizzle = await orm.query.user.findFirst({ where: eq(schema.user.id, user.id) });
assert.equal(seenByDrizzle?.fullName, "Nguyễn Văn An");
report.drizzle = { user: learner.id, course: draft.id, invoice: bill.id, payment: paid.id, certificate: certificate.id, code: certificate.code };

await kysely.destroy();
console.log(JSON.stringify(report));
