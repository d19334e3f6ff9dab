/**
 * The fan-out contract (events/fan-out.ts) on the real NATS: every process sees every
 * message from the time it started, a message that does not parse is dead-lettered once
 * for all processes (the same letter as events/consumer.ts) and skipped, and a failing
 * `perform` skips its message without redelivery — the next message still arrives.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { runFanOut, type RunningFanOut } from "../../events/fan-out.ts";
import { listDeadLetters } from "../../events/dead-letters.ts";
import { names, openTestStores } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;
const Event = z.object({ n: z.number() });

describe("a fan-out consumer", () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => stores?.close());

  /** Two "processes" on one subject, each recording what it performed; the `fail` number makes `perform` throw. */
  async function twoProcesses(tag: string, fail?: number) {
    const subject = `${names.subjects.matchesUpdated}.fanout-${tag}`;
    const deadLetterSubject = names.subjects.deadLetter(`fanout-${tag}`);
    const seen: number[][] = [[], []];
    const running: RunningFanOut[] = [];
    for (const got of seen) {
      running.push(
        await runFanOut(stores.nats, {
          name: `fanout-${tag}`,
          stream: names.streams.events,
          subject,
          schema: Event,
          deadLetterSubject,
          perform: async ({ n }) => {
            got.push(n);
            if (n === fail) throw new Error(`cannot handle ${n}`);
          },
        }),
      );
    }
    const publish = (body: string) => stores.nats.jetstream().publish(subject, body);
    const stop = () => Promise.all(running.map((r) => r.stop()));
    return { subject, deadLetterSubject, seen, running, publish, stop };
  }

  it("gives every process every message published since it started, in order", async () => {
    const tag = `all${Date.now()}`;
    await stores.nats.jetstream().publish(`${names.subjects.matchesUpdated}.fanout-${tag}`, JSON.stringify({ n: 0 }));
    const p = await twoProcesses(tag);
    try {
      for (const n of [1, 2, 3]) await p.publish(JSON.stringify({ n }));
      await vi.waitFor(() => expect(p.seen).toEqual([[1, 2, 3], [1, 2, 3]]), { timeout: 10_000 });
    } finally {
      await p.stop();
    }
  });

  it("dead-letters a message that does not parse once for all processes, with the reason, and goes on", async () => {
    const tag = `bad${Date.now()}`;
    const p = await twoProcesses(tag);
    try {
      await p.publish(JSON.stringify({ n: "one" }));
      await p.publish("not json");
      await p.publish(JSON.stringify({ n: 4 }));
      await vi.waitFor(() => expect(p.seen).toEqual([[4], [4]]), { timeout: 10_000 });
      expect(p.running.map((r) => r.counts)).toEqual([
        { performed: 1, deadLettered: 2, failed: 0 },
        { performed: 1, deadLettered: 2, failed: 0 },
      ]);
      const letters = (await listDeadLetters(stores.nats, names, { source: `fanout-${tag}` })).map((l) => l.letter);
      expect(letters).toHaveLength(2);
      expect(letters[0]).toMatchObject({ consumer: `fanout-${tag}`, subject: p.subject, deliveries: 1, payload: JSON.stringify({ n: "one" }) });
      expect(letters[0]!.reason).toMatch(/^unparseable: n: /);
      expect(letters[1]).toMatchObject({ payload: "not json" });
      expect(letters[1]!.reason).toMatch(/^unparseable: /);
    } finally {
      await p.stop();
    }
  });

  it("skips a message whose perform fails, without redelivering it, and handles the next", async () => {
    const tag = `fail${Date.now()}`;
    const p = await twoProcesses(tag, 5);
    try {
      for (const n of [5, 6]) await p.publish(JSON.stringify({ n }));
      await vi.waitFor(() => expect(p.seen).toEqual([[5, 6], [5, 6]]), { timeout: 10_000 });
      expect(p.running.map((r) => r.counts)).toEqual([
        { performed: 1, deadLettered: 0, failed: 1 },
        { performed: 1, deadLettered: 0, failed: 1 },
      ]);
      expect(await listDeadLetters(stores.nats, names, { source: `fanout-${tag}` })).toEqual([]);
    } finally {
      await p.stop();
    }
  });
});
