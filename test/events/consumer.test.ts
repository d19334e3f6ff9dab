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
