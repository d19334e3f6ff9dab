import { describe, expect, it } from "vitest";
import { routeMatch, type RouteFeatures } from "./router.ts";

const simple: RouteFeatures = {
  hazardous: false,
  parties: 2,
  coverage: 1,
  heatPump: false,
  roughSides: 0,
  capexEur: 100_000,
  distanceKm: 2,
  radiusKm: 10,
  regulated: false,
};

describe("hybrid router", () => {
  it("sends a simple, well-measured match straight to both parties", () => {
    expect(routeMatch(simple)).toEqual({ decision: "auto", complexity: 0, drivers: [] });
  });
  it("always sends hazardous resources to a facilitator", () => {
    const r = routeMatch({ ...simple, hazardous: true });
    expect(r.decision).toBe("facilitator");
    expect(r.drivers).toContain("hazardous resource");
  });
  it("adds up smaller complications: heat pump + high capex + rough data", () => {
    expect(routeMatch({ ...simple, heatPump: true, capexEur: 2_000_000 }).decision).toBe("auto");
    const r = routeMatch({ ...simple, heatPump: true, capexEur: 2_000_000, roughSides: 1 });
    expect(r.decision).toBe("facilitator");
    expect(r.complexity).toBe(3);
  });
  it("routes multi-party chains to a facilitator when anything else is unusual", () => {
    expect(routeMatch({ ...simple, parties: 3, distanceKm: 9 }).decision).toBe("facilitator");
  });
});
