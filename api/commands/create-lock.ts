/**
 * Creating under a client-chosen id is check-then-write: is the id free, or is this an
 * identical replay? then write. The write path's upsert replaces whatever it finds, so two
 * concurrent creates of one id would both answer 201 and the later would silently
 * overwrite the earlier. A short Redis lock per id, shared by every api process, makes
 * the check and the write one step.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { errors } from "../../domain/errors.ts";

const HOLD_MS = 15_000;
const WAIT_MS = 10_000;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Run `work` while holding the create lock of `kind`/`id`. */
export async function whileCreating<T>(redis: Redis, kind: string, id: string, work: () => Promise<T>): Promise<T> {
  const key = `create-lock:${kind}:${id}`;
  const token = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 5; (await redis.set(key, token, "PX", HOLD_MS, "NX")) !== "OK"; delay = Math.min(delay * 2, 100)) {
    if (Date.now() > deadline) throw errors.timeout(`the create lock of ${kind} "${id}"`, WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
