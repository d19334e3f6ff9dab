/**
 * Middleware for routes that partners call with a signed body instead of credentials:
 *
 *   Turash-Webhook-Id: <endpoint id>     which endpoint's secret signed it
 *   Turash-Signature:  t=<unix s>,v1=<hex> see platform/webhook-signature.ts
 *   Turash-Delivery:   <unique id>        one per delivery; a second use is a replay
 *
 * It reads the body as raw bytes (the signature covers the exact bytes, and JSON
 * re-serialized is not the same bytes), so it must run before any JSON parser; it then
 * parses the verified bytes as JSON into `req.body` for the route's zod schema. Failures
 * are 401 problems with a code naming what was wrong; a replay is 409.
 *
 * Replay protection: the delivery id is remembered in Redis (SET NX EX) per endpoint for
 * twice the timestamp tolerance, so every request that could still pass the timestamp
 * check is remembered. A delivery that was not accepted (any non-2xx answer) is
 * forgotten again, so the partner's retry of a failed delivery is not mistaken for a replay.
 */
import express, { type RequestHandler } from "express";
import type { Redis } from "ioredis";
import { errors } from "../../domain/errors.ts";
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhookSignature } from "../../platform/webhook-signature.ts";
import { isJsonRequest } from "./json-body.ts";

/** Header names, as partners send them (HTTP header names are case-insensitive). */
export const WEBHOOK_HEADERS = { endpoint: "Turash-Webhook-Id", signature: "Turash-Signature", delivery: "Turash-Delivery" } as const;

/** The verified sender of a request, set on `req.webhook`. */
export interface VerifiedWebhook {
  readonly endpointId: string;
  readonly orgId: string;
  readonly deliveryId: string;
  readonly timestamp: number;
}

declare module "express-serve-static-core" {
  interface Request {
    webhook?: VerifiedWebhook;
  }
}

/** How the middleware finds an endpoint, remembers deliveries and tells time. */
export interface SignedWebhookOptions {
  /** The active endpoint with this id (its organization and secret), or undefined. */
  readonly resolveEndpoint: (id: string) => Promise<{ orgId: string; secret: string } | undefined>;
  /** Redis for replay protection (its client's key prefix applies). */
  readonly redis: Redis;
  /** Accepted clock skew, seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** Body size limit in bytes (default 2 MiB; the api passes JSON_BODY_LIMIT_BYTES). */
  readonly limitBytes?: number;
  /** The error for a body over the limit (default PAYLOAD_TOO_LARGE naming the limit). */
  readonly tooLarge?: () => Error;
  /** Clock in milliseconds (tests move it). */
  readonly now?: () => number;
}

// Printable ASCII without spaces: safe in a Redis key and a log line.
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** The delivery's Redis key: per endpoint, since partners choose delivery ids independently. */
export const deliveryKey = (endpointId: string, deliveryId: string) => `webhook:delivery:${endpointId}:${deliveryId}`;

/**
 * Middlewares that verify a signed webhook and leave the parsed JSON body in `req.body`
 * and the sender in `req.webhook`. Mount them on the route before any JSON parser.
 */
export function signedWebhook(options: SignedWebhookOptions): RequestHandler[] {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Date.now;
  const limit = options.limitBytes ?? 2 * 1024 * 1024;
  const parseRaw = express.raw({ type: () => true, limit });
  // Counted as the bytes arrive (raw-body stops reading past the limit, and a Content-Length over it is refused unread).
  const raw: RequestHandler = (req, res, next) =>
    parseRaw(req, res, (error?: unknown) => next(error && (error as { type?: string }).type === "entity.too.large" ? (options.tooLarge?.() ?? errors.payloadTooLarge(limit)) : error));
  // The signed bytes are JSON: a delivery naming another media type is refused (415) before
  // it is read; one naming none is read as JSON, since the signature already fixes the bytes.
  const mediaType: RequestHandler = (req, _res, next) => {
    const named = req.get("content-type");
    next(named === undefined || isJsonRequest(req) ? undefined : errors.unsupportedMediaType(named, ["application/json"]));
  };

  const verify: RequestHandler = async (req, res, next) => {
    try {
      const header = (name: string) => {
        const value = req.get(name)?.trim();
        if (!value) throw errors.webhookHeaderMissing(name);
        return value;
      };
      const endpointId = header(WEBHOOK_HEADERS.endpoint);
      const signature = header(WEBHOOK_HEADERS.signature);
      const deliveryId = header(WEBHOOK_HEADERS.delivery);
      if (!DELIVERY_ID.test(deliveryId)) {
        throw errors.validationFailed([{ field: `headers.${WEBHOOK_HEADERS.delivery}`, message: "must be 1–200 printable ASCII characters without spaces" }]);
      }
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

      const endpoint = await options.resolveEndpoint(endpointId);
      if (!endpoint) throw errors.webhookEndpointUnknown(endpointId);
      const { timestamp } = verifyWebhookSignature({ secret: endpoint.secret, header: signature, body, now: now() / 1000, toleranceSeconds: tolerance });

      // As the JSON API (json-body.ts): an empty, malformed or scalar body is a 400 naming `body`.
      const text = body.toString("utf8");
      if (text.trim() === "") throw errors.badRequest("The body is empty; send a JSON object.", { field: "body" });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw errors.badRequest(`The body is not valid JSON: ${(error as Error).message}`, { field: "body" });
      }
      if (typeof parsed !== "object" || parsed === null) throw errors.badRequest("The body must be a JSON object.", { field: "body" });

      const key = deliveryKey(endpointId, deliveryId);
      const fresh = await options.redis.set(key, String(timestamp), "EX", 2 * tolerance, "NX");
      if (fresh === null) throw errors.webhookReplayed(deliveryId);
      res.on("finish", () => {
        if (res.statusCode < 200 || res.statusCode >= 300) void options.redis.del(key).catch(() => undefined);
      });

      req.body = parsed;
      req.webhook = { endpointId, orgId: endpoint.orgId, deliveryId, timestamp };
      next();
    } catch (error) {
      next(error);
    }
  };
  return [mediaType, raw, verify];
}
