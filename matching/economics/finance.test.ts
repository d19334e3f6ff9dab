import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annuityFactor, irr, npv, paybackYears } from "./finance.ts";

describe("discounted cash flows", () => {
  it("values 100 k€/yr for 10 years at 6 % against a 500 k€ capex", () => {
    expect(annuityFactor(0.06, 10)).toBeCloseTo(7.3601, 4);
    expect(npv(500_000, 100_000, 0.06, 10)).toBeCloseTo(236_008.7, 0);
    expect(paybackYears(500_000, 100_000)).toBe(5);
  });
  it("finds the IRR where NPV is zero, and none when there is no sign change", () => {
    const r = irr(500_000, 100_000, 10)!;
    expect(r).toBeCloseTo(0.1510, 3);
    expect(Math.abs(npv(500_000, 100_000, r, 10))).toBeLessThan(1e-2);
    expect(irr(500_000, -1, 10)).toBeNull();
    expect(irr(0, 100, 10)).toBeNull();
    expect(paybackYears(500_000, -1)).toBeNull();
  });
  it("NPV falls as the discount rate rises (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        (capex, annual, r1, r2, years) => {
          const [lo, hi] = r1 < r2 ? [r1, r2] : [r2, r1];
          const a = npv(capex, annual, lo, years);
          expect(npv(capex, annual, hi, years)).toBeLessThanOrEqual(a + 1e-12 * (1 + Math.abs(a)));
        },
      ),
    );
  });
  it("payback is capex ÷ net yearly saving, and the IRR is defined whenever it is finite (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        (capex, annual, years) => {
          const pb = paybackYears(capex, annual);
          expect(pb).toBeCloseTo(capex / annual, 9);
          const r = irr(capex, annual, years);
          expect(r).not.toBeNull();
          // At the IRR the NPV vanishes (relative to the cash flows' size).
          expect(Math.abs(npv(capex, annual, r!, years))).toBeLessThan(1e-6 * (capex + annual * years));
          // A payback within the horizon is a non-negative return, beyond it a negative one.
          if (pb! < years * 0.999) expect(r!).toBeGreaterThanOrEqual(-1e-9);
          if (pb! > years * 1.001) expect(r!).toBeLessThan(1e-9);
        },
      ),
    );
  });
  it("finds the IRR of a quick payback (25 k€ repaid in weeks) instead of giving up", () => {
    const r = irr(25_000, 1_900_000, 15)!;
    expect(r).toBeGreaterThan(70);
    expect(Math.abs(npv(25_000, 1_900_000, r, 15))).toBeLessThan(1e-3);
  });
});
