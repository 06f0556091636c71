import { integer, pgTable, text } from "drizzle-orm/pg-core";

export const before = pgTable("before", {
  id: integer().primaryKey(),
});

export const broken = pgTable("broken", {
  id: integer().primaryKey(),
  tags: text().array().default(["RAY['a'::text]),
});

export const after = pgTable("after", {
  id: integer().primaryKey(),
  name: text().notNull(),
});
