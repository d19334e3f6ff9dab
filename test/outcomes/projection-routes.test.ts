/** Every route the outcomes projection declares is in the OpenAPI document, for facilitators and admins only. */
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../../api/openapi/document.ts";
import { API_BASE, describeRoutes } from "../../api/app.ts";
import { outcomesProjection } from "../../projections/outcomes.ts";
import { config } from "../helpers/stores.ts";

describe("the outcomes projection's routes", () => {
  it("are documented, and only facilitators and admins may call them", () => {
    const doc = buildOpenApi(describeRoutes(config).routes, API_BASE) as { paths: Record<string, Record<string, { "x-roles": string[] }>> };
    for (const r of outcomesProjection.routes) {
      const op = doc.paths[`${API_BASE}${r.path}`]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect([...op!["x-roles"]].sort()).toEqual(["admin", "facilitator"]);
    }
  });
});
