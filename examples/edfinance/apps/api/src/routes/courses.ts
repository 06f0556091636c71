// Course pages: the learner app asks for a course with its lessons, instructor and classmates.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { prisma } from "../db/prisma.js";

const listQuery = z.object({
  locale: z.string().default("vi-VN"),
  tag: z.string().optional(),
  take: z.coerce.number().int().min(1).max(50).default(20),
});

export async function courseRoutes(app: FastifyInstance) {
  app.get("/courses", async (request) => {
    const { locale, tag, take } = listQuery.parse(request.query);
    return prisma.course.findMany({
      where: {
        localeCode: locale,
        isPublished: true,
        ...(tag ? { tags: { some: { name: tag } } } : {}),
      },
      select: {
        id: true,
        slug: true,
        title: true,
        feeVnd: true,
        tags: { select: { name: true } },
      },
      orderBy: { publishedAt: "desc" },
      take,
    });
  });

  app.get<{ Params: { slug: string } }>(
    "/courses/:slug",
    async (request, reply) => {
      const course = await prisma.course.findUnique({
        where: { slug: request.params.slug },
        include: {
          instructor: { select: { id: true, fullName: true } },
          tags: true,
          lessons: {
            orderBy: { position: "asc" },
            include: { _count: { select: { behaviorLogs: true } } },
          },
          enrollments: {
            where: { status: "ACTIVE" },
            include: { user: { include: { locale: true } } },
          },
        },
      });
      if (!course) return reply.code(404).send({ error: "course not found" });
      return course;
    },
  );

  app.post<{ Params: { slug: string }; Body: { userId: string } }>(
    "/courses/:slug/enroll",
    async (request) => {
      const course = await prisma.course.findUniqueOrThrow({
        where: { slug: request.params.slug },
      });
      return prisma.enrollment.upsert({
        where: {
          userId_courseId: { userId: request.body.userId, courseId: course.id },
        },
        create: { userId: request.body.userId, courseId: course.id },
        update: { status: "ACTIVE" },
      });
    },
  );
}
