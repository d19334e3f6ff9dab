import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lockoutSeconds } from "./login-throttle.ts";

describe("login lockout backoff", () => {
  it("starts at the base, doubles with each lockout, and stops at the maximum", () => {
    expect([1, 2, 3, 4].map((n) => lockoutSeconds(n, 60, 3600))).toEqual([60, 120, 240, 480]);
    expect(lockoutSeconds(7, 60, 3600)).toBe(3600);
  });

  it("never shrinks as lockouts add up and never exceeds the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 0, max: 86_400 }), (n, base, extra) => {
        const max = base + extra;
        const now = lockoutSeconds(n, base, max);
        expect(now).toBeGreaterThanOrEqual(Math.min(base, max));
        expect(now).toBeLessThanOrEqual(max);
        expect(lockoutSeconds(n + 1, base, max)).toBeGreaterThanOrEqual(now);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
