// relations() of drizzle-orm's relational queries v1: one/many, relationName, a self-relation,
// a many-to-many through a junction table.
import { relations } from "drizzle-orm";
import { integer, pgTable, primaryKey, serial, text } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: serial().primaryKey(),
  name: text().notNull(),
  managerId: integer("manager_id"),
});

export const groups = pgTable("groups", {
  id: serial().primaryKey(),
  name: text().notNull(),
});

export const usersToGroups = pgTable(
  "users_to_groups",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    groupId: integer("group_id")
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] })],
);

export const usersRelations = relations(users, ({ one, many }) => ({
  manager: one(users, { fields: [users.managerId], references: [users.id], relationName: "management" }),
  reports: many(users, { relationName: "management" }),
  memberships: many(usersToGroups),
}));

export const groupsRelations = relations(groups, (helpers) => ({
  memberships: helpers.many(usersToGroups),
}));

export const usersToGroupsRelations = relations(usersToGroups, ({ one }) => ({
  user: one(users, { fields: [usersToGroups.userId], references: [users.id] }),
  group: one(groups, { fields: [usersToGroups.groupId], references: [groups.id] }),
}));
