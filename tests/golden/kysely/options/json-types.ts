// With `json-types-module`, the shapes are exported from a module and imported as a namespace.
export type LessonMetadata = { level: "beginner" | "advanced" };
export type Attachment = { url: string };
