// Prisma Client: the default for everyday reads and writes (and the owner of the schema).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { pool } from "./pool.js";

export const prisma = new PrismaClient({
  adapter: new PrismaPg(pool),
  log:
    process.env.NODE_ENV === "production"
      ? ["warn", "error"]
      : ["query", "warn", "error"],
});
