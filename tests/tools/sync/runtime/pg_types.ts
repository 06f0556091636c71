// What the `pg` driver really returns for each type, against what the generated Kysely types say
// (tests/golden/kysely/scalars: every Prisma scalar, @db.* type, list and Unsupported type). Each
// value read back is assigned to a variable of the type the generated file declares, so tsc checks
// the declaration and node:assert checks the value.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Kysely, PostgresDialect, type Selectable } from "kysely";
import pg from "pg";
import type { DB } from "./types.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });

const everything: Selectable<DB["everything"]> = await db
  .insertInto("everything")
  .values({
    text: "a",
    updatedAt: new Date(),
    statusList: ["DRAFT", "placed"],
    numbers: [1, 2],
    bigs: ["9007199254740993", 2n],
    decimals: [1.5, "2.25"],
    moments: [new Date("2026-01-02T03:04:05Z")],
    documents: [{ a: 1 }, { b: [2] }],
    blobs: [Buffer.from("hi")],
  })
  .returningAll()
  .executeTakeFirstOrThrow();
// enum arrays: pg has no parser for them and returns the array literal (our UnparsedArray)
const statusList: string | null = everything.statusList;
assert.equal(statusList, "{DRAFT,placed}");
assert.equal(everything.status, "placed"); // the @map'ped value
// BigInt and BigInt[]: strings; Decimal: a string, but Decimal[]: numbers (parseFloat)
const big: string = everything.big;
assert.equal(big, "0");
assert.deepEqual(everything.bigs, ["9007199254740993", "2"]);
const decimals: number[] | null = everything.decimals;
assert.deepEqual(decimals, [1.5, 2.25]);
assert.equal(everything.money, "0.000000000000000000000000000000"); // numeric(65,30), exact
assert.ok(everything.moments?.[0] instanceof Date);
assert.deepEqual(everything.documents, [{ a: 1 }, { b: [2] }]);
assert.ok(Buffer.isBuffer(everything.blobs?.[0]));
assert.deepEqual(everything.tags, []); // @default([])
assert.equal(everything.createdBy, "postgres"); // dbgenerated("current_user")
assert.equal(everything.emptyDefault, ""); // a falsy default survives
assert.equal(everything.flag, false);

// (xml stays null: this PostgreSQL is built without libxml)
const natives: Selectable<DB["Natives"]> = await db
  .insertInto("Natives")
  .values({
    id: randomUUID(), cuid: "c1", cuid2: "c2", uuid7: randomUUID(), nano: "n", ulid: "u",
    text: "t", char: "abc", bit: "1010", varbit: "101", inet: "10.0.0.1", citext: "MiXeD",
    citexts: ["a", "B"], small: 1, integer: 2, oid: 3, big: 4, real: 1.5, double: 2.5, decimal: 12.5,
    money: 12.34, stamp: "2026-01-02 03:04:05", stamptz: new Date(), day: "2026-01-02", time: "14:30:00",
    json: { a: 1 }, bytea: Buffer.from([1, 2]),
  })
  .returningAll()
  .executeTakeFirstOrThrow();
const citexts: string | null = natives.citexts; // citext[]: no parser (the OID is per database)
assert.equal(citexts, "{a,B}");
const time: string = natives.time; // pg has no parser for time (prisma-kysely says Date)
assert.equal(time, "14:30:00");
const day: Date = natives.day; // pg parses date (local midnight)
assert.ok(day instanceof Date && day.getDate() === 2);
assert.equal(natives.decimal, "12.50");
assert.match(natives.money, /^\$?12\.34$/); // money: text formatted by lc_monetary
assert.equal(natives.big, "4");
assert.equal(natives.oid, 3);
assert.equal(natives.bit, "1010");
assert.ok(Buffer.isBuffer(natives.bytea));
assert.ok(natives.stamp instanceof Date);
assert.equal(typeof natives.serverUuid, "string"); // dbgenerated("gen_random_uuid()")

const documents: Selectable<DB["Documents"]> = await db
  .insertInto("Documents")
  .values({
    body: { title: "T", blocks: ["x"] }, trailing: { note: "n" }, label: "l",
    spent: "1 day 02:00:00", spot: "(1,2)", ring: "<(1,2),3>", embedding: "[1,2,3]", search: "a fat cat",
    tags: [{ name: "x" }],
  })
  .returningAll()
  .executeTakeFirstOrThrow();
assert.equal(documents.spent?.days, 1); // interval: a postgres-interval object
assert.equal(documents.spent?.hours, 2);
assert.deepEqual(documents.spot, { x: 1, y: 2 });
assert.deepEqual(documents.ring, { x: 1, y: 2, radius: 3 });
assert.equal(documents.embedding, "[1,2,3]");
assert.equal(documents.search, "'a' 'cat' 'fat'");
assert.equal(documents.computed, 1);
assert.deepEqual(documents.meta, {});
const title: string = documents.body.title; // typed by /// [DocumentBody]
assert.equal(title, "T");

await db.destroy();
console.log(JSON.stringify({ statusList, decimals, citexts, time, money: natives.money }));
