/**
 * Publishing domain events. Each event has a deterministic message id (entity, version,
 * change, time of the write), so publishing the same event twice — a retry — is dropped
 * by JetStream, while an entity deleted and created again within the duplicate window
 * (same version 1, a later time) is still announced.
 */
import type { JetStreamClient } from "nats";
import type { EventNames } from "./streams.ts";

/** A change to a site or a flow, as published on `<P>.sites.changed` / `<P>.flows.changed`. */
export interface EntityChanged {
  readonly type: "site.changed" | "flow.changed";
  readonly id: string;
  readonly orgId: string;
  readonly version: number;
  readonly change: "created" | "updated" | "deleted";
  readonly at: string;
}

/** Publishes domain events through one JetStream client. */
export interface EventPublisher {
  entityChanged(event: EntityChanged): Promise<void>;
  publish(subject: string, payload: unknown, messageId?: string): Promise<void>;
}

/** Build a publisher for the given names. */
export function createPublisher(js: JetStreamClient, names: EventNames): EventPublisher {
  const publish = async (subject: string, payload: unknown, messageId?: string) => {
    await js.publish(subject, JSON.stringify(payload), messageId ? { msgID: messageId } : undefined);
  };
  return {
    publish,
    entityChanged: (event) =>
      publish(
        event.type === "site.changed" ? names.subjects.sitesChanged : names.subjects.flowsChanged,
        event,
        `${event.type}:${event.id}:${event.version}:${event.change}:${event.at}`,
      ),
  };
}
