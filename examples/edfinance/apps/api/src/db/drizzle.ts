// Drizzle: batch inserts and JSONB-heavy writes. The schema is generated from schema.prisma
// (`pnpm sync-triple-orm`); drizzle-kit is never run against this database.
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@edfinance/db/drizzle";
import { pool } from "./pool.js";

export const db = drizzle(pool, { schema });
export { schema };
