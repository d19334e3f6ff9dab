import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../domain/prng.ts";
import { randomCandidateSet } from "./bench/random-flows.ts";
import { Rejection } from "./constraints.ts";
import { DEFAULT_SCORING_PARAMS } from "./params.ts";
import { evaluatePair, scorePairs } from "./score.ts";
import { newScratch, Slot } from "./slots.ts";
import { compileFlows } from "./table.ts";
import { need, offer } from "./test-helpers.ts";

describe("scorePairs", () => {
  it("writes scores for passing pairs and negative codes for rejected ones", () => {
    const t = compileFlows([offer("fly_ash"), need("cement_raw_material"), need("feed"), offer("fly_ash")]);
    const out = new Float64Array(4);
    const passed = scorePairs(t, 0, DEFAULT_SCORING_PARAMS, out);
    expect(passed).toBe(1);
    expect(out[0]).toBe(-Rejection.Direction);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[2]).toBe(-Rejection.Incompatible);
    expect(out[3]).toBe(-Rejection.Direction);
  });

  it("keeps every score and factor in [0, 1] on random regions (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { source, candidates } = randomCandidateSet(mulberry32(seed), 50, "p", 1);
        const t = compileFlows([source, ...candidates]);
        const scratch = newScratch();
        for (let j = 1; j < t.n; j++) {
          const v = evaluatePair(t, 0, j, DEFAULT_SCORING_PARAMS, scratch);
          if (v < 0) {
            expect(Number.isInteger(-v)).toBe(true);
            continue;
          }
          expect(v).toBeLessThanOrEqual(1);
          for (let f = 0; f < 7; f++) {
            expect(scratch[Slot.Factor0 + f]).toBeGreaterThanOrEqual(0);
            expect(scratch[Slot.Factor0 + f]).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});
