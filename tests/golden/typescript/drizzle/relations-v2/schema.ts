// defineRelations() of drizzle-orm 1.0 (relational queries v2), with the `p.` namespace style.
import { defineRelations } from "drizzle-orm";
import * as p from "drizzle-orm/pg-core";

export const users = p.pgTable("users", {
  id: p.integer().primaryKey(),
  name: p.text().notNull(),
});

export const groups = p.pgTable("groups", {
  id: p.integer().primaryKey(),
  name: p.text().notNull(),
});

export const posts = p.pgTable("posts", {
  id: p.integer().primaryKey(),
  content: p.text().notNull(),
  ownerId: p.integer("owner_id"),
});

export const usersToGroups = p.pgTable(
  "users_to_groups",
  {
    userId: p.integer("user_id").notNull(),
    groupId: p.integer("group_id").notNull(),
  },
  (t) => [p.primaryKey({ columns: [t.userId, t.groupId] })],
);

const groupRelations = (r: any) => ({
  groups: {
    members: r.many.users({ alias: "members" }),
  },
});

export const relations = defineRelations({ users, groups, posts, usersToGroups }, (r) => ({
  posts: {
    author: r.one.users({ from: r.posts.ownerId, to: r.users.id, optional: false, alias: "author" }),
  },
  users: {
    posts: r.many.posts(),
    groups: r.many.groups({
      from: r.users.id.through(r.usersToGroups.userId),
      to: r.groups.id.through(r.usersToGroups.groupId),
    }),
  },
  ...groupRelations(r),
}));
