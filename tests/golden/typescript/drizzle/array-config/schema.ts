// Every column builder, chain method and extra-config item of drizzle-orm 0.45 that drizzle-kit
// turns into DDL, in the array form of the third argument (drizzle-orm >= 0.36).
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  char,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  pgEnum,
  pgSchema,
  pgTable,
  primaryKey,
  real,
  serial,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
  vector,
} from "drizzle-orm/pg-core";

export const role = pgEnum("Role", ["USER", "ADMIN", "OWNER"]);
export const billing = pgSchema("billing");
export const currency = billing.enum("currency", ["EUR", "USD", "VND"]);

const citext = customType<{ data: string }>({
  dataType() {
    return "citext";
  },
});
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: citext("email").notNull().unique(),
    handle: varchar("handle", { length: 32 }).notNull().unique("users_handle_key"),
    displayName: text("display_name"),
    role: role().default("USER").notNull(),
    invitedBy: uuid("invited_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    score: integer().default(-1).notNull(),
    balance: numeric({ precision: 12, scale: 2 }).default("0.00"),
    ratio: doublePrecision().default(1.5),
    weight: real(),
    small: smallint().default(7),
    big: bigint({ mode: "number" }).default(5000000000),
    active: boolean().default(true).notNull(),
    code: char({ length: 3 }),
    initial: char(),
    tags: text().array().default(["a", "b c", ""]),
    notNullThenArray: text().notNull().array(),
    settings: jsonb().default({ theme: "dark", n: 1 }).notNull(),
    legacy: json(),
    avatar: bytea("avatar"),
    birthday: date().default("2000-01-31"),
    wakeUp: time({ precision: 0 }),
    createdAt: timestamp("created_at", { precision: 3, withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { precision: 3 })
      .default(sql`CURRENT_TIMESTAMP`)
      .$onUpdate(() => new Date()),
    expiresAt: timestamp("expires_at", { mode: "string" }),
    timeout: interval(),
    embedding: vector({ dimensions: 3 }),
  },
  (t) => [
    index("users_created_idx").on(t.createdAt.desc()),
    index().on(t.role, t.active),
    uniqueIndex("users_lower_name").on(sql`lower(${t.displayName})`),
    index("users_active_idx").on(t.handle).where(sql`${t.active} = true`),
    index("users_settings_gin").using("gin", t.settings),
    index("users_nulls_first").on(t.score.asc().nullsFirst(), t.weight.desc().nullsFirst()),
    index("users_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
    check("users_score_check", sql`${t.score} >= -1`),
  ],
);

export const invoices = billing.table(
  "invoices",
  {
    id: serial().primaryKey(),
    number: bigserial({ mode: "number" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade", onUpdate: "cascade" }),
    currency: currency().default("EUR").notNull(),
    lines: integer("lines").array(),
    total: numeric({ precision: 10 }),
  },
  (t) => [unique("invoices_user_number").on(t.userId, t.number).nullsNotDistinct()],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id").notNull(),
    orgId: integer("org_id").notNull(),
    seq: integer().generatedAlwaysAsIdentity({ startWith: 10 }),
    since: date({ mode: "date" }).defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.orgId] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    foreignKey({ name: "memberships_invoice_fk", columns: [t.orgId], foreignColumns: [invoices.id] })
      .onDelete("restrict")
      .onUpdate("no action"),
  ],
);

// Not exported: drizzle-kit never sees it, so it is read but creates nothing.
const drafts = pgTable("drafts", { id: text().primaryKey() });
