import { describe, expect, it } from "vitest";
import { explainPair } from "./match-flow.ts";
import { pairKey } from "./table.ts";
import { need, north, offer } from "./test-helpers.ts";

describe("hard constraints", () => {
  it("lets hot enough heat feed a heat demand directly", () => {
    const v = explainPair(offer("waste_heat_high", { temperatureC: 95 }), need("process_heat", { temperatureC: 80 }));
    expect(v.passed).toBe(true);
  });

  it("costs a heat pump when heat is a little too cold, and refuses when the lift is too big", () => {
    const lukewarm = explainPair(offer("waste_heat_low", { temperatureC: 46 }), need("process_heat", { temperatureC: 60 }));
    expect(lukewarm.passed).toBe(true);
    const cold = explainPair(offer("waste_heat_low", { temperatureC: 35 }), need("process_heat", { temperatureC: 90 }));
    expect(cold.rejection).toBe("temperature");
    const noPump = explainPair(offer("waste_heat_low", { temperatureC: 46 }), need("process_heat", { temperatureC: 60 }), {}, { allowHeatPump: false });
    expect(noPump.rejection).toBe("temperature");
    expect(noPump.counterfactual).toBe("feasible with a heat pump lifting 46 → 60 °C (COP 7.0)");
  });

  it("keeps the 5 K margin: 83 °C heat cannot serve an 80 °C need without a pump", () => {
    const v = explainPair(offer("steam", { temperatureC: 83 }), need("process_heat", { temperatureC: 80 }));
    expect(v.rejection).toBe("temperature");
  });

  it("refuses incompatible types and regulatory bans with the right reason", () => {
    expect(explainPair(offer("fly_ash"), need("feed")).rejection).toBe("incompatible");
    const sludge = explainPair(offer("sewage_sludge"), need("feed"));
    expect(sludge.rejection).toBe("regulatory");
    expect(sludge.reason).toMatch(/767\/2009/);
  });

  it("sends animal by-products to feed only when category 3", () => {
    expect(explainPair(offer("animal_byproducts", { abpCategory: 3 }), need("feed")).passed).toBe(true);
    expect(explainPair(offer("animal_byproducts", { abpCategory: 2 }), need("feed")).rejection).toBe("regulatory");
    expect(explainPair(offer("animal_byproducts", { abpCategory: 1 }), need("digester_feedstock")).rejection).toBe("regulatory");
    expect(explainPair(offer("animal_byproducts", { abpCategory: 2 }), need("digester_feedstock")).passed).toBe(true);
  });

  it("sends hazardous waste only to a consumer accepting its hazard class", () => {
    const solvent = offer("solvents", { hazardClass: "HP3" });
    expect(explainPair(solvent, need("solvents")).rejection).toBe("hazard");
    expect(explainPair(solvent, need("solvents", { acceptsHazardClasses: ["HP14"] })).rejection).toBe("hazard");
    expect(explainPair(solvent, need("solvents", { acceptsHazardClasses: ["HP3"] })).passed).toBe(true);
    // Taxonomy-hazardous types are hazardous even when the offer declares no class.
    expect(explainPair(offer("used_oil"), need("used_oil")).rejection).toBe("hazard");
    expect(explainPair(offer("used_oil"), need("used_oil", { acceptsHazardClasses: ["*"] })).passed).toBe(true);
  });

  it("excludes the same organization, the same site and rejected pairs", () => {
    const o = offer("gypsum");
    expect(explainPair(o, need("plasterboard_raw_material", { orgId: o.orgId })).rejection).toBe("same_org");
    expect(explainPair(o, need("plasterboard_raw_material", { siteId: o.siteId })).rejection).toBe("same_site");
    const n = need("plasterboard_raw_material");
    expect(explainPair(o, n, { rejectedPairs: new Set([pairKey(n.id, o.id)]) }).rejection).toBe("rejected");
  });

  it("enforces the resource radius and says how far it would have to grow", () => {
    const v = explainPair(offer("waste_heat_low", { temperatureC: 70 }), need("process_heat", { temperatureC: 60, lat: north(55.66, 7.5) }));
    expect(v.rejection).toBe("distance");
    expect(v.counterfactual).toBe("feasible within 8 km (radius now 5 km)");
  });

  it("needs overlapping months and dates", () => {
    const summer = offer("co2", { availability: { months: 0b0000_1111_0000 } });
    expect(explainPair(summer, need("co2", { availability: { months: 0b1100_0000_0011 } })).rejection).toBe("temporal");
    const ended = offer("co2", { availability: { months: 0xfff, end: "2024-01-01" } });
    expect(explainPair(ended, need("co2", { availability: { months: 0xfff, start: "2025-01-01" } })).rejection).toBe("temporal");
  });

  it("checks purity and the consumer's minimum volume, with counterfactuals", () => {
    const p = explainPair(offer("co2", { purityPct: 95 }), need("co2", { purityPct: 99.9 }));
    expect(p.rejection).toBe("purity");
    const q = explainPair(offer("fly_ash", { annualQuantity: 800 }), need("cement_raw_material", { minAnnualQuantity: 1_200 }));
    expect(q.rejection).toBe("quantity");
    expect(q.counterfactual).toBe("feasible if the supply reaches 1,200 t/yr (now 800)");
  });
});
