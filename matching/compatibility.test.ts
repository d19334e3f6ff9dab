import { describe, expect, it } from "vitest";
import { RESOURCE_TYPE_IDS } from "../domain/taxonomy.ts";
import data from "./compatibility.json" with { type: "json" };
import { findCompatibility, forbiddenReason, needTypesFor, offerTypesFor, RULES } from "./compatibility.ts";

describe("compatibility as data", () => {
  it("ships 40+ cross-type pairs between known taxonomy ids", () => {
    const cross = data.pairs.filter((p) => p.offer !== p.need);
    expect(cross.length).toBeGreaterThanOrEqual(40);
    for (const p of data.pairs) {
      expect(RESOURCE_TYPE_IDS).toContain(p.offer);
      expect(RESOURCE_TYPE_IDS).toContain(p.need);
      expect(p.efficiency).toBeGreaterThan(0);
    }
  });

  it("knows the textbook exchanges", () => {
    expect(findCompatibility("gypsum", "plasterboard_raw_material")?.efficiency).toBe(0.98);
    expect(findCompatibility("fly_ash", "cement_raw_material")).toBeDefined();
    expect(needTypesFor("waste_heat_low")).toContain("process_heat");
    expect(offerTypesFor("feed")).toEqual(expect.arrayContaining(["spent_grain", "whey", "spent_yeast"]));
    expect(offerTypesFor("digester_feedstock")).toEqual(expect.arrayContaining(["sewage_sludge", "manure", "whey"]));
  });

  it("has a fuel-gas need that gaseous fuels serve and rejected heat does not", () => {
    // A burner or gas turbine takes gas: registering its fuel as a heat need let waste heat
    // outrank the fuel gas it really burns.
    expect(offerTypesFor("refinery_fuel_gas")).toEqual(expect.arrayContaining(["refinery_fuel_gas", "biogas", "hydrogen"]));
    expect(offerTypesFor("refinery_fuel_gas")).not.toContain("waste_heat_low");
    expect(offerTypesFor("refinery_fuel_gas")).not.toContain("steam");
    expect(findCompatibility("hydrogen", "refinery_fuel_gas")?.efficiency).toBeCloseTo(33.3, 6);
    expect(findCompatibility("biogas", "refinery_fuel_gas")?.efficiency).toBe(1);
  });

  it("knows black liquor, mill scale and stillage with their uses", () => {
    // Each was a documented exchange the taxonomy could not register (a kraft mill's liquor
    // to an alkali recovery plant, rolling-mill scale to a cement kiln or sinter plant).
    expect(findCompatibility("black_liquor", "black_liquor")?.use).toMatch(/recovery boiler/);
    expect(needTypesFor("mill_scale")).toEqual(expect.arrayContaining(["mill_scale", "cement_raw_material"]));
    expect(needTypesFor("stillage")).toEqual(expect.arrayContaining(["fertiliser", "digester_feedstock", "feed"]));
    expect(offerTypesFor("fertiliser")).toContain("stillage");
  });

  it("treats same-type pairs as compatible unless banned", () => {
    for (const id of RESOURCE_TYPE_IDS) {
      if (forbiddenReason(id, id)) continue;
      expect(findCompatibility(id, id), id).toBeDefined();
    }
    expect(RULES.length).toBeGreaterThan(data.pairs.length);
  });

  it("bans what regulation bans, with the legal reason", () => {
    expect(findCompatibility("sewage_sludge", "feed")).toBeUndefined();
    expect(forbiddenReason("sewage_sludge", "feed")).toMatch(/767\/2009/);
    expect(forbiddenReason("catering_waste", "feed")).toMatch(/catering waste/);
    expect(findCompatibility("catering_waste", "feed")).toBeUndefined();
  });

  it("keeps the catering-waste ban to catering waste: plant-origin processing residues are feed materials", () => {
    // Reg. (EC) 1069/2009 Art. 11 bans catering waste; beet pulp, oilseed cake and bakery
    // returns are in the Catalogue of feed materials (Reg. (EU) 68/2013).
    expect(forbiddenReason("food_waste", "feed")).toBeUndefined();
    expect(findCompatibility("food_waste", "feed")?.source).toMatch(/68\/2013/);
    expect(findCompatibility("catering_waste", "digester_feedstock")?.conversion).toMatch(/pasteuris/);
  });

  it("pairs the organic and mineral residues plants really spread or reuse, each with a source", () => {
    const wanted: [string, string][] = [
      ["spent_grain", "fertiliser"],
      ["food_waste", "fertiliser"],
      ["food_waste", "biomass"],
      ["biomass_ash", "fertiliser"],
      ["wastewater", "fresh_water"],
      ["lime_kiln_dust", "caustic"],
      ["lime_kiln_dust", "liming_agent"],
      ["catering_waste", "fertiliser"],
      ["mineral_residue", "cement_raw_material"],
    ];
    for (const [offer, need] of wanted) expect(findCompatibility(offer, need)?.source, `${offer} -> ${need}`).toMatch(/\w{3,}/);
    // Incinerator bottom ash is not a fertiliser: only biomass ash is.
    expect(findCompatibility("bottom_ash", "fertiliser")).toBeUndefined();
  });

  it("gives the heavy-industry by-products of issue 12 a use, a conversion and a source", () => {
    const wanted: [string, string][] = [
      ["refinery_fuel_gas", "process_heat"],
      ["bauxite_residue", "cement_raw_material"],
      ["silica_fume", "cement_raw_material"],
      ["spent_catalyst", "spent_catalyst"],
      ["hydrochloric_acid", "hydrochloric_acid"],
      ["ammonium_salts", "fertiliser"],
      ["metal_bearing_residue", "metal_bearing_residue"],
      ["mixed_industrial_waste", "alternative_fuel"],
      ["refuse_derived_fuel", "alternative_fuel"],
      ["spent_pot_lining", "cement_raw_material"],
      ["spent_yeast", "fertiliser"],
      ["spent_yeast", "feed"],
      ["food_waste", "alternative_fuel"],
      ["food_waste", "digester_feedstock"],
    ];
    for (const [offer, need] of wanted) {
      const rule = findCompatibility(offer, need);
      expect(rule, `${offer} -> ${need}`).toBeDefined();
      expect(rule!.use.length, `${offer} -> ${need}`).toBeGreaterThan(3);
      expect(rule!.conversion.length, `${offer} -> ${need}`).toBeGreaterThan(3);
    }
    const sourced = data.pairs.filter((p) => "source" in p);
    expect(sourced.length).toBeGreaterThanOrEqual(wanted.length);
    for (const p of sourced) expect(findCompatibility(p.offer, p.need)?.source, `${p.offer} -> ${p.need}`).toMatch(/\w{3,}/);
  });
});
