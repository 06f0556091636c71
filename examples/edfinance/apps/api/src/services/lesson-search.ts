// "Find a lesson about ..." search: nearest lessons by pgvector cosine distance. Prisma cannot
// select or compare an Unsupported("vector(1536)") column, so this goes through Kysely's sql.
import { sql } from "kysely";
import { kysely } from "../db/kysely.js";

export async function searchLessons(
  queryEmbedding: number[],
  courseId?: string,
  limit = 10,
) {
  const vector = `[${queryEmbedding.join(",")}]`;
  let query = kysely
    .selectFrom("Lesson as l")
    .innerJoin("courses as c", "c.id", "l.courseId")
    .select(["l.id", "l.title", "c.slug as courseSlug"])
    .select(sql<number>`l.embedding <=> ${vector}::vector`.as("distance"))
    .where("l.embedding", "is not", null)
    .where("c.is_published", "=", true);
  if (courseId) query = query.where("l.courseId", "=", courseId);
  return query.orderBy("distance").limit(limit).execute();
}
