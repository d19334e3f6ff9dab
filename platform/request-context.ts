/**
 * The request id of the work in hand, carried implicitly (AsyncLocalStorage) so that the
 * api's handlers, the NATS publisher, the workers' consumers and every log line agree on it
 * without each function passing it on. The api sets it per HTTP request (an incoming
 * well-formed `X-Request-Id`, else a new UUID); the publisher copies it into each NATS
 * message's `X-Request-Id` header; a consumer runs the message's work under the header's
 * id, and the messages that work publishes carry it on — api → ingest → matching → the
 * Socket.IO event's `meta.requestId`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** The HTTP and NATS header that carries the id. */
export const REQUEST_ID_HEADER = "X-Request-Id";

// Printable, no spaces or quotes, bounded: an id from outside lands in logs and headers,
// so anything that could forge a log field or split a header is replaced, not echoed.
const WELL_FORMED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

const storage = new AsyncLocalStorage<string>();

/** True when an incoming id may be kept as it is. */
export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === "string" && WELL_FORMED.test(value);
}

/** The incoming id when well-formed, otherwise a fresh one. */
export function requestIdFrom(incoming: unknown): string {
  return isWellFormedRequestId(incoming) ? incoming : randomUUID();
}

/** Run `work` with `requestId` as the current id (no id: run it outside any). */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId === undefined ? storage.exit(work) : storage.run(requestId, work);
}

/** The id of the work in hand, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}
