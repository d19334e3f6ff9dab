import { describe, expect, it } from "vitest";
import { mulberry32, Rng, WeightedPicker } from "./prng.ts";

describe("the seeded PRNG", () => {
  it("repeats itself for the same seed and differs for another", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it("stays in [0, 1) and looks uniform", () => {
    const rng = new Rng(7);
    const xs = Array.from({ length: 20_000 }, () => rng.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("log-normal draws centre on their median", () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 5_001 }, () => rng.logNormal(10, 0.5)).sort((p, q) => p - q);
    expect(xs[2_500]).toBeGreaterThan(9);
    expect(xs[2_500]).toBeLessThan(11);
  });

  it("weighted picks follow their weights", () => {
    const picker = new WeightedPicker(["common", "rare"], (x) => (x === "common" ? 9 : 1));
    const rng = new Rng(3);
    let rare = 0;
    for (let i = 0; i < 10_000; i++) if (picker.pick(rng) === "rare") rare++;
    expect(rare / 10_000).toBeCloseTo(0.1, 1);
  });
});
