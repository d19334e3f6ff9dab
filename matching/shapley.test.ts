import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shapleyValues } from "./shapley.ts";

describe("exact Shapley values", () => {
  it("splits a glove game: one left glove, two right gloves", () => {
    // v = 1 when the coalition holds a left (player 0) and a right glove (1 or 2).
    const phi = shapleyValues(3, (c) => (c & 1 && c & 6 ? 1 : 0));
    expect(phi[0]).toBeCloseTo(2 / 3, 12);
    expect(phi[1]).toBeCloseTo(1 / 6, 12);
    expect(phi[2]).toBeCloseTo(1 / 6, 12);
  });
  it("is efficient, symmetric and gives dummies nothing (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, w) => {
        // Additive-plus-pairwise game in which player 0 and player 1 are interchangeable
        // and the last player (when n ≥ 3) is a dummy.
        const dummy = n >= 3 ? n - 1 : -1;
        const v = (c: number) => {
          let s = 0;
          for (let i = 0; i < n; i++) {
            if (i === dummy || !(c & (1 << i))) continue;
            s += i <= 1 ? w[0]! : w[i]!;
            for (let j = i + 1; j < n; j++) if (j !== dummy && c & (1 << j)) s += i <= 1 && j <= 1 ? w[10]! : w[(i <= 1 ? 1 : i) * 8 + j]!;
          }
          return s;
        };
        const phi = shapleyValues(n, v);
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(v((1 << n) - 1), 6);
        if (n >= 2) expect(phi[0]).toBeCloseTo(phi[1]!, 6);
        if (dummy >= 0) expect(phi[dummy]).toBeCloseTo(0, 9);
      }),
    );
  });
});
