/**
 * OpenAPI 3.1, generated from the route declarations and their zod schemas (zod's own
 * JSON Schema output; OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
import { orderedTags } from "./tags.ts";
import { sample } from "openapi-sampler";
import { z } from "zod";
import type { AnyRouteSpec } from "../http/define-route.ts";
import { WEBHOOK_HEADERS } from "../http/signed-webhook.ts";

type JsonSchema = Record<string, unknown>;

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * What zod's JSON Schema leaves implicit, stated: every integer gets the format its bounds
 * allow (int32 when they fit in 32 bits, else int64; `z.int()` spans ±2^53 and names no
 * format), and a string with several patterns (the string rule, then the field's own
 * shape) — which zod writes as `allOf: [{pattern}, {pattern}]` — shows its own shape as
 * `pattern`, the others staying in `allOf`: the same constraint, where tools look for it.
 */
function normalize(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(normalize);
  if (!node || typeof node !== "object") return;
  const schema = node as JsonSchema;
  if (schema.type === "integer" && schema.format === undefined) {
    const fits = typeof schema.minimum === "number" && typeof schema.maximum === "number" && schema.minimum >= INT32.min && schema.maximum <= INT32.max;
    schema.format = fits ? "int32" : "int64";
  }
  const allOf = schema.allOf as JsonSchema[] | undefined;
  if (schema.type === "string" && schema.pattern === undefined && allOf?.length && allOf.every((s) => Object.keys(s).join() === "pattern")) {
    schema.pattern = allOf.at(-1)!.pattern;
    if (allOf.length === 1) delete schema.allOf;
    else schema.allOf = allOf.slice(0, -1);
  }
  Object.values(schema).forEach(normalize);
}

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  normalize(json);
  return json;
}

/**
 * The example of a body: the one the route declares, else one sampled from its schema
 * (openapi-sampler: the schema's own `examples`, defaults and enums first, so the shared
 * field schemas' examples — ids, dates — show through).
 */
function exampleOf(declared: unknown, schema: JsonSchema, io: "input" | "output"): unknown {
  if (declared !== undefined) return declared;
  return sample(withoutSafeIntegerFloor(schema) as Parameters<typeof sample>[0], io === "input" ? { skipReadOnly: true } : { skipWriteOnly: true });
}

/**
 * The schema without the ±2^53 bounds `z.int()` states: the sampler picks a bound when
 * there is one, and a count shown as -9007199254740991 tells a partner nothing (0 does).
 */
function withoutSafeIntegerFloor(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSafeIntegerFloor);
  if (!node || typeof node !== "object") return node;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "minimum" && value === Number.MIN_SAFE_INTEGER) || (key === "maximum" && value === Number.MAX_SAFE_INTEGER)) continue;
    copy[key] = withoutSafeIntegerFloor(value);
  }
  return copy;
}

/** A JSON body's schema with its example. */
function jsonContent(zodSchema: z.ZodType, declared: unknown, io: "input" | "output"): { schema: JsonSchema; example: unknown } {
  const schema = schemaOf(zodSchema, io);
  return { schema, example: exampleOf(declared, schema, io) };
}

/** Express `/a/:id` → OpenAPI `/a/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

function parameters(route: AnyRouteSpec): unknown[] {
  const out: unknown[] = [];
  for (const [location, schema] of [["path", route.params], ["query", route.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input");
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      out.push({ name, in: location, required: location === "path" || required.has(name), schema: property, ...(property.description ? { description: property.description } : {}) });
    }
  }
  for (const header of route.headers ?? []) {
    out.push({ name: header.name, in: "header", required: header.required ?? false, description: header.description, schema: { type: "string", maxLength: MAX_HEADER_LENGTH, pattern: PRINTABLE_HEADER } });
  }
  return out;
}

/** The longest request header value the description admits (Node's whole header block is 16 KiB). */
const MAX_HEADER_LENGTH = 1_024;
const PRINTABLE_HEADER = "^[\\x20-\\x7e]*$";

const PROBLEM = {
  type: "object",
  description: "RFC 9457 problem details; `field` / `errors[].field` name the offending input",
  properties: {
    type: { type: "string", format: "uri-reference", maxLength: 200 },
    title: { type: "string", maxLength: 200, pattern: "^[^\\u0000-\\u001f]*$" },
    status: { type: "integer", format: "int32", minimum: 400, maximum: 599 },
    detail: { type: "string", maxLength: 20_000, pattern: "^[^\\u0000-\\u001f]*$" },
    instance: { type: "string", format: "uri-reference", maxLength: 4_096 },
    code: { type: "string", maxLength: 64, pattern: "^[A-Z][A-Z0-9_]*$" },
    field: { type: "string", maxLength: 300, pattern: "^[^\\u0000-\\u001f]*$" },
    errors: {
      type: "array",
      maxItems: 1_000,
      items: {
        type: "object",
        properties: { field: { type: "string", maxLength: 300, pattern: "^[^\\u0000-\\u001f]*$" }, message: { type: "string", maxLength: 2_000, pattern: "^[^\\u0000-\\u001f]*$" } },
      },
    },
  },
  required: ["type", "title", "status", "code"],
};

const PROBLEM_CONTENT = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

/**
 * The request-budget headers (api/http/rate-limits.ts). Every answer of a request that
 * spent its budget carries them, so every 2xx; a request refused before that (a bad body,
 * bad credentials, a store down) carries none, so on errors they are optional.
 */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "requests allowed per window by the tightest budget this request spent (API key, organization or client address)", schema: { type: "integer", format: "int32", minimum: 1, maximum: 10_000_000 } },
  "RateLimit-Remaining": { description: "requests left in that budget's window", schema: { type: "integer", format: "int32", minimum: 0, maximum: 10_000_000 } },
  "RateLimit-Reset": { description: "seconds until that budget's window resets", schema: { type: "integer", format: "int32", minimum: 1, maximum: 7 * 86_400 } },
};

/** api/http/cors.ts: sent on every answer to a listed origin, whatever its status. */
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": {
    description: "only when the request's Origin is one of CORS_ORIGINS (default none: same-origin callers only); that origin, never `*`",
    required: false,
    schema: { type: "string", format: "uri", maxLength: 2_048 },
  },
};

/** The headers of an answer: CORS, and the RateLimit-* ones, required where the request certainly spent its budget. */
const rateLimitHeaders = (required: boolean) => ({
  ...CORS_HEADERS,
  ...Object.fromEntries(Object.entries(RATE_LIMIT_HEADERS).map(([name, header]) => [name, { ...header, required }])),
});

const RETRY_AFTER = { description: "seconds until the spent budget allows a request again", required: true, schema: { type: "integer", format: "int32", minimum: 1, maximum: 7 * 86_400 } };

/** The problems any operation may answer with, beyond those it declares. */
function commonProblems(secured: boolean): Record<string, unknown> {
  return {
    ...(secured
      ? { 401: { description: "no credentials, or the access token or API key is invalid, expired or revoked", headers: rateLimitHeaders(false), content: PROBLEM_CONTENT } }
      : { 401: { description: "credentials were sent but are invalid, expired or revoked (none are needed)", headers: rateLimitHeaders(false), content: PROBLEM_CONTENT } }),
    429: {
      description: "a request budget is spent (RATE_LIMITED); retry after Retry-After seconds",
      headers: { ...rateLimitHeaders(true), "Retry-After": RETRY_AFTER },
      content: PROBLEM_CONTENT,
    },
    500: { description: "an unexpected failure; the details stay in the server log", headers: CORS_HEADERS, content: PROBLEM_CONTENT },
  };
}

/** The most a documented download (a CSV or PDF report) is declared to carry. */
const DOWNLOAD_MAX_BYTES = 64 * 1024 * 1024;

/** Build the OpenAPI document for routes mounted under `basePath`. */
export function buildOpenApi(routes: readonly AnyRouteSpec[], basePath: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `${basePath}${openApiPath(route.path)}`;
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const isError = Number(status) >= 400;
      responses[status] = {
        description: response.description,
        headers: Number(status) < 500 ? rateLimitHeaders(!isError) : CORS_HEADERS,
        ...(response.mediaType
          ? { content: { [response.mediaType]: { schema: { type: "string", format: "binary", maxLength: DOWNLOAD_MAX_BYTES } } } }
          : response.schema
          ? { content: { "application/json": jsonContent(response.schema, response.example, "output") } }
          : response.example !== undefined
            ? { content: { "application/json": { example: response.example } } }
          : isError
            ? { content: PROBLEM_CONTENT }
            : {}),
      };
    }
    const isPublic = "public" in route.policy;
    for (const [status, problem] of Object.entries(commonProblems(!isPublic))) {
      const declared = responses[status] as { description: string } | undefined;
      // A route's own 401/429 description says more; the shared one supplies headers and body.
      responses[status] = declared ? { ...(problem as object), description: declared.description } : problem;
    }
    responses["4XX"] ??= { description: "bad input, missing credentials, forbidden, not found…", headers: rateLimitHeaders(false), content: PROBLEM_CONTENT };
    (paths[path] ??= {})[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { "application/json": jsonContent(route.body, route.example, "input") } } } : {}),
      responses,
      security: route.signedWebhook ? [{ webhookSignature: [] }] : isPublic ? [] : [{ bearer: [] }, { apiKey: [] }],
      "x-roles": isPublic ? ["public"] : (route.policy as { roles: readonly string[] }).roles,
      ...("scope" in route.policy && route.policy.scope ? { "x-api-key-scope": route.policy.scope } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Turash API",
      version: "1.0.0",
      description:
        "Industrial symbiosis: register sites and resource flows, get ranked explained matches, turn them into partnerships. Log in with POST /api/v1/auth/login and send `Authorization: Bearer <token>`; partner systems send `Authorization: ApiKey <key>`. Errors are application/problem+json naming the offending field.",
    },
    // x-internal false: the API is meant for partners and the public, not only in-house callers.
    tags: orderedTags(routes.map((r) => r.tag)),
    servers: [{ url: "/", description: "this deployment (production, staging or local: the origin that served this document)", "x-internal": false }],
    paths,
    components: {
      schemas: { Problem: PROBLEM },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "An access token from POST /auth/login or /auth/refresh, following RFC8725 (JWT best current practices): HS256 only (the algorithm is pinned when verifying, so `none` and algorithm substitution are refused), issuer, audience and expiry always checked, short-lived (JWT_TTL_SECONDS).",
        },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "or `Authorization: ApiKey <key>`" },
        webhookSignature: {
          type: "apiKey",
          in: "header",
          name: WEBHOOK_HEADERS.signature,
          description:
            `A signed delivery (api/http/signed-webhook.ts): \`${WEBHOOK_HEADERS.signature}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>\` with the secret of the endpoint named in \`${WEBHOOK_HEADERS.endpoint}\`, and a unique \`${WEBHOOK_HEADERS.delivery}\`. A timestamp more than 5 minutes off, or a delivery id already accepted, is refused.`,
        },
      },
    },
  };
}
