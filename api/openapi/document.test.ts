import { describe, expect, it } from "vitest";
import { API_BASE, describeRoutes } from "../app.ts";
import { loadConfig } from "../../platform/config.ts";
import { openApiDocument } from "./write-document.ts";

type Operation = { summary?: string; description?: string; requestBody?: { content: Record<string, { example?: unknown }> }; responses: Record<string, { content?: Record<string, { example?: unknown; schema?: unknown }> }> };

const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

/**
 * Answers that carry JSON but are declared with neither a schema nor an example yet, so a
 * partner sees no body for them. The list may only shrink: a new route answering JSON
 * declares a schema (or an example) and does not join it.
 */
const UNDESCRIBED_BODIES = new Set([
  "GET /api/v1/users/me 200",
  "GET /api/v1/resource-types 200",
  "POST /api/v1/organizations/{id}/api-keys 201",
  "GET /api/v1/organizations/{id}/api-keys 200",
  "GET /api/v1/organizations/{id}/matching/direct 200",
  "GET /api/v1/organizations/{id}/matching/chains 200",
  "GET /api/v1/organizations/{id}/matching/clusters 200",
  "POST /api/v1/cluster-proposals 200",
  "POST /api/v1/cluster-proposals 201",
  "GET /api/v1/cluster-proposals/{id} 200",
  "POST /api/v1/cluster-proposals/{id}/decision 200",
  "POST /api/v1/cluster-proposals/{id}/withdraw 200",
  "POST /api/v1/organizations/{id}/mandates 201",
  "GET /api/v1/organizations/{id}/mandates 200",
  "DELETE /api/v1/organizations/{id}/mandates/{mandateId} 200",
  "GET /api/v1/facilitators 200",
  "GET /api/v1/facilitators/me/mandates 200",
  "GET /api/v1/emission-factors 200",
  "GET /api/v1/organizations/{id}/emission-factors 200",
  "PUT /api/v1/organizations/{id}/emission-factors/{factorId} 200",
  "PUT /api/v1/organizations/{id}/emission-factors/{factorId} 201",
  "GET /api/v1/organizations/{id}/carbon 200",
  "GET /api/v1/facilitator/queue/{matchId} 200",
  "GET /api/v1/imports 200",
]);

describe("the OpenAPI document a partner reads", () => {
  it("describes every operation beyond its summary", () => {
    const bare = operations.filter(({ op }) => !op.description?.trim() || op.description.trim() === op.summary?.trim()).map((o) => o.name);
    expect(bare).toEqual([]);
  });

  it("gives an example of every JSON request body and every JSON answer", () => {
    const missing: string[] = [];
    for (const { name, op } of operations) {
      const request = op.requestBody?.content["application/json"];
      if (request && request.example === undefined) missing.push(`${name} request`);
      for (const [status, response] of Object.entries(op.responses)) {
        const json = response.content?.["application/json"];
        if (json && json.example === undefined) missing.push(`${name} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("shows a body for every successful answer that has one, but for the listed gaps", () => {
    const bodiless = operations.flatMap(({ name, op }) =>
      Object.entries(op.responses)
        .filter(([status, response]) => /^2/.test(status) && status !== "204" && !response.content)
        .map(([status]) => `${name} ${status}`),
    );
    // Downloads and redirects are not JSON; everything else is in the list or has a body.
    expect(bodiless.filter((b) => !UNDESCRIBED_BODIES.has(b) && !/\/map\/(glyphs|atlas)\//.test(b))).toEqual([]);
    expect([...UNDESCRIBED_BODIES].filter((b) => !bodiless.includes(b))).toEqual([]);
  });

  it("declares only examples its own schemas accept", () => {
    const routes = describeRoutes(loadConfig({ NODE_ENV: "test", JWT_SECRET: "x".repeat(40), WEBHOOK_SECRET_KEY: "x".repeat(40), ID_SECRET: "x".repeat(40) })).routes;
    const refused: string[] = [];
    for (const route of routes) {
      const name = `${route.method.toUpperCase()} ${API_BASE}${route.path}`;
      if (route.example !== undefined && route.body && !route.body.safeParse(route.example).success) refused.push(`${name} request`);
      for (const [status, response] of Object.entries(route.responses)) {
        if (response.example !== undefined && response.schema && !response.schema.safeParse(response.example).success) refused.push(`${name} ${status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(routes.filter((r) => r.example !== undefined).length).toBeGreaterThanOrEqual(7);
  });
});
