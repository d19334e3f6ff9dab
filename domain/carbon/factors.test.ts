import { describe, expect, it } from "vitest";
import { EMISSION_FACTORS, displacementFactor, gridFactorId, resolveFactor, type FactorOverride } from "./factors.ts";

const EU27 = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

describe("emission factors as data", () => {
  it("covers the EU-27, Norway, the UK, Switzerland and both Danish bidding zones, each with a source and year", () => {
    for (const area of [...EU27, "NO", "UK", "CH", "DK1", "DK2", "EU27"]) {
      const f = EMISSION_FACTORS.get(`grid:${area}`);
      expect(f, area).toBeDefined();
      expect(f!.unit).toBe("tCO2/MWh");
      expect(f!.value).toBeGreaterThanOrEqual(0);
      expect(f!.value).toBeLessThan(1);
    }
  });

  it("names a source and a year for every factor, and fuels, trucking and water are there", () => {
    for (const f of EMISSION_FACTORS.values()) {
      expect(f.source.length, f.id).toBeGreaterThan(10);
      expect(f.year, f.id).toBeGreaterThanOrEqual(2006);
    }
    expect(EMISSION_FACTORS.get("fuel:natural_gas")?.value).toBe(0.202);
    for (const id of ["fuel:heating_oil", "fuel:coal", "transport:truck_diesel", "water:supply", "water:treatment", "displaced:cement_raw_material", "displaced:plasterboard_raw_material", "displaced:feed", "displaced:fertiliser"]) {
      expect(EMISSION_FACTORS.has(id), id).toBe(true);
    }
  });
});

describe("gridFactorId", () => {
  it("splits Denmark at the Great Belt and falls back to the EU-27 average", () => {
    expect(gridFactorId({ country: "DK", lat: 56.15, lon: 10.2 })).toBe("grid:DK1"); // Aarhus
    expect(gridFactorId({ country: "DK", lat: 55.68, lon: 12.57 })).toBe("grid:DK2"); // Copenhagen
    expect(gridFactorId({ lat: 55.68, lon: 11.09 })).toBe("grid:DK2"); // Kalundborg, no country stored
    expect(gridFactorId({ country: "DE", lat: 52.5, lon: 13.4 })).toBe("grid:DE");
    expect(gridFactorId({ country: "GB" })).toBe("grid:UK");
    expect(gridFactorId({ country: "US" })).toBe("grid:EU27");
    expect(gridFactorId({})).toBe("grid:EU27");
  });
});

describe("overrides", () => {
  const override: FactorOverride = { orgId: "acme", factorId: "displaced:heat", value: 0.3, source: "our boiler's metered gas use 2025", year: 2025, updatedBy: "u1", updatedAt: "2026-12-01T00:00:00Z" };

  it("an organization's override replaces the value and names its own source; others keep the default", () => {
    const own = resolveFactor("displaced:heat", new Map([["displaced:heat", override]]));
    expect(own).toMatchObject({ value: 0.3, source: "our boiler's metered gas use 2025", year: 2025, overriddenBy: "acme" });
    expect(resolveFactor("displaced:heat")).toMatchObject({ value: 0.224, year: 2006 });
    expect(resolveFactor("no-such-factor")).toBeUndefined();
  });

  it("heat displaces boiler gas, electricity the consumer's grid, cooling a chiller at COP 4", () => {
    expect(displacementFactor("process_heat", "grid:DK1")?.id).toBe("displaced:heat");
    expect(displacementFactor("electricity", "grid:PL")).toMatchObject({ id: "grid:PL", value: 0.66 });
    expect(displacementFactor("cooling", "grid:PL")?.value).toBeCloseTo(0.165, 6);
    expect(displacementFactor("fly_ash", "grid:PL")).toBeUndefined(); // an offer type, never a need
  });
});
