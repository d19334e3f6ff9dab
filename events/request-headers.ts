/**
 * The request id on NATS messages (platform/request-context.ts): every publish made while
 * a request's work is in hand carries it in the `X-Request-Id` header, and a consumer
 * reads it back to run the message's work under the same id. A message without one (a
 * seed, a reconciler run) is handled without an id; a malformed one is ignored.
 */
import { headers, type MsgHdrs } from "nats";
import { currentRequestId, isWellFormedRequestId, REQUEST_ID_HEADER } from "../platform/request-context.ts";

/** Headers for a publish: `h` (or new ones) with the current request id, when there is one. */
export function withRequestHeader(h: MsgHdrs = headers()): MsgHdrs {
  const requestId = currentRequestId();
  if (requestId !== undefined) h.set(REQUEST_ID_HEADER, requestId);
  return h;
}

/** The well-formed request id a received message carries, if any. */
export function requestIdOf(msg: { readonly headers?: MsgHdrs }): string | undefined {
  const value = msg.headers?.get(REQUEST_ID_HEADER);
  return isWellFormedRequestId(value) ? value : undefined;
}
