/**
 * The api's Prometheus surface: request duration per route pattern (the middleware), and
 * `GET /metrics` behind `METRICS_TOKEN` — absent, the route does not exist (404 like any
 * unknown path), so figures never leak from the public port by default; present, a scrape
 * must send `Authorization: Bearer <token>` (401 otherwise). The registry itself is
 * platform/metrics.ts'.
 */
import type { RequestHandler } from "express";
import { scrapeAllowed, type ProcessMetrics } from "../platform/metrics.ts";
import { errors } from "../domain/errors.ts";

/** Observe every request's duration under its matched route pattern. */
export function requestDuration(metrics: ProcessMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on("finish", () => {
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      const route = (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? "unmatched" : req.baseUrl || "unknown");
      end({ method: req.method, route: `${req.baseUrl}${route === req.baseUrl ? "" : route}`, status: String(res.statusCode) });
    });
    next();
  };
}

/** `GET /metrics` for a token; undefined when no token is configured (not exposed). */
export function metricsRoute(metrics: ProcessMetrics, token: string | undefined): RequestHandler | undefined {
  if (token === undefined) return undefined;
  return (req, res, next) => {
    if (!scrapeAllowed(req.get("authorization"), token)) return next(errors.unauthenticated("GET /metrics needs Authorization: Bearer <METRICS_TOKEN>."));
    metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text), next);
  };
}
