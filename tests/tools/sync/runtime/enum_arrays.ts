// `enum-arrays = "array"` (tests/golden/kysely/options): the types say Format[], which holds once
// the application registers pg's text-array parser for the enum's array type, as the README shows.
import assert from "node:assert/strict";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "./types.ts";
import { Format } from "./types.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
// the README's snippet: arrays of every enum (and of citext) parsed like text[]
const { rows } = await pool.query<{ oid: number }>(
  `SELECT t.typarray AS oid FROM pg_type t WHERE t.typtype = 'e' OR t.typname = 'citext'`,
);
const TEXT_ARRAY: number = 1009; // the OID of text[] (typed as a number: @types/pg lists only base types)
for (const { oid } of rows) pg.types.setTypeParser(oid, pg.types.getTypeParser(TEXT_ARRAY));

const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const lesson = await db
  .insertInto("Lesson")
  .values({ formats: [Format.VIDEO, Format.LIVE_SESSION], metadata: { level: "beginner" }, citexts: ["A", "b"] })
  .returningAll()
  .executeTakeFirstOrThrow();
const formats: ("VIDEO" | "TEXT" | "live")[] | null = lesson.formats;
assert.deepEqual(formats, ["VIDEO", "live"]);
assert.deepEqual(lesson.citexts, ["A", "b"]);
assert.equal(lesson.format, Format.VIDEO); // the runtime object holds the @map'ped values
await db.destroy();
console.log(JSON.stringify({ formats }));
