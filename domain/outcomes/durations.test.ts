import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hoursToStage, nearestRankQuantile, stageDurations } from "./durations.ts";
import { aMatch, hoursLater, SUGGESTED_AT } from "./test-facts.ts";

describe("nearestRankQuantile", () => {
  it("takes the nearest rank, so the result is an observed value", () => {
    expect(nearestRankQuantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRankQuantile([4, 1, 3, 2, 5], 0.5)).toBe(3);
    expect(nearestRankQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRankQuantile([7], 0.9)).toBe(7);
  });

  it("is null for no values and refuses a q outside (0, 1]", () => {
    expect(nearestRankQuantile([], 0.5)).toBeNull();
    expect(() => nearestRankQuantile([1], 0)).toThrow(RangeError);
    expect(() => nearestRankQuantile([1], 1.1)).toThrow(RangeError);
  });

  it("lies between the smallest and largest value and grows with q (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = nearestRankQuantile(xs, 0.5)!;
        const p = nearestRankQuantile(xs, 0.9)!;
        return m >= Math.min(...xs) && p <= Math.max(...xs) && m <= p && xs.includes(m);
      }),
    );
  });
});

describe("stageDurations", () => {
  it("measures hours from suggestion to each stage over the matches that reached it", () => {
    const facts = [
      aMatch({ reached: { negotiating: hoursLater(24), contracted: hoursLater(240) } }),
      aMatch({ reached: { negotiating: hoursLater(48) } }),
      aMatch({ reached: { negotiating: hoursLater(72) } }),
      aMatch(),
    ];
    const byStage = Object.fromEntries(stageDurations(facts).map((d) => [d.stage, d]));
    expect(byStage.negotiating).toEqual({ stage: "negotiating", count: 3, medianHours: 48, p90Hours: 72 });
    expect(byStage.contracted).toEqual({ stage: "contracted", count: 1, medianHours: 240, p90Hours: 240 });
    expect(byStage.live).toEqual({ stage: "live", count: 0, medianHours: null, p90Hours: null });
  });

  it("clamps a stage dated before its suggestion to zero", () => {
    expect(hoursToStage([aMatch({ reached: { negotiating: "2025-12-31T00:00:00.000Z" } })], "negotiating")).toEqual([0]);
    expect(hoursToStage([aMatch({ reached: { negotiating: SUGGESTED_AT } })], "negotiating")).toEqual([0]);
  });
});
