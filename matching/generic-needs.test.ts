import { describe, expect, it } from "vitest";
import { evaluateEconomics } from "./economics/index.ts";
import { COMMODITIES } from "./economics/prices.ts";
import { ALTERNATIVE_FUEL_NCV, COAL_NCV_GJ_PER_T, RULE_PAIR_VALUE } from "./economics/value.ts";
import { RULE_USE_FIT } from "./factors/use-fit.ts";
import { findCompatibility, RULES } from "./compatibility.ts";
import { need, offer } from "./test-helpers.ts";

/** The generic need types of a cement works, a road builder and a farm, and what they are worth. */
describe("generic mineral needs of their use", () => {
  it("pairs the main cement constituents of EN 197-1 with a clinker-substitute need, each with a source", () => {
    for (const o of ["fly_ash", "slag", "silica_fume"]) expect(findCompatibility(o, "clinker_substitute")?.source, o).toMatch(/EN 197-1/);
    // A raw-meal corrective is no clinker substitute.
    for (const o of ["bauxite_residue", "mill_scale", "lime_sludge", "spent_catalyst"]) expect(findCompatibility(o, "clinker_substitute"), o).toBeUndefined();
  });

  it("pairs the raw-mix correctives of the cement BREF with a raw-meal need, each with a source", () => {
    const offers = ["bauxite_residue", "mill_scale", "lime_sludge", "spent_catalyst", "mineral_residue", "bottom_ash", "biomass_ash", "spent_pot_lining", "foundry_sand"];
    for (const o of offers) {
      const rule = findCompatibility(o, "raw_meal_component");
      expect(rule?.source, o).toMatch(/BREF/);
      expect(rule!.conversion.length, o).toBeGreaterThan(3);
    }
  });

  it("values a clinker substitute at the clinker it displaces and a raw-meal corrective at quarried raw meal", () => {
    const scm = evaluateEconomics(offer("fly_ash"), need("clinker_substitute"))!;
    const meal = evaluateEconomics(offer("bauxite_residue"), need("raw_meal_component"))!;
    expect(scm.valueEurPerUnit).toBe(40);
    expect(meal.valueEurPerUnit).toBe(COMMODITIES.get("quarried_raw_meal")!.pricePerUnit);
    expect(meal.valueEurPerUnit).toBeCloseTo(14, 9);
  });

  it("values slag for a road builder as aggregate (crushed stone), far below its clinker value", () => {
    const road = evaluateEconomics(offer("slag"), need("aggregate"))!;
    const cement = evaluateEconomics(offer("slag"), need("clinker_substitute"))!;
    expect(road.displaces).toMatch(/crushed stone/);
    expect(road.valueEurPerUnit).toBeCloseTo(14, 9);
    expect(road.valueEurPerUnit).toBeLessThan(cement.valueEurPerUnit / 2);
    for (const o of ["construction_waste", "bottom_ash", "glass_cullet", "mineral_residue"]) expect(findCompatibility(o, "aggregate")?.source, o).toMatch(/EN 13242/);
    // Fly ash is a powder, no graded aggregate (EN 13242); nor is it a raw-meal corrective where it is a main cement constituent.
    expect(findCompatibility("fly_ash", "aggregate")).toBeUndefined();
    expect(findCompatibility("fly_ash", "raw_meal_component")).toBeUndefined();
  });

  it("pairs lime sludge and lime kiln dust with a liming agent (PFC 2), no longer with fertiliser", () => {
    for (const o of ["lime_sludge", "lime_kiln_dust"]) {
      expect(findCompatibility(o, "liming_agent")?.source, o).toMatch(/2019\/1009/);
      expect(findCompatibility(o, "fertiliser"), o).toBeUndefined();
    }
    expect(evaluateEconomics(offer("lime_sludge"), need("liming_agent"))!.valueEurPerUnit).toBeCloseTo(14, 9);
  });
});

describe("alternative fuel valued at the coal it displaces", () => {
  const coal = COMMODITIES.get("hard_coal")!;
  // The pair's value basis (a hazardous offer such as solvents only matches a need that accepts its class).
  const pairValue = (o: string) => RULE_PAIR_VALUE[RULES.findIndex((r) => r.offer === o && r.need === "alternative_fuel")]!;

  it("values spent solvents and wet food waste by calorific value ÷ 25.8 GJ/t × the coal price", () => {
    const solvents = pairValue("solvents");
    const food = pairValue("food_waste");
    expect(COAL_NCV_GJ_PER_T).toBe(25.8);
    expect(solvents.displaces).toMatch(/coal/);
    expect(solvents.valueEurPerUnit).toBeCloseTo((30 / 25.8) * coal.pricePerUnit, 6);
    expect(solvents.valueEurPerUnit).toBeGreaterThan(110);
    expect(solvents.valueEurPerUnit).toBeLessThan(120);
    expect(food.valueEurPerUnit).toBeGreaterThan(18);
    expect(food.valueEurPerUnit).toBeLessThan(20);
    expect(solvents.source).toMatch(/IPCC 2006/);
  });

  it("gives every offer of an alternative-fuel pair a calorific value, none at the €5/t default", () => {
    for (const r of RULES.filter((x) => x.need === "alternative_fuel" && x.offer !== x.need)) {
      if (r.offer !== "biogas") expect(ALTERNATIVE_FUEL_NCV[r.offer], r.offer).toBeDefined();
      expect(pairValue(r.offer).valueEurPerUnit, r.offer).toBeGreaterThan(5);
    }
  });

  it("pairs biogas with an alternative-fuel need in tonnes of coal-equivalent", () => {
    const rule = findCompatibility("biogas", "alternative_fuel")!;
    expect(rule.efficiency).toBeCloseTo(3.6 / 25.8, 3);
    const e = evaluateEconomics(offer("biogas", { annualQuantity: 25_800 }), need("alternative_fuel", { annualQuantity: 10_000 }))!;
    expect(e.valueEurPerUnit).toBeCloseTo(coal.pricePerUnit, 9);
    expect(e.unit).toBe("t");
  });

  it("lets the use fit follow the same values: solvents fit fuel better than wet food waste does", () => {
    const fit = (o: string) => RULE_USE_FIT[RULES.findIndex((r) => r.offer === o && r.need === "alternative_fuel")]!;
    expect(fit("solvents")).toBeGreaterThan(fit("food_waste"));
  });
});
