export type EventPayload = { kind: string };
export type Tag = { name: string };
