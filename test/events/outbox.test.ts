/**
 * The outbox relay against the real PostgreSQL and NATS: it publishes the rows of its own
 * stream prefix and leaves another prefix's alone, so a row no stream of its own can take
 * never holds up its events. (Before the outbox kept the prefix, a relay took the oldest
 * row of any prefix — left by another test suite, or by staging beside production — got
 * 503 for it on every pass, stopped there, and its own events stayed queued for good.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublisher } from "../../events/publisher.ts";
import { enqueueEvents, outboxDepth, relayOnce } from "../../events/outbox.ts";
import { eventNames } from "../../events/streams.ts";
import { names, openTestStores, resetStores, type TestStores } from "../helpers/stores.ts";

describe("the outbox relay with rows of another stream prefix queued first", () => {
  let stores: TestStores;
  beforeAll(async () => {
    stores = await openTestStores();
    await resetStores(stores);
  });
  afterAll(async () => {
    await stores?.db.knex("event_outbox").delete();
    await stores?.close();
  });

  it("publishes its own events and leaves the other prefix's row queued", async () => {
    // A prefix whose streams do not exist on this NATS: its subject has no stream (503).
    const other = eventNames(`${names.prefix}_GONE`);
    await enqueueEvents(stores.db.knex, other.prefix, [{ kind: "message", subject: other.subjects.proposalsChanged, payload: { id: "stale" } }]);
    const at = new Date().toISOString();
    const event = { type: "flow.changed", id: `outbox-${Date.now()}`, orgId: "org-outbox", version: 1, change: "created", at } as const;
    await enqueueEvents(stores.db.knex, names.prefix, [{ kind: "entity", event }]);

    const pass = await relayOnce(stores.db.knex, createPublisher(stores.nats.jetstream(), names));

    expect(pass.failure).toBeUndefined();
    expect(pass.delivered).toBe(1);
    const jsm = await stores.nats.jetstreamManager();
    const last = await jsm.streams.getMessage(names.streams.events, { last_by_subj: names.subjects.flowsChanged });
    expect(last.json<{ id: string }>().id).toBe(event.id);
    expect(await outboxDepth(stores.db.knex, names.prefix)).toBe(0);
    expect(await outboxDepth(stores.db.knex, other.prefix)).toBe(1);
  });
});
