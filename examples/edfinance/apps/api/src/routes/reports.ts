// Back-office reports for the finance and content teams.
import type { FastifyInstance } from "fastify";
import {
  lessonsCompletedPerLocaleThisMonth,
  monthlyRevenueByCourse,
} from "../services/analytics.js";

export async function reportRoutes(app: FastifyInstance) {
  app.get("/reports/completions", async () =>
    lessonsCompletedPerLocaleThisMonth(),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    "/reports/revenue",
    async (request) =>
      monthlyRevenueByCourse(
        new Date(request.query.from),
        new Date(request.query.to),
      ),
  );
}
