import { describe, expect, it } from "vitest";
import { projectionOfRoute, projectionProblems, type Projection } from "./projection.ts";

const base: Projection = {
  name: "carbon",
  title: "Carbon",
  description: "CO2 of flows and matches",
  reads: [{ store: "cypher", module: "graph/queries/carbon.ts", name: "readCarbonFacts", purpose: "flows and matches" }],
  routes: [{ method: "get", path: "/organizations/{id}/carbon", summary: "totals" }],
  mapLayers: [{ id: "carbon-sites", title: "CO2 by site", geometry: "point", source: "/organizations/{id}/carbon" }],
  rollups: [{ table: "daily_rollups", grain: ["day", "projection"], metrics: ["co2_t"], rebuild: "rollups:rebuild", writer: "matching worker" }],
};

describe("projectionProblems", () => {
  it("finds nothing wrong with a well-formed projection", () => {
    expect(projectionProblems([base])).toEqual([]);
  });

  it("names a map layer fed by a route the projection does not declare", () => {
    const p = { ...base, mapLayers: [{ ...base.mapLayers[0]!, source: "/elsewhere" }] };
    expect(projectionProblems([p])).toEqual([{ projection: "carbon", problem: "map layer carbon-sites is fed by /elsewhere, which is not one of its routes" }]);
  });

  it("names a repeated projection name and a route two projections claim", () => {
    const problems = projectionProblems([base, { ...base, mapLayers: [], rollups: [] }]).map((p) => p.problem);
    expect(problems).toContain('name "carbon" is declared twice');
    expect(problems).toContain("route GET /organizations/{id}/carbon is also declared by carbon");
  });

  it("lets two projections share a rollup table only when its grain carries the projection", () => {
    const other = { ...base, name: "outcomes", routes: [], mapLayers: [] };
    expect(projectionProblems([base, other])).toEqual([]);
    const noGrain = { ...other, rollups: [{ ...base.rollups[0]!, grain: ["day"] }] };
    expect(projectionProblems([base, noGrain]).map((p) => p.problem)).toEqual(["rollup table daily_rollups is also written by carbon"]);
  });
});

describe("projectionOfRoute", () => {
  it("finds the projection declaring a route, by method and path", () => {
    expect(projectionOfRoute([base], { method: "get", path: "/organizations/{id}/carbon" })?.name).toBe("carbon");
    expect(projectionOfRoute([base], { method: "post", path: "/organizations/{id}/carbon" })).toBeUndefined();
  });
});
