import { describe, expect, it } from "vitest";
import { FLOW_EXPECTATIONS, expectedFlowsFor } from "./flow-expectations.ts";
import { findResourceType } from "./taxonomy.ts";

describe("NACE flow expectations", () => {
  it("name a known resource type, a source and a sane range for every flow", () => {
    expect(FLOW_EXPECTATIONS.length).toBeGreaterThan(100);
    for (const f of FLOW_EXPECTATIONS) {
      expect(findResourceType(f.resourceType), f.resourceType).toBeDefined();
      expect(f.source.length, `${f.nace} ${f.resourceType}`).toBeGreaterThan(10);
      if (f.typicalAnnual) {
        expect(f.typicalAnnual.low).toBeGreaterThan(0);
        expect(f.typicalAnnual.low).toBeLessThanOrEqual(f.typicalAnnual.high);
      }
      expect(f.likelihood).toBeGreaterThan(0);
      expect(f.likelihood).toBeLessThanOrEqual(1);
    }
  });

  it("suggests a dairy's whey and steam from its class, with the template's source", () => {
    const dairy = expectedFlowsFor("10.51");
    expect(dairy.matchedOn).toBe("class");
    const whey = dairy.flows.find((f) => f.resourceType === "whey")!;
    expect(whey).toMatchObject({ direction: "offer", typicalAnnual: { unit: "t/yr" }, likelihood: 0.8 });
    expect(whey.typicalAnnual!.low).toBeLessThan(20_000);
    expect(whey.typicalAnnual!.high).toBeGreaterThan(20_000);
    expect(whey.source).toMatch(/BREF Food, Drink and Milk/);
    expect(dairy.flows.some((f) => f.direction === "need" && f.resourceType === "steam")).toBe(true);
    const firstNeed = dairy.flows.findIndex((f) => f.direction === "need");
    expect(dairy.flows.slice(firstNeed).every((f) => f.direction === "need")).toBe(true);
  });

  it("knows the heavy-industry by-products from sourced data", () => {
    const alumina = expectedFlowsFor("C24.42");
    expect(alumina.flows.map((f) => f.resourceType)).toEqual(expect.arrayContaining(["bauxite_residue", "spent_pot_lining"]));
    expect(alumina.flows.find((f) => f.resourceType === "bauxite_residue")!.source).toMatch(/Hydrometallurgy/);
    expect(expectedFlowsFor("24.10").flows.map((f) => f.resourceType)).toEqual(expect.arrayContaining(["slag", "metal_bearing_residue"]));
    expect(expectedFlowsFor("19.20").flows.map((f) => f.resourceType)).toEqual(expect.arrayContaining(["refinery_fuel_gas", "spent_catalyst", "sulphur"]));
  });

  it("knows what a kraft pulp mill usually gives off, with the BREF", () => {
    const pulp = expectedFlowsFor("17.11");
    expect(pulp.matchedOn).toBe("class");
    expect(pulp.flows.filter((f) => f.direction === "offer").map((f) => f.resourceType)).toEqual(expect.arrayContaining(["black_liquor", "lime_sludge", "wood_waste"]));
    for (const f of pulp.flows) expect(f.source).toMatch(/EU BREF/);
    // A paper mill keeps its own class entry: the pulp mill's liquor is not said of it.
    expect(expectedFlowsFor("17.12").flows.some((f) => f.resourceType === "black_liquor")).toBe(false);
  });

  it("falls back from class to group to division, and says which", () => {
    expect(expectedFlowsFor("10.52").matchedOn).toBe("group");
    expect(expectedFlowsFor("10.52").flows.some((f) => f.resourceType === "whey")).toBe(true);
    expect(expectedFlowsFor("10.89").matchedOn).toBe("division");
    expect(expectedFlowsFor("10").matchedOn).toBe("division");
    expect(expectedFlowsFor("99.00")).toEqual({ matchedOn: null, flows: [] });
    expect(expectedFlowsFor("C")).toEqual({ matchedOn: null, flows: [] });
  });
});
