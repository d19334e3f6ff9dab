/**
 * Cross-origin requests (CORS): only the origins listed in CORS_ORIGINS are answered with
 * `Access-Control-Allow-Origin` (that origin, never `*`; `Vary: Origin` always, so caches
 * keep the answers apart). With none listed — the default — no CORS header is sent and
 * browsers allow same-origin callers only (the map client is served from the api itself).
 * A preflight (OPTIONS with Access-Control-Request-Method) from a listed origin is a 204
 * naming the methods and headers the API reads; from any other origin it gets no CORS
 * headers, so the browser refuses the request it asked about.
 */
import type { RequestHandler } from "express";

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, X-API-Key";
/** Headers a cross-origin caller may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = "ETag, Location, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/** Middleware answering CORS for `origins` (exact `scheme://host[:port]` strings). */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary("Origin");
    const origin = req.get("origin");
    if (origin === undefined || !allowed.has(origin)) return next();
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (req.method !== "OPTIONS" || !req.get("access-control-request-method")) return next();
    res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    res.status(204).end();
  };
}
