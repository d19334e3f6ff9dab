import { describe, expect, it } from "vitest";
import { RULES, TYPE_IDS } from "../compatibility.ts";
import { need, offer } from "../test-helpers.ts";
import { evaluateEconomics } from "./index.ts";
import { COMMODITIES } from "./prices.ts";
import { RULE_PAIR_VALUE, SUBSTITUTION_ROWS } from "./value.ts";

describe("the value of a by-product to its consumer", () => {
  it("gives every compatibility rule a value with its source", () => {
    expect(RULE_PAIR_VALUE).toHaveLength(RULES.length);
    for (const v of RULE_PAIR_VALUE) {
      expect(v.valueEurPerUnit).toBeGreaterThan(0);
      expect(v.valueEurPerUnit).toBeCloseTo(v.pricePerUnit * v.substitutionRatio, 9);
      expect(v.source.length).toBeGreaterThan(10);
      expect(v.unit).not.toBe("");
    }
  });

  it("cites a source, a year and a price spread for every displaced commodity, and uses only known types", () => {
    for (const c of COMMODITIES.values()) {
      expect(c.source).toMatch(/\w{3,}/);
      expect(c.year).toBeGreaterThanOrEqual(2020);
      expect(c.uncertainty).toBeGreaterThan(0);
      expect(c.uncertainty).toBeLessThan(1);
    }
    for (const s of SUBSTITUTION_ROWS) {
      expect(COMMODITIES.has(s.displaces)).toBe(true);
      expect(TYPE_IDS).toContain(s.need);
      if (s.offer !== "*") expect(TYPE_IDS).toContain(s.offer);
      expect(s.ratio).toBeGreaterThan(0);
    }
  });

  it("values whey at its barley-equivalent (5 % dry matter), not at wet-feed prices", () => {
    const e = evaluateEconomics(offer("whey", { annualQuantity: 42_000 }), need("feed", { annualQuantity: 60_000 }))!;
    expect(e.displaces).toBe("feed barley");
    expect(e.pricePerUnit).toBe(190);
    expect(e.unit).toBe("t");
    expect(e.valueEurPerUnit).toBeCloseTo(190 / 17.5, 6);
    expect(e.source).toMatch(/agridata\.ec\.europa\.eu/);
    // 42 kt × ~€11/t, not €1.9M/yr; a buffer of two weeks' whey costs more than the €25k reference set-up.
    expect(e.annualGrossEur).toBeLessThan(500_000);
    expect(e.capexEur).toBeGreaterThan(25_000);
    expect(e.irr).not.toBeNull();
    expect(e.paybackYears).toBeCloseTo(e.capexEur / e.annualSavingsEur, 9);
  });

  it("values a fuel-gas need at the natural gas it replaces, 1:1 by energy", () => {
    for (const gas of ["refinery_fuel_gas", "biogas"]) {
      const e = evaluateEconomics(offer(gas, { annualQuantity: 20_000 }), need("refinery_fuel_gas", { annualQuantity: 20_000 }))!;
      expect(e.displaces, gas).toBe("natural gas");
      expect(e.valueEurPerUnit, gas).toBeCloseTo(COMMODITIES.get("natural_gas")!.pricePerUnit, 9);
      expect(e.unit, gas).toBe("MWh");
    }
  });

  it("values stillage as feed by its dry matter, well below brewers' grains", () => {
    const still = evaluateEconomics(offer("stillage"), need("feed"))!;
    const grains = evaluateEconomics(offer("spent_grain"), need("feed"))!;
    expect(still.displaces).toBe("feed barley");
    expect(still.valueEurPerUnit).toBeCloseTo((190 * 0.09) / 0.87, 6);
    expect(still.valueEurPerUnit).toBeLessThan(grains.valueEurPerUnit / 2);
  });

  it("values heat at the gas it saves in a 90 % boiler, and says so", () => {
    const e = evaluateEconomics(offer("waste_heat_high", { temperatureC: 90 }), need("process_heat", { temperatureC: 70 }))!;
    expect(e.displaces).toBe("natural gas");
    expect(e.unit).toBe("MWh");
    expect(e.valueEurPerUnit).toBeCloseTo(40 / 0.9, 6);
    expect(e.source).toMatch(/Eurostat nrg_pc_203/);
  });

  it("uses the consumer's declared current cost when there is one", () => {
    const e = evaluateEconomics(offer("gypsum"), need("plasterboard_raw_material", { currentCostEurPerUnit: 22 }))!;
    expect(e.pricePerUnit).toBe(22);
    expect(e.source).toBe("the consumer's declared current cost");
  });
});
