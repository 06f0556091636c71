// The project's shapes of the `/// [TypeName]` Json fields (prisma-json-types-generator's global namespace).
declare global {
  namespace PrismaJson {
    type DocumentBody = { title: string; blocks: string[] };
    type Tag = { name: string };
    type DocumentMeta = { version: number };
    type Trailing = { note: string };
  }
}

export {};
