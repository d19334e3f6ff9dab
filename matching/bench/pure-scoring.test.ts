import { describe, expect, it } from "vitest";
import { measurePairsPerSecond } from "./pure-scoring.ts";
import { mulberry32 } from "../../domain/prng.ts";

describe("pure-scoring benchmark helper", () => {
  it("is reproducible from its seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it("measures a positive rate with a realistic share of fully scored pairs", () => {
    const r = measurePairsPerSecond({ sources: 2, candidatesPerSource: 5_000, repetitions: 3 });
    expect(r.pairsPerRepetition).toBe(10_000);
    expect(r.pairsPerSecond).toBeGreaterThan(0);
    expect(r.passedShare).toBeGreaterThan(0.05);
  });
});
