/** Putting a reading on the bus, the same way for every sender. */
import { createHash } from "node:crypto";
import type { EventPublisher } from "../../events/publisher.ts";
import type { ReadingMessage } from "./reading.ts";
import { readingsSubject } from "./subjects.ts";

/**
 * Publish a reading of a site's flow. The message id is the reading's identity plus a
 * digest of its content, so JetStream drops an identical re-send within its duplicate
 * window while a corrected reading (same flow and time, new value) still goes through.
 */
export async function publishReading(publisher: EventPublisher, prefix: string, siteId: string, reading: ReadingMessage): Promise<void> {
  const { source: _source, ...content } = reading;
  const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16);
  await publisher.publish(readingsSubject(prefix, siteId), reading, `reading:${siteId}:${reading.flowId}:${reading.at}:${digest}`);
}
