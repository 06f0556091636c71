// Column helpers shared by the tables in schema.ts: a spread of timestamps and an id factory.
import { text, timestamp } from "drizzle-orm/pg-core";

export const timestamps = {
  createdAt: timestamp("created_at", { precision: 3 }).defaultNow().notNull(),
  updatedAt: timestamp("updated_at", { precision: 3 }).$onUpdateFn(() => new Date()),
};

export const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

export function ownerId(name = "owner_id") {
  return text(name).notNull();
}
