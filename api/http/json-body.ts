/**
 * The JSON request body of every route but the streaming import upload and the signed
 * webhooks (which read raw bytes, api/http/signed-webhook.ts):
 *
 * - a body sent as another media type (form data, text, none named) is a 415 naming the
 *   media types accepted — the API never guesses what bytes mean;
 * - an empty, whitespace-only, scalar (`"x"`, `1`, `null`) or malformed JSON body is a 400
 *   naming `body`;
 * - a body over the limit (`JSON_BODY_LIMIT_BYTES`) is a 413, refused before it is read.
 *
 * A request without a body (no Content-Length, no Transfer-Encoding) passes untouched: a
 * route whose schema needs fields then names each one.
 */
import express, { type Request, type RequestHandler } from "express";
import { errors } from "../../domain/errors.ts";

/** Media types read as JSON. */
export const JSON_MEDIA_TYPES = ["application/json", "application/*+json"] as const;

/** True when the request has a body at all (as body-parser decides: a length or chunked encoding). */
function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || !Number.isNaN(Number.parseInt(req.headers["content-length"] ?? "", 10));
}

/** True when the request is JSON by its Content-Type. */
export function isJsonRequest(req: Request): boolean {
  return Boolean(req.is([...JSON_MEDIA_TYPES]));
}

/** A refusal of an empty or blank JSON body, raised while the body is read. */
function refuseBlank(_req: unknown, _res: unknown, body: Buffer): void {
  if (body.toString("utf8").trim() === "") throw errors.badRequest("The body is empty; send a JSON object.", { field: "body" });
}

/**
 * Middleware parsing a JSON body under `limitBytes`, with the refusals above.
 * @param limitBytes the largest body accepted (413 beyond)
 */
export function jsonBody(limitBytes: number): RequestHandler {
  // strict: only an object or an array at the top; a scalar is a parse failure (400, `body`).
  const parse = express.json({ limit: limitBytes, type: [...JSON_MEDIA_TYPES], strict: true, verify: refuseBlank });
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const json = isJsonRequest(req);
    if (req.headers["transfer-encoding"] === undefined && Number.parseInt(req.headers["content-length"] ?? "", 10) === 0) {
      // Content-Length: 0 — an empty JSON body is a mistake worth naming; anything else carries nothing.
      return next(json && req.method !== "GET" && req.method !== "DELETE" && req.method !== "HEAD" ? errors.badRequest("The body is empty; send a JSON object.", { field: "body" }) : undefined);
    }
    if (!json) return next(errors.unsupportedMediaType(req.get("content-type") ?? "(none)", ["application/json"]));
    parse(req, res, next);
  };
}
