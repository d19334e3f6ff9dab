import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { need, offer } from "../test-helpers.ts";
import { evaluateEconomics } from "./index.ts";
import { npvSpread, type NpvInputs } from "./npv-range.ts";

const interval = (lo: number, hi: number, why: string) => ({ low: lo, high: hi, why });

const inputs = fc.record({
  capexEur: fc.double({ min: 0, max: 1e7, noNaN: true }),
  annualValueEur: fc.double({ min: 0, max: 1e7, noNaN: true }),
  annualDisposalEur: fc.double({ min: 0, max: 1e6, noNaN: true }),
  annualVariableOpexEur: fc.double({ min: 0, max: 1e7, noNaN: true }),
  annualFixedOpexEur: fc.double({ min: 0, max: 1e5, noNaN: true }),
  annuity: fc.double({ min: 0, max: 20, noNaN: true }),
  q: fc.tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true })),
  pr: fc.double({ min: 0, max: 0.9, noNaN: true }),
});

type Raw = typeof inputs extends fc.Arbitrary<infer T> ? T : never;

function toInputs(x: Raw): NpvInputs {
  return {
    ...x,
    quantity: interval(x.q[0], x.q[1], "the demand is rough"),
    price: interval(1 - x.pr, 1 + x.pr, "the price varies"),
    capex: interval(0.7, 1.5, "the capex is a screening estimate"),
    opex: interval(0.7, 1.5, "the running costs are a screening estimate"),
  };
}

describe("NPV range from each input's stated uncertainty", () => {
  it("never inverts a range and contains every NPV reachable inside the input box (property)", () => {
    fc.assert(
      fc.property(inputs, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 8 }), (raw, samples) => {
        const x = toInputs(raw);
        const { range, drivers } = npvSpread(x);
        expect(range.low).toBeLessThanOrEqual(range.mid);
        expect(range.mid).toBeLessThanOrEqual(range.high);
        for (const d of drivers) {
          expect(d.lowEur).toBeLessThanOrEqual(d.highEur);
          // One input alone never swings wider than all of them together.
          expect(d.lowEur).toBeGreaterThanOrEqual(range.low - 1e-6 * (1 + Math.abs(range.low)));
          expect(d.highEur).toBeLessThanOrEqual(range.high + 1e-6 * (1 + Math.abs(range.high)));
        }
        for (const [a, b, c, e] of samples) {
          const at = (iv: { low: number; high: number }, f: number) => iv.low + f * (iv.high - iv.low);
          const q = at(x.quantity, a);
          const pr = at(x.price, b);
          const cx = at(x.capex, c);
          const ox = at(x.opex, e);
          const v = -cx * x.capexEur + x.annuity * (q * (x.annualValueEur * pr + x.annualDisposalEur) - ox * q * x.annualVariableOpexEur - cx * x.annualFixedOpexEur);
          const tol = 1e-6 * (1 + Math.abs(v));
          expect(v).toBeGreaterThanOrEqual(range.low - tol);
          expect(v).toBeLessThanOrEqual(range.high + tol);
        }
      }),
    );
  });

  it("names the rough demand as the top driver of a rough-demand match", () => {
    const e = evaluateEconomics(
      offer("waste_heat_high", { temperatureC: 90, annualQuantity: 40_000 }),
      need("process_heat", { temperatureC: 70, annualQuantity: 10_000, precision: "rough" }),
    )!;
    expect(e.npvDrivers[0]!.input).toBe("quantity");
    expect(e.npvNote).toMatch(/mostly because the demand is rough$/);
    expect(e.npvNote).toMatch(/^(±\d+ %|−\d+ % \/ \+\d+ %|may be negative)/);
  });

  it("names the supply when a short supply limits the delivery", () => {
    const e = evaluateEconomics(
      offer("waste_heat_high", { temperatureC: 90, annualQuantity: 5_000, precision: "rough" }),
      need("process_heat", { temperatureC: 70, annualQuantity: 40_000 }),
    )!;
    expect(e.npvDrivers[0]!.why).toBe("the supply is rough");
  });

  it("widens with rough data but keeps the mid value (the economics of one pair)", () => {
    const measured = evaluateEconomics(offer("gypsum"), need("plasterboard_raw_material"))!;
    const rough = evaluateEconomics(offer("gypsum", { precision: "rough" }), need("plasterboard_raw_material", { precision: "rough" }))!;
    expect(rough.npvEur.mid).toBeCloseTo(measured.npvEur.mid, 6);
    expect(rough.npvEur.high - rough.npvEur.low).toBeGreaterThan(measured.npvEur.high - measured.npvEur.low);
  });
});
