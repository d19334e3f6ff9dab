import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { need, north, offer } from "../test-helpers.ts";
import { evaluateEconomics, npvRange } from "./index.ts";
import { combinedUncertainty } from "./uncertainty.ts";
import { bufferCapexEur, CAPEX_BASIS, lineCapexEur, waterPipeDnMm, waterPipeEurPerM } from "./capex.ts";
import { DEFAULT_ECONOMIC_PARAMS } from "./parameters.ts";
import { Mode, TRANSPORT_MODES } from "./transport.ts";

describe("match economics", () => {
  it("trucks fly ash 170 km to a cement plant and still saves money", () => {
    const e = evaluateEconomics(
      offer("fly_ash", { annualQuantity: 80_000, disposalCostEurPerUnit: 25 }),
      need("cement_raw_material", { lat: 57.045, lon: 9.94, annualQuantity: 400_000, currentCostEurPerUnit: 45 }),
    )!;
    expect(e.transportMode).toBe("truck");
    expect(e.deliveredQuantity).toBe(80_000);
    expect(e.annualSavingsEur).toBeGreaterThan(1_000_000);
    // 80 kt replacing clinker at 0.8 t/t minus ~60 g/t·km of trucking.
    expect(e.co2AvoidedTPerYear.mid).toBeGreaterThan(60_000);
    expect(e.co2AvoidedTPerYear.mid).toBeLessThan(64_000);
  });

  it("costs a heat pump (capex and electricity) when the heat is too cold", () => {
    const direct = evaluateEconomics(offer("waste_heat_low", { temperatureC: 70 }), need("process_heat", { temperatureC: 60 }))!;
    const pumped = evaluateEconomics(offer("waste_heat_low", { temperatureC: 40 }), need("process_heat", { temperatureC: 60 }))!;
    expect(pumped.capexEur).toBeGreaterThan(direct.capexEur);
    expect(pumped.annualOpexEur).toBeGreaterThan(direct.annualOpexEur);
  });

  it("makes pipes cost more the longer and bigger they are", () => {
    const p = DEFAULT_ECONOMIC_PARAMS;
    expect(lineCapexEur(Mode.HeatPipe, 2, 5_000, p)).toBeGreaterThan(lineCapexEur(Mode.HeatPipe, 1, 5_000, p));
    expect(lineCapexEur(Mode.HeatPipe, 1, 20_000, p)).toBeGreaterThan(lineCapexEur(Mode.HeatPipe, 1, 5_000, p));
  });

  it("sizes a water main on its flow: DN150 and below at the trench price, bigger flows dearer", () => {
    const p = DEFAULT_ECONOMIC_PARAMS;
    expect(waterPipeEurPerM(10_000, 4000, p)).toBe(150);
    // ~1,000,000 m³/yr over 4,000 h is 250 m³/h: about DN243 at 1.5 m/s.
    expect(waterPipeDnMm(1_000_000, 4000, p)).toBeCloseTo(243, 0);
    expect(lineCapexEur(Mode.WaterPipe, 1, 0, p, 1_000_000)).toBeGreaterThan(lineCapexEur(Mode.WaterPipe, 1, 0, p, 100_000));
    expect(lineCapexEur(Mode.WaterPipe, 2, 0, p, 100_000)).toBeGreaterThan(lineCapexEur(Mode.WaterPipe, 1, 0, p, 100_000));
  });

  it("sizes a trucked exchange's set-up on its buffer by the six-tenths rule, never below the reference", () => {
    const p = DEFAULT_ECONOMIC_PARAMS;
    expect(bufferCapexEur(1_000, p)).toBe(p.truckFixedCapexEur);
    const small = bufferCapexEur(10_000, p);
    const big = bufferCapexEur(100_000, p);
    expect(big).toBeGreaterThan(small);
    // Ten times the throughput, 10^0.6 ≈ 4 times the cost.
    expect(big / small).toBeCloseTo(Math.pow(10, 0.6), 6);
  });

  it("says how every mode's capex is sized, with a source", () => {
    expect(CAPEX_BASIS).toHaveLength(TRANSPORT_MODES.length);
    TRANSPORT_MODES.forEach((m, i) => expect(CAPEX_BASIS[i]!.startsWith(m.replace("_", " "))).toBe(true));
    const e = evaluateEconomics(offer("fly_ash"), need("cement_raw_material"))!;
    expect(e.capexBasis).toMatch(/^truck: .*six-tenths/);
  });

  it("returns null for incompatible flows", () => {
    expect(evaluateEconomics(offer("fly_ash"), need("feed"))).toBeNull();
  });

  it("widens NPV and CO2 bands as data gets rougher", () => {
    const measured = evaluateEconomics(offer("gypsum"), need("plasterboard_raw_material", { lat: north(55.66, 30) }))!;
    const rough = evaluateEconomics(
      offer("gypsum", { precision: "rough" }),
      need("plasterboard_raw_material", { lat: north(55.66, 30), precision: "rough" }),
    )!;
    const width = (r: { low: number; high: number }) => r.high - r.low;
    expect(measured.npvEur.mid).toBeCloseTo(rough.npvEur.mid, 6);
    expect(width(rough.npvEur)).toBeGreaterThan(width(measured.npvEur));
    expect(width(rough.co2AvoidedTPerYear)).toBeGreaterThan(width(measured.co2AvoidedTPerYear));
    expect(combinedUncertainty("measured", "measured")).toBeCloseTo(0.1414, 4);
    expect(combinedUncertainty("rough", "rough")).toBeCloseTo(0.8485, 4);
  });

  it("orders every band low ≤ mid ≤ high (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (capex, gross, opex, u) => {
          const r = npvRange(capex, gross, opex, 0.06, 15, u);
          expect(r.low).toBeLessThanOrEqual(r.mid);
          expect(r.mid).toBeLessThanOrEqual(r.high);
        },
      ),
    );
  });
});
