import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getResourceType } from "../domain/taxonomy.ts";
import { mulberry32 } from "../domain/prng.ts";
import { randomCandidateSet } from "./bench/random-flows.ts";
import { matchFlow } from "./match-flow.ts";
import { describeRelaxation, relaxationSteps } from "./relaxation.ts";
import { need, north, offer } from "./test-helpers.ts";

describe("fallback relaxation", () => {
  it("widens the radius when nothing is close enough, and says so", () => {
    const heat = offer("waste_heat_high", { temperatureC: 110 });
    const farAway = need("process_heat", { temperatureC: 70, lat: north(55.66, 14) });
    const r = matchFlow(heat, [farAway]);
    expect(r.matches.map((m) => m.demandFlowId)).toEqual([farAway.id]);
    expect(r.relaxed).toEqual([
      { parameter: "radius", from: 1, to: 1.5 },
      { parameter: "temperatureMarginK", from: 5, to: 3 },
      { parameter: "purityTolerancePct", from: 0, to: 2 },
    ]);
  });

  it("does not relax when strict matching finds something", () => {
    const heat = offer("waste_heat_high", { temperatureC: 110 });
    const r = matchFlow(heat, [need("process_heat", { temperatureC: 70 }), need("process_heat", { temperatureC: 70, lat: north(55.66, 14) })]);
    expect(r.relaxed).toEqual([]);
    expect(r.matches).toHaveLength(1);
  });

  it("can be switched off", () => {
    const r = matchFlow(offer("waste_heat_high", { temperatureC: 110 }), [need("process_heat", { lat: north(55.66, 14) })], {}, { relax: false });
    expect(r.matches).toEqual([]);
    expect(r.nearMisses[0]?.counterfactual).toMatch(/feasible within 14 km/);
  });

  it("lists the steps from strict to ×3", () => {
    const steps = relaxationSteps(5, 0);
    expect(steps.map((s) => s.radiusFactor)).toEqual([1, 1.5, 2, 3]);
    expect(describeRelaxation(steps[0]!, steps[0]!)).toEqual([]);
  });

  it("never returns a match beyond the final relaxed radius (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { source, candidates } = randomCandidateSet(mulberry32(seed), 40, "r", 4);
        const r = matchFlow(source, candidates, {}, { topN: 40, maxShare: 1 });
        const factor = r.relaxed.find((x) => x.parameter === "radius")?.to ?? 1;
        const radius = getResourceType(source.resourceType).radiusKm * factor;
        for (const m of r.matches) expect(m.distanceKm).toBeLessThanOrEqual(radius);
      }),
      { numRuns: 40 },
    );
  });
});
