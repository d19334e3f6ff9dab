import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runConsumer, type DeadLetter } from "../../events/consumer.ts";
import { NonRetriableError } from "../../platform/infra-errors.ts";
import type { Connections } from "../../platform/connect/connections.ts";
import { names, openTestStores } from "../helpers/stores.ts";

/** Dead letters published to a dead-letter subject so far. */
async function lettersOn(stores: Connections, subject: string): Promise<DeadLetter[]> {
  const jsm = await stores.nats.jetstreamManager();
  const info = await jsm.streams.info(names.streams.deadLetters);
  const letters: DeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(names.streams.deadLetters, { seq }).catch(() => undefined);
    if (msg?.subject === subject) letters.push(JSON.parse(new TextDecoder().decode(msg.data)) as DeadLetter);
  }
  return letters;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a poison message is handled once and dead-lettered once", () => {
  let stores: Connections & { close(): Promise<void> };
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => stores?.close());

  // A short ack wait: a TERM the server ignored would bring the message back within it.
  const ACK_WAIT_MS = 1_000;

  for (const [what, payload, fails] of [
    ["a message the work refuses for good", JSON.stringify({ n: 1 }), true],
    ["a message that does not parse", "not json", false],
  ] as const) {
    it(what, async () => {
      const tag = `poison${Date.now()}${fails ? "a" : "b"}`;
      const subject = names.subjects.job(tag);
      const deadLetterSubject = names.subjects.deadLetter(tag);
      let performed = 0;
      const consumer = await runConsumer(stores.nats, {
        name: `test-${tag}`,
        stream: names.streams.jobs,
        subjects: [subject],
        schema: z.object({ n: z.number() }),
        deadLetterSubject,
        ackWaitMs: ACK_WAIT_MS,
        maxDeliver: 5,
        perform: async () => {
          performed++;
          throw new NonRetriableError("this message can never be processed");
        },
      });
      try {
        await stores.nats.jetstream().publish(subject, payload);
        // Long enough for every redelivery max_deliver would allow if the TERM did not stick.
        await pause(ACK_WAIT_MS * 6);
        expect(performed).toBe(fails ? 1 : 0);
        expect(consumer.counts.deadLettered).toBe(1);
        const letters = await lettersOn(stores, deadLetterSubject);
        expect(letters).toHaveLength(1);
        expect(letters[0]).toMatchObject({ subject, deliveries: 1, payload });
        const info = await (await stores.nats.jetstreamManager()).consumers.info(names.streams.jobs, `test-${tag}`);
        expect(info.num_pending + info.num_ack_pending + info.num_redelivered).toBe(0);
      } finally {
        await consumer.stop();
        await (await stores.nats.jetstreamManager()).consumers.delete(names.streams.jobs, `test-${tag}`);
      }
    });
  }
});

describe("where a new durable consumer starts", () => {
  let stores: Connections & { close(): Promise<void> };
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => stores?.close());

  /** Publish one message, then start a consumer and collect what it performs. */
  async function consumeAfterPublishing(startAt: "all" | "new"): Promise<number[]> {
    const tag = `start${startAt}${Date.now()}`;
    // The events stream (limits retention, like flows.changed); a subject no worker filters on.
    const subject = `${names.subjects.flowsChanged}.${tag}`;
    const js = stores.nats.jetstream();
    await js.publish(subject, JSON.stringify({ n: 1 }));
    const seen: number[] = [];
    const consumer = await runConsumer(stores.nats, {
      name: `test-${tag}`,
      stream: names.streams.events,
      subjects: [subject],
      schema: z.object({ n: z.number() }),
      deadLetterSubject: names.subjects.deadLetter(tag),
      startAt,
      perform: async ({ n }) => void seen.push(n),
    });
    try {
      await js.publish(subject, JSON.stringify({ n: 2 }));
      for (let waited = 0; !seen.includes(2) && waited < 10_000; waited += 50) await pause(50);
      await pause(300); // anything replayed late would arrive by now
      return seen.sort();
    } finally {
      await consumer.stop();
      const jsm = await stores.nats.jetstreamManager();
      await jsm.consumers.delete(names.streams.events, `test-${tag}`).catch(() => undefined);
    }
  }

  it("by default it takes what the stream already holds, so a role's first worker misses nothing", async () => {
    expect(await consumeAfterPublishing("all")).toEqual([1, 2]);
  });

  it('with startAt "new" it takes only what is published after it exists (a test\'s own worker does not replay earlier suites)', async () => {
    expect(await consumeAfterPublishing("new")).toEqual([2]);
  });
});
