/**
 * OpenAPI 3.1, generated from the route declarations and their zod schemas (zod's own
 * JSON Schema output; OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
import { z } from "zod";
import type { AnyRouteSpec } from "../http/define-route.ts";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
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
    out.push({ name: header.name, in: "header", required: header.required ?? false, description: header.description, schema: { type: "string" } });
  }
  return out;
}

const PROBLEM = {
  type: "object",
  description: "RFC 9457 problem details; `field` / `errors[].field` name the offending input",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    code: { type: "string" },
    field: { type: "string" },
    errors: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
  },
  required: ["type", "title", "status", "code"],
};

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
        ...(response.schema
          ? { content: { "application/json": { schema: schemaOf(response.schema, "output") } } }
          : isError
            ? { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } }
            : {}),
      };
    }
    responses["4XX"] ??= { description: "bad input, missing credentials, forbidden, not found…", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
    const isPublic = "public" in route.policy;
    (paths[path] ??= {})[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } } } : {}),
      responses,
      security: isPublic ? [] : [{ bearer: [] }, { apiKey: [] }],
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
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Problem: PROBLEM },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "or `Authorization: ApiKey <key>`" },
      },
    },
  };
}
