// Nightly job: the mobile app queues events while offline and uploads them as NDJSON files.
// They are inserted in batches of 1,000 rows per statement through Drizzle.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { behaviorLog } from "@edfinance/db/drizzle";
import { db } from "../db/drizzle.js";

type OfflineEvent = {
  userId: string;
  sessionId: string;
  lessonId?: string;
  type: string;
  at: string;
  metadata?: Record<string, unknown>;
};

const BATCH_SIZE = 1_000;

export async function importOfflineEvents(path: string): Promise<number> {
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Infinity,
  });
  let batch: (typeof behaviorLog.$inferInsert)[] = [];
  let imported = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as OfflineEvent;
    batch.push({
      userId: event.userId,
      sessionId: event.sessionId,
      lessonId: event.lessonId ?? null,
      eventType: event.type,
      metadata: event.metadata ?? {},
      occurredAt: new Date(event.at),
    });
    if (batch.length === BATCH_SIZE) {
      await db.insert(behaviorLog).values(batch);
      imported += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await db.insert(behaviorLog).values(batch);
    imported += batch.length;
  }
  return imported;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = await importOfflineEvents(process.argv[2]);
  console.log(`imported ${count} offline events`);
  process.exit(0);
}
