import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { V1 } from "./fixtures.ts";

describe("the API documents itself", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startHttpApi();
  });
  afterAll(async () => api?.stop());

  const openApiPath = (path: string) => `${V1}${path.replace(/:(\w+)/g, "{$1}")}`;

  it("/openapi.json lists every route with its method, and nothing else", async () => {
    const res = await api.request("get", "/openapi.json");

    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    const routes = api.registry.routes;
    expect(routes.length).toBeGreaterThanOrEqual(24);
    for (const route of routes) {
      const operation = res.body.paths[openApiPath(route.path)]?.[route.method];
      expect(operation, `${route.method.toUpperCase()} ${route.path}`).toBeDefined();
      expect(operation.summary).toBe(route.summary);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(Object.keys(route.responses)));
      if (route.signedWebhook) expect(operation.security).toEqual([{ webhookSignature: [] }]);
      else if ("public" in route.policy) expect(operation.security).toEqual([]);
      else expect(operation["x-roles"]).toEqual(route.policy.roles);
      for (const name of route.path.match(/:(\w+)/g) ?? []) {
        expect(operation.parameters, `${route.path} documents ${name}`).toContainEqual(expect.objectContaining({ name: name.slice(1), in: "path", required: true }));
      }
      if (route.body) expect(operation.requestBody.content["application/json"].schema).toBeDefined();
    }
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    expect(new Set(res.body.paths[`${V1}/resource-flows/{id}`].patch.parameters.map((p: { name: string }) => p.name))).toEqual(new Set(["id", "If-Match"]));
    expect(res.body.components.securitySchemes).toHaveProperty("bearer");
    expect(res.body.components.securitySchemes).toHaveProperty("apiKey");
    expect(res.body.components.securitySchemes.webhookSignature).toMatchObject({ type: "apiKey", in: "header", name: "Turash-Signature" });
    expect(routes.filter((r) => r.signedWebhook).map((r) => r.path).sort()).toEqual(["/webhooks/imports", "/webhooks/readings"]);
  });

  it("a documented route is a mounted route: none answers 'no route'", async () => {
    for (const route of api.registry.routes) {
      const path = `${V1}${route.path.replace(":keyId", "00000000-0000-4000-8000-000000000000").replace(/:(\w+)/g, "x-$1")}`;
      const res = await api.request(route.method, path, route.method === "get" || route.method === "delete" ? {} : { body: {} });
      expect(String(res.body?.detail ?? ""), `${route.method} ${route.path}`).not.toMatch(/^No route/);
    }
    expect((await api.request("get", `${V1}/no-such-route`)).body.detail).toMatch(/^No route/);
  });

  it("/docs serves the browsable reference as HTML, with its assets", async () => {
    const page = await api.request("get", "/docs");
    const bundle = await fetch(`${api.url}/docs/assets/swagger-ui-bundle.js`);
    const init = await api.request("get", "/docs/init.js");

    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.body).toContain('<div id="swagger-ui">');
    expect(bundle.status).toBe(200);
    expect(init.body).toContain("/openapi.json");
  });
});
