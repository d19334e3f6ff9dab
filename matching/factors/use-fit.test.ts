import { describe, expect, it } from "vitest";
import { RULES } from "../compatibility.ts";
import { commodityReason, explainUseFit, FUEL_FOR_HEAT_FIT, LOWEST_USE_FIT, RULE_ORIGIN_FACTOR, RULE_USE_FIT } from "./use-fit.ts";

describe("use fit", () => {
  it("stays within [fuel-for-heat × lowest use, 1] for every rule, and each by-product's best use fits 1 unless it is burnt for heat", () => {
    const best = new Map<string, number>();
    RULES.forEach((r, i) => {
      expect(RULE_USE_FIT[i]).toBeGreaterThanOrEqual(FUEL_FOR_HEAT_FIT * LOWEST_USE_FIT - 1e-12);
      expect(RULE_USE_FIT[i]).toBeLessThanOrEqual(1);
      best.set(r.offer, Math.max(best.get(r.offer) ?? 0, RULE_USE_FIT[i]!));
    });
    for (const [offer, fit] of best) expect(fit, offer).toBeGreaterThanOrEqual(FUEL_FOR_HEAT_FIT);
  });

  it("discounts commodity utilities as a whole and says why", () => {
    expect(commodityReason("electricity")).toMatch(/grid/);
    expect(commodityReason("waste_heat_high")).toBeUndefined();
    RULES.forEach((r, i) => {
      expect(RULE_ORIGIN_FACTOR[i]).toBe(commodityReason(r.offer) === undefined ? 1 : 0.5);
      if (commodityReason(r.offer) !== undefined) expect(explainUseFit(i)).toMatch(/commodity utility/);
    });
  });

  it("names a fuel burnt for heat, and says nothing about a by-product at its best use", () => {
    const at = (offer: string, need: string) => RULES.findIndex((r) => r.offer === offer && r.need === need);
    expect(explainUseFit(at("biogas", "process_heat"))).toMatch(/burns or converts biogas for heat/);
    expect(explainUseFit(at("fly_ash", "cement_raw_material"))).toBe("");
    expect(RULE_USE_FIT[at("spent_yeast", "feed")]!).toBeGreaterThan(RULE_USE_FIT[at("spent_yeast", "digester_feedstock")]!);
  });
});
