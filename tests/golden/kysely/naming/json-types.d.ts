declare global {
  namespace PrismaJson {
    type SomeRatherLongDocumentTypeName = { body: string };
  }
}

export {};
