// Kysely: reports and analytics with joins and aggregates, typed by the generated `DB` interface.
import { Kysely, PostgresDialect } from "kysely";
import type { DB } from "@edfinance/db/kysely";
import { pool } from "./pool.js";

export const kysely = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
});
