import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FACTOR_NAMES } from "./types.ts";
import { DEFAULT_WEIGHTS, normalizeWeights } from "./weights.ts";

describe("normalizeWeights", () => {
  it("completes partial weights from the defaults and scales them to 1", () => {
    const w = normalizeWeights({ economics: 0.5 });
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w.economics).toBeGreaterThan(DEFAULT_WEIGHTS.economics);
    expect(w.distance / w.quality).toBeCloseTo(DEFAULT_WEIGHTS.distance / DEFAULT_WEIGHTS.quality, 12);
  });

  it("names the offending key in its errors", () => {
    expect(() => normalizeWeights({ speed: 1 } as never)).toThrow(/unknown factor "speed"/);
    expect(() => normalizeWeights({ distance: -1 })).toThrow(/"distance" must not be negative/);
    expect(() => normalizeWeights({ trust: Number.NaN })).toThrow(/"trust" must be a finite number/);
    const zeros = Object.fromEntries(FACTOR_NAMES.map((n) => [n, 0]));
    expect(() => normalizeWeights(zeros)).toThrow(/at least one factor/);
  });

  it("always sums to 1 with every weight in [0, 1] (property)", () => {
    const partial = fc.record(
      Object.fromEntries(FACTOR_NAMES.map((n) => [n, fc.double({ min: 0, max: 1000, noNaN: true })])) as Record<
        string,
        fc.Arbitrary<number>
      >,
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(partial, (p) => {
        const sum = Object.values(p).reduce((a: number, b) => a + (b ?? 0), 0);
        fc.pre(sum > 1e-9 || Object.keys(p).length < FACTOR_NAMES.length);
        const w = normalizeWeights(p);
        const total = FACTOR_NAMES.reduce((a, n) => a + w[n], 0);
        expect(total).toBeCloseTo(1, 9);
        for (const n of FACTOR_NAMES) expect(w[n]).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
