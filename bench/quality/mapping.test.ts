import { describe, expect, it } from "vitest";
import { findResourceType } from "../../domain/taxonomy.ts";
import { engineerType, loadMapping, ruleFor } from "./mapping.ts";

const mapping = loadMapping();

describe("ruleFor", () => {
  const rules = [{ nace: ["23.62"], id: 1 }, { nace: ["23"], id: 2 }, { nace: ["01.4"], id: 3 }, { id: 4 }];
  it("matches NACE prefixes by class boundaries, first rule wins", () => {
    expect(ruleFor(rules, ["23.62"])?.id).toBe(1);
    expect(ruleFor(rules, ["23.51"])?.id).toBe(2);
    expect(ruleFor(rules, ["01.49"])?.id).toBe(3);
    expect(ruleFor(rules, ["02.10"])?.id).toBe(4);
    expect(ruleFor(rules, ["230.1"])?.id).toBe(4);
  });
});

describe("the engineer mapping", () => {
  it("maps fly ash needed by a cement works to the clinker-substitute need", () => {
    expect(engineerType(mapping, "fly_ash", "need", ["23.51"])).toEqual({ type: "clinker_substitute" });
    expect(engineerType(mapping, "fly_ash", "offer", ["35.11"])).toEqual({ type: "fly_ash" });
  });
  it("maps each mineral need of a cement, road or farm consumer to the generic type of its use", () => {
    for (const label of ["slag", "silica_fume"]) expect(engineerType(mapping, label, "need", ["23.51"]), label).toEqual({ type: "clinker_substitute" });
    for (const label of ["bauxite_residue", "mill_scale", "lime_mud", "overburden", "spent_bleaching_earth", "biomass_ash", "bottom_ash"])
      expect(engineerType(mapping, label, "need", ["23.51"]), label).toMatchObject({ type: "raw_meal_component" });
    // A road builder uses slag and ash as aggregate, not as clinker.
    for (const label of ["slag", "fly_ash", "bottom_ash", "mineral_waste"]) expect(engineerType(mapping, label, "need", ["42.11"]), label).toEqual({ type: "aggregate" });
    expect(engineerType(mapping, "lime", "need", ["01.11"])).toEqual({ type: "liming_agent" });
    // A set retarder is no main constituent: it stays the cement raw-material need.
    expect(engineerType(mapping, "gypsum", "need", ["23.51"])).toEqual({ type: "cement_raw_material" });
  });
  it("registers a fuel-gas need as the taxonomy's fuel gas, for any plant, never as heat", () => {
    for (const nace of [["23.62"], ["35.11"], ["20.14"]]) expect(engineerType(mapping, "fuel_gas", "need", nace)).toMatchObject({ type: "refinery_fuel_gas" });
  });

  it("says why when the label is unknown or no preferred type exists", () => {
    expect(engineerType(mapping, "unobtainium", "offer", [])).toMatchObject({ type: null, why: expect.stringMatching(/not in the engineer mapping/) });
    expect(engineerType({ x: { offer: [{ types: ["no_such_type"] }], need: [{ types: ["steam"] }] } }, "x", "offer", [])).toMatchObject({ type: null, why: expect.stringMatching(/none of no_such_type/) });
  });
  it("gives every label a rule for any company (a last rule without NACE) in each direction", () => {
    for (const [label, entry] of Object.entries(mapping))
      for (const direction of ["offer", "need"] as const) expect(entry[direction].at(-1)!.nace, `${label} ${direction}`).toBeUndefined();
  });
  it("names at least one type of today's taxonomy for the common labels", () => {
    for (const label of ["steam", "heat", "co2", "gypsum", "fly_ash", "slag", "sludge"])
      for (const direction of ["offer", "need"] as const) expect(mapping[label]![direction].some((r) => r.types.some((t) => findResourceType(t))), `${label} ${direction}`).toBe(true);
  });
  it("declares the hazard a real consumer of an acid or a solvent accepts, and the supplier's class", () => {
    expect(engineerType(mapping, "sulfuric_acid", "offer", ["20.13"])).toEqual({ type: "sulphuric_acid", hazardClass: "HP8" });
    expect(engineerType(mapping, "sulfuric_acid", "need", ["20.13"])).toEqual({ type: "sulphuric_acid", acceptedHazardClasses: ["HP8"] });
    expect(engineerType(mapping, "waste_solvent", "need", ["23.51"])).toMatchObject({ type: "alternative_fuel", acceptedHazardClasses: ["HP3"] });
    // A fly-ash need of the same cement works accepts nothing hazardous.
    expect(engineerType(mapping, "fly_ash", "need", ["23.51"])).not.toHaveProperty("acceptedHazardClasses");
  });
  it("declares the class of every hazardous-by-default offer, and every need of that material accepts it", () => {
    for (const [label, entry] of Object.entries(mapping))
      for (const rule of entry.offer) {
        const type = rule.types.map((t) => findResourceType(t)).find((t) => t !== undefined);
        if (type?.hazardous) expect(rule.hazardClass, `${label}: offers of hazardous ${type.id}`).toBeDefined();
        if (rule.hazardClass && rule.hazardClass !== "none")
          for (const need of entry.need) expect(need.acceptsHazardClasses, `${label}: need ${need.types[0]}`).toContain(rule.hazardClass);
      }
  });
  it("registers metal residues as the taxonomy's metal-bearing residue", () => {
    expect(engineerType(mapping, "metal_residue", "need", ["24.43"])).toMatchObject({ type: "metal_bearing_residue" });
  });
});
