/**
 * One declaration per route: method, path, who may call it, the zod schemas of its
 * params, query and body, and its responses. From that declaration the route is mounted
 * (validate → authorize → handler) and documented in OpenAPI, so the two cannot drift.
 */
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { RawParameters } from "../../domain/schemas/strings.ts";
import { parseOrThrow } from "../../domain/validation.ts";
import { allow, type Policy } from "../auth/policy.ts";
import { ifMatchVersion } from "./versioning.ts";
import type { Principal } from "../auth/principal.ts";

/** HTTP methods the API uses. */
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** A documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** A body that is not JSON (a CSV or PDF download): its media type, documented as binary. */
  readonly mediaType?: string;
  /** A realistic body for the OpenAPI document, checked against `schema` by api/openapi/document.test.ts; without one, an example is sampled from the schema. */
  readonly example?: unknown;
}

/** Everything a route declares. */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: Method;
  /** Express path, e.g. `/resource-flows/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly policy: Policy;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** A realistic request body for the OpenAPI document, checked against `body` by api/openapi/document.test.ts; without one, an example is sampled from the schema. */
  readonly example?: z.input<B>;
  /** Documented request headers (e.g. If-Match). */
  readonly headers?: readonly { name: string; description: string; required?: boolean }[];
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** The body is signed by a webhook endpoint's secret (api/http/signed-webhook.ts) instead of carrying credentials. */
  readonly signedWebhook?: true;
  readonly handler: (input: RouteInput<P, Q, B>) => Promise<RouteResult> | RouteResult;
}

/** What a handler receives: validated inputs and the caller. */
export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly params: z.output<P>;
  readonly query: z.output<Q>;
  readonly body: z.output<B>;
  /** The caller; undefined only on public routes. */
  readonly principal: Principal;
  readonly req: Request;
  readonly res: Response;
}

/** What a handler returns: a status, a JSON body and optional headers. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is instead of a JSON body (a CSV or PDF download). */
  readonly raw?: { readonly mediaType: string; readonly data: Buffer | string };
  /** The handler wrote the response itself (binary or pre-compressed bodies). */
  readonly sent?: true;
}

/** A route declaration without its generic parameters, for the OpenAPI registry. */
export type AnyRouteSpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

// If-Match names the version an update is based on; it takes the place of `version` in
// the body so the same schema serves both styles (see versioning.ts for 409 vs 412).
function bodyWithIfMatch(req: Request): unknown {
  const body: unknown = req.body ?? {};
  const version = ifMatchVersion(req);
  if (version === undefined || typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return { ...body, version };
}

/** Routes registered so far, in order: the source of the OpenAPI document. */
export class RouteRegistry {
  readonly routes: AnyRouteSpec[] = [];
}

/**
 * Mount a route on a router and record it for OpenAPI.
 * Bad params/query/body → 400 problem+json naming each field as `params.x`, `query.x`, `body.x`.
 */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  router: Router,
  registry: RouteRegistry,
  spec: RouteSpec<P, Q, B>,
): void {
  registry.routes.push(spec as unknown as AnyRouteSpec);
  router[spec.method](spec.path, allow(spec.policy), async (req, res, next) => {
    try {
      // The one string rule holds for every parameter, named or not, before the route's schema reads it.
      parseOrThrow(RawParameters, req.params, "params");
      parseOrThrow(RawParameters, req.query, "query");
      const input: RouteInput<P, Q, B> = {
        params: spec.params ? parseOrThrow(spec.params, req.params, "params") : ({} as z.output<P>),
        query: spec.query ? parseOrThrow(spec.query, req.query, "query") : ({} as z.output<Q>),
        body: spec.body ? parseOrThrow(spec.body, bodyWithIfMatch(req), "body") : (undefined as z.output<B>),
        principal: req.principal as Principal,
        req,
        res,
      };
      const result = await spec.handler(input);
      if (result.sent) return;
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.raw) res.status(result.status).type(result.raw.mediaType).send(result.raw.data);
      else if (result.body === undefined) res.status(result.status).end();
      else res.status(result.status).json(result.body);
    } catch (error) {
      next(error);
    }
  });
}
