// Tables built with the project's own table creator, helpers from a sibling file, and the older
// object form of the third argument (an object of named indexes).
import { index, integer, pgTableCreator, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, ownerId, timestamps } from "./columns.js";
import { status } from "./enums";

export { status } from "./enums";

export const createTable = pgTableCreator((name) => `app_${name}`);

export const projects = createTable(
  "projects",
  {
    id: id(),
    ownerId: ownerId(),
    title: text("title").notNull(),
    status: status("status").default("draft").notNull(),
    ...timestamps,
  },
  (t) => ({
    ownerIdx: index("projects_owner_idx").on(t.ownerId),
    titleKey: uniqueIndex("projects_title_key").on(t.ownerId, t.title),
  }),
);

export const tasks = createTable(
  "tasks",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    position: integer().notNull().default(0),
    reviewer: ownerId("reviewer_id"),
    ...timestamps,
  },
  (table) => {
    return { positionIdx: index().on(table.projectId, table.position) };
  },
);
