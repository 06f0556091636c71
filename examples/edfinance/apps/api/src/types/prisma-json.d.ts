// Shapes of the Json fields annotated `/// [TypeName]` in schema.prisma (prisma-json-types-generator).
// Json fields without an annotation (User.settings, BehaviorLog.metadata, Payment.rawWebhook) are
// untyped: Prisma gives them `JsonValue`.
declare global {
  namespace PrismaJson {
    type LessonMetadata = {
      level: "beginner" | "intermediate" | "advanced";
      /** Language of the transcript the embedding was computed from. */
      transcriptLang: "vi" | "en";
      resources: Array<{ title: string; url: string }>;
      quiz?: { questionCount: number; passScore: number };
    };
  }
}

export {};
