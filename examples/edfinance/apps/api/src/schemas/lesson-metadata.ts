// Runtime validation of Lesson.metadata before it is written (the CMS sends it as free-form JSON).
import { z } from "zod";

export const lessonMetadataSchema = z.object({
  level: z.enum(["beginner", "intermediate", "advanced"]),
  transcriptLang: z.enum(["vi", "en"]),
  resources: z.array(z.object({ title: z.string(), url: z.url() })).default([]),
  quiz: z
    .object({
      questionCount: z.number().int().positive(),
      passScore: z.number().min(0).max(100),
    })
    .optional(),
});

export type LessonMetadata = z.infer<typeof lessonMetadataSchema>;
