"""Each ORM's typing rules: Prisma Client's scalars, Drizzle's $inferSelect/$inferInsert (modes,
$type, enums, customType, defaults and identity), Kysely's Generated / ColumnType / nullable."""

from __future__ import annotations

from tools.prisma import parse_schema_text
from tools.types.orm_types import drizzle_type, kysely_type, prisma_type
from tools.typescript.drizzle_reader import read_drizzle
from tools.typescript.kysely_reader import kysely_to_columns, read_kysely

PRISMA = """
datasource db {
  provider = "postgresql"
}
enum Role {
  USER
  ADMIN @map("admin")
}
model T {
  id       String   @id @default(cuid())
  big      BigInt
  money    Decimal? @db.Decimal(10, 2)
  at       DateTime @updatedAt
  born     DateTime @default(now()) @db.Date
  blob     Bytes
  roles    Role[]
  /// [Shape]
  shape    Json
  raw      Json?
  vec      Unsupported("vector(3)")?
}
"""

DRIZZLE = """
import { pgTable, pgEnum, text, bigint, numeric, timestamp, date, integer, jsonb, customType } from "drizzle-orm/pg-core";
const bytea = customType<{ data: Buffer }>({ dataType() { return "bytea"; } });
export const role = pgEnum("Role", ["USER", "admin"]);
export const t = pgTable("t", {
  a: bigint({ mode: "number" }).notNull(),
  b: bigint({ mode: "bigint" }),
  c: numeric({ precision: 10, scale: 2 }).notNull(),
  d: numeric({ mode: "number" }).notNull().default("0"),
  e: timestamp({ mode: "string" }).notNull().$onUpdate(() => new Date().toISOString()),
  f: date().notNull(),
  g: date({ mode: "date" }),
  h: integer().generatedAlwaysAsIdentity(),
  i: integer().generatedByDefaultAsIdentity(),
  j: jsonb().$type<{ a: number }>().notNull(),
  k: bytea().notNull(),
  l: role().array(),
  m: text().notNull().$defaultFn(() => "x"),
});
"""

KYSELY = """
import type { ColumnType, Generated } from "kysely";
type Numeric = ColumnType<string, number | string, number | string>;
export interface T { a: Generated<number>; b: Numeric | null; c: ColumnType<Date, string, never>; d?: string; e: "A" | "B" }
export interface DB { t: T }
"""


def test_prisma_client_types() -> None:
    schema = parse_schema_text(PRISMA)
    t = {f.name: prisma_type(f, schema) for f in schema.models["T"].columns}
    assert (t["id"].select, t["id"].presence, t["id"].filled_by) == ("string", "optional", "Prisma Client (cuid())")
    assert (t["big"].select, t["big"].presence) == ("bigint", "required")
    assert t["money"].select == "Prisma.Decimal | null" and t["money"].presence == "optional"
    assert t["at"].filled_by == "Prisma Client (@updatedAt)" and t["born"].filled_by == "database default"
    assert t["blob"].select == "Uint8Array" and t["roles"].select == '("USER" | "ADMIN")[]'
    assert t["roles"].detail["enum_values"] == ["USER", "admin"]
    assert t["shape"].select == "PrismaJson.Shape" and t["raw"].select == "Prisma.JsonValue | null"
    assert t["vec"].insert is None and t["vec"].presence == "absent"


def test_drizzle_infer_rules() -> None:
    file = read_drizzle(DRIZZLE, path="schema.ts")
    table = file.table("t")
    c = {col.key: drizzle_type(col, file) for col in table.columns}
    assert (c["a"].select, c["b"].select) == ("number", "bigint | null")
    assert (c["c"].select, c["d"].select, c["d"].presence) == ("string", "number", "optional")
    assert (c["e"].select, c["e"].filled_by) == ("string", "$onUpdate")
    assert (c["f"].select, c["g"].select) == ("string", "Date | null")
    assert (c["h"].presence, c["h"].insert) == ("absent", None) and c["i"].presence == "optional"
    assert c["j"].select == "{ a: number }" and c["k"].select == "Buffer"
    assert c["l"].select == '"USER" | "admin"[] | null' and c["l"].detail["enum_values"] == ["USER", "admin"]
    assert (c["m"].presence, c["m"].filled_by) == ("optional", "$defaultFn")
    assert c["a"].presence == "required" and c["a"].detail == {"builder": "bigint", "mode": "number"}


def test_kysely_shapes() -> None:
    shapes = kysely_to_columns(read_kysely(KYSELY, path="types.ts"))["public.t"].columns
    k = {name: kysely_type(shape) for name, shape in shapes.items()}
    assert (k["a"].select, k["a"].presence, k["a"].filled_by) == ("number", "optional", "database default (Generated)")
    assert (k["b"].select, k["b"].nullable, k["b"].presence) == ("string | null", True, "optional")
    assert (k["c"].insert, k["c"].update, k["c"].presence) == ("string", None, "required")
    assert k["d"].presence == "optional" and k["e"].detail["enum_values"] == ["A", "B"]
