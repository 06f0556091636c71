// One pg pool for the whole process: Prisma (through its pg adapter), Drizzle and Kysely share it,
// so the API holds one set of connections to PostgreSQL whichever ORM a query goes through.
import pg from "pg";

export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
  idleTimeoutMillis: 30_000,
});
