/**
 * Webhook signatures, Stripe-style, as pure functions (no I/O, no clock of their own):
 *
 *   Turash-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The HMAC key is the endpoint's secret string as UTF-8 (`whsec_…`, whole). Signing the
 * timestamp with the body lets the receiver reject old captures without trusting any
 * unsigned header. Several `v1=` entries are allowed so a sender can sign with an old and
 * a new secret while rotating; any one matching is enough. Partners and tests sign with
 * {@link signWebhook}; the API verifies with {@link verifyWebhookSignature}.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { errors } from "../domain/errors.ts";

/** Seconds a signature timestamp may differ from the receiver's clock, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A body as sent on the wire: its exact bytes, or a string sent as UTF-8. */
export type RawBody = string | Uint8Array;

const bytesOf = (body: RawBody) => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** Hex HMAC-SHA256 of `"<timestamp>.<body>"` under `secret`. */
export function webhookDigest(secret: string, body: RawBody, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.`, "utf8").update(bytesOf(body)).digest("hex");
}

/**
 * The `Turash-Signature` header value for a body sent at `timestamp`.
 * @param secret the endpoint's secret (`whsec_…`) as shown at creation
 * @param body the exact bytes (or string) that will be sent as the request body
 * @param timestamp unix time in seconds, normally `Math.floor(Date.now() / 1000)`
 */
export function signWebhook(secret: string, body: RawBody, timestamp: number): string {
  return `t=${timestamp},v1=${webhookDigest(secret, body, timestamp)}`;
}

/** A parsed `Turash-Signature` header. */
export interface SignatureHeader {
  readonly timestamp: number;
  /** Every `v1` signature, hex. */
  readonly signatures: readonly string[];
}

/**
 * Parse `t=…,v1=…[,v1=…]`; entries of other schemes are ignored (room for a future v2).
 * @throws WEBHOOK_SIGNATURE_MALFORMED without exactly one integer `t` and at least one `v1`
 */
export function parseSignatureHeader(header: string): SignatureHeader {
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") timestamps.push(value);
    else if (key === "v1") signatures.push(value);
  }
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!)) {
    throw errors.webhookSignatureMalformed('Turash-Signature needs exactly one "t=<unix seconds>".');
  }
  if (signatures.length === 0) throw errors.webhookSignatureMalformed('Turash-Signature has no "v1=<hex HMAC-SHA256>".');
  return { timestamp: Number(timestamps[0]), signatures };
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Constant-time: does any of `candidates` equal `expectedHex`? Every candidate is compared. */
function anyMatches(expectedHex: string, candidates: readonly string[]): boolean {
  const expected = Buffer.from(expectedHex, "hex");
  let matched = false;
  for (const candidate of candidates) {
    // A candidate of the wrong shape cannot match; checking the shape leaks nothing about the secret.
    if (!HEX_SHA256.test(candidate)) continue;
    if (timingSafeEqual(expected, Buffer.from(candidate, "hex"))) matched = true;
  }
  return matched;
}

/** What {@link verifyWebhookSignature} needs. */
export interface VerifyInput {
  readonly secret: string;
  /** The `Turash-Signature` header as received. */
  readonly header: string;
  /** The raw body bytes as received, before any parsing. */
  readonly body: RawBody;
  /** The receiver's clock, unix seconds. */
  readonly now: number;
  /** Accepted |now − t| in seconds (default {@link DEFAULT_TOLERANCE_SECONDS}). */
  readonly toleranceSeconds?: number;
}

/**
 * Verify a signature: it must match the body under the secret, then its timestamp must be
 * within the tolerance. The signature is checked first so that a stale-timestamp answer
 * is only ever given to someone who holds the secret.
 * @returns the signed timestamp
 * @throws WEBHOOK_SIGNATURE_MALFORMED, WEBHOOK_SIGNATURE_INVALID or WEBHOOK_TIMESTAMP_STALE (all 401)
 */
export function verifyWebhookSignature(input: VerifyInput): { timestamp: number } {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const { timestamp, signatures } = parseSignatureHeader(input.header);
  if (!anyMatches(webhookDigest(input.secret, input.body, timestamp), signatures)) throw errors.webhookSignatureInvalid();
  const skew = Math.abs(Math.floor(input.now) - timestamp);
  if (skew > tolerance) throw errors.webhookTimestampStale(skew, tolerance);
  return { timestamp };
}
