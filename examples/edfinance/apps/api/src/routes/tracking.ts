// Learner behaviour tracking: the mobile app posts a batch of events every few seconds while a
// lesson video plays. This is the busiest endpoint of the API (about 2 million events a day).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { prisma } from "../db/prisma.js";

const eventBatch = z.object({
  userId: z.uuid(),
  sessionId: z.uuid(),
  events: z
    .array(
      z.object({
        type: z.string().max(64),
        lessonId: z.string().optional(),
        at: z.iso.datetime(),
        metadata: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .max(500),
});

export async function trackingRoutes(app: FastifyInstance) {
  app.post("/events", async (request, reply) => {
    const batch = eventBatch.parse(request.body);
    for (const event of batch.events) {
      await prisma.behaviorLog.create({
        data: {
          userId: batch.userId,
          sessionId: batch.sessionId,
          lessonId: event.lessonId,
          eventType: event.type,
          metadata: event.metadata as object,
          occurredAt: new Date(event.at),
        },
      });
    }
    return reply.code(202).send({ accepted: batch.events.length });
  });
}
