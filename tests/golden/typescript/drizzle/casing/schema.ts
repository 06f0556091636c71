// Columns declared without names (drizzle-orm >= 0.32) through the callback form of pgTable, named
// by drizzle's `casing: "snake_case"` setting.
import { type AnyPgColumn, index, pgTable, unique } from "drizzle-orm/pg-core";

export const blogPosts = pgTable(
  "blog_posts",
  (t) => ({
    postId: t.integer().primaryKey().generatedByDefaultAsIdentity(),
    authorName: t.text().notNull(),
    publishedAt: t.timestamp({ withTimezone: true }),
    viewCount: t.integer().default(0).notNull().unique(),
    parentPostId: t.integer().references((): AnyPgColumn => blogPosts.postId),
  }),
  (t) => [index().on(t.authorName, t.publishedAt), unique().on(t.authorName, t.viewCount)],
);
