// What cannot be known without running the code: each one must be reported with its place.
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { auditColumns } from "@acme/db-helpers";
import { missing } from "./does-not-exist";

const tableName = process.env.TABLE_NAME ?? "fallback";

export const events = pgTable("events", {
  id: integer().primaryKey(),
  ...auditColumns,
  kind: missing("kind"),
  at: timestamp().default(new Date()),
  label: text().notNull(),
});

export const dynamic = pgTable(tableName, {
  id: integer().primaryKey(),
});
