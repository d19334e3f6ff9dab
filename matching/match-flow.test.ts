import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../domain/prng.ts";
import { randomCandidateSet } from "./bench/random-flows.ts";
import { explainPair, matchFlow, type MatchOptions } from "./match-flow.ts";
import { pairKey } from "./table.ts";
import type { MatchContext } from "./types.ts";
import { need, north, offer } from "./test-helpers.ts";

describe("matchFlow", () => {
  it("ranks the closer, fitter consumer first and explains every factor in one line", () => {
    const gypsum = offer("gypsum", { annualQuantity: 150_000, purityPct: 96 });
    const near = need("plasterboard_raw_material", { annualQuantity: 170_000, purityPct: 95 });
    const far = need("plasterboard_raw_material", { annualQuantity: 170_000, purityPct: 95, lat: north(55.66, 150) });
    const r = matchFlow(gypsum, [far, near]);
    expect(r.matches.map((m) => m.demandFlowId)).toEqual([near.id, far.id]);
    expect(r.considered).toBe(2);
    expect(r.passed).toBe(2);
    for (const f of Object.values(r.matches[0]!.factors)) expect(f.reason).not.toMatch(/\n/);
    expect(r.matches[0]!.route.decision).toBe("auto");
  });

  it("breaks a tie between equal offers toward the plant whose NACE class usually produces the material, without changing a score", () => {
    const h2 = need("hydrogen");
    const generic = offer("hydrogen", { id: "a-generic", orgId: "trader" });
    const byProduct = offer("hydrogen", { id: "b-chlor-alkali", orgId: "chlor-alkali" });
    const plain = matchFlow(h2, [byProduct, generic]);
    expect(plain.matches.map((m) => m.supplyFlowId)).toEqual(["a-generic", "b-chlor-alkali"]);
    const context: MatchContext = { typicalFlows: new Map([["chlor-alkali", new Set(["offer:hydrogen"])]]) };
    const typed = matchFlow(h2, [generic, byProduct], context);
    expect(typed.matches.map((m) => m.supplyFlowId)).toEqual(["b-chlor-alkali", "a-generic"]);
    expect(typed.matches.map((m) => m.score)).toEqual(plain.matches.map((m) => m.score).reverse());
    // A typical need does not lift an offer: the key names the direction.
    const wrongWay: MatchContext = { typicalFlows: new Map([["chlor-alkali", new Set(["need:hydrogen"])]]) };
    expect(matchFlow(h2, [byProduct, generic], wrongWay).matches[0]!.supplyFlowId).toBe("a-generic");
  });

  it("works from the demand side too", () => {
    const steamNeed = need("steam", { temperatureC: 180 });
    const hot = offer("steam", { temperatureC: 210 });
    const r = matchFlow(steamNeed, [hot, offer("steam", { temperatureC: 150 })]);
    expect(r.matches.map((m) => m.supplyFlowId)).toEqual([hot.id]);
    expect(r.nearMisses[0]?.counterfactual).toBe("feasible if the supply reaches 185 °C (now 150 °C)");
  });

  it("applies the organization's own weights", () => {
    const close = need("cement_raw_material", { annualQuantity: 500, lat: north(55.66, 5) });
    const big = need("cement_raw_material", { annualQuantity: 10_000, lat: north(55.66, 150), currentCostEurPerUnit: 60 });
    const weightsByOrg = new Map([
      ["distance-minded", { distance: 10 }],
      ["volume-minded", { distance: 0, quantity: 10 }],
    ]);
    const first = (orgId: string) => matchFlow(offer("fly_ash", { orgId }), [close, big], {}, { weightsByOrg }).matches[0]!;
    expect(first("distance-minded").demandFlowId).toBe(close.id);
    expect(first("distance-minded").factors.distance.weight).toBeGreaterThan(0.7);
    expect(first("volume-minded").demandFlowId).toBe(big.id);
  });

  it("keeps one prolific supplier from taking every slot", () => {
    const demand = need("fly_ash");
    const many = Array.from({ length: 6 }, (_, i) => offer("fly_ash", { orgId: "big-utility", siteId: `u${i}`, lat: north(55.669, i * 0.1) }));
    const other = offer("fly_ash", { lat: north(55.669, 50) });
    const r = matchFlow(demand, [...many, other], {}, { topN: 4, maxShare: 0.5 });
    expect(r.matches.filter((m) => m.supplyOrgId === "big-utility")).toHaveLength(2);
    expect(r.matches.map((m) => m.supplyFlowId)).toContain(other.id);
  });

  it("scores partnerships and shared facilitators above strangers", () => {
    const source = offer("treated_wastewater");
    const stranger = need("cooling_water");
    const partner = need("cooling_water");
    const r = matchFlow(source, [stranger, partner], { partnerships: new Map([[source.orgId, new Set([partner.orgId])]]) });
    expect(r.matches[0]!.demandFlowId).toBe(partner.id);
    expect(r.matches[0]!.factors.graph.reason).toBe("the two organizations already partner");
  });

  it("returns exactly the constraint-satisfying top N — search both ways (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), (seed, topN) => {
        const { source, candidates } = randomCandidateSet(mulberry32(seed), 30, "m", 1);
        const r = matchFlow(source, candidates, {}, { topN, maxShare: 1, relax: false, nearMisses: 0 });
        const verdicts = candidates.map((c) => explainPair(source, c));
        const passing = candidates.filter((_, i) => verdicts[i]!.passed);
        expect(r.passed).toBe(passing.length);
        // Soundness: every returned match satisfies every constraint, with the same score.
        for (const m of r.matches) {
          const v = verdicts[candidates.findIndex((c) => c.id === m.demandFlowId)]!;
          expect(v.passed).toBe(true);
          expect(v.score).toBeCloseTo(m.score, 12);
        }
        // Completeness: every passing candidate scoring above the N-th match is returned.
        expect(r.matches.length).toBe(Math.min(topN, passing.length));
        const floor = r.matches.at(-1)?.score ?? Number.POSITIVE_INFINITY;
        const returned = new Set(r.matches.map((m) => m.demandFlowId));
        candidates.forEach((c, i) => {
          if (verdicts[i]!.passed && verdicts[i]!.score! > floor) expect(returned.has(c.id)).toBe(true);
        });
        for (let i = 1; i < r.matches.length; i++) expect(r.matches[i - 1]!.score).toBeGreaterThanOrEqual(r.matches[i]!.score);
      }),
      { numRuns: 60 },
    );
  });

  it("leaves its input as it found it: source, candidates, context and options (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), fc.boolean(), (seed, fromDemand, relax) => {
        const set = randomCandidateSet(mulberry32(seed), 20, "frozen", 1.5);
        // From the demand side: a need as source, the offers it could take as candidates.
        const source = fromDemand ? { ...set.candidates[0]!, orgId: "needer" } : set.source;
        const candidates = fromDemand ? [set.source, ...set.candidates.slice(1).map((c) => ({ ...c, direction: "offer" as const }))] : set.candidates;
        const context: MatchContext = {
          partnerships: new Map([[source.orgId, new Set([candidates[0]!.orgId])]]),
          rejectedPairs: new Set([pairKey(source.id, candidates[1]!.id)]),
          facilitators: new Map([[source.orgId, new Set(["fac-1"])]]),
          successfulExchanges: new Map([[candidates[0]!.orgId, 2]]),
        };
        const options: MatchOptions = { topN: 5, relax, weightsByOrg: new Map([[source.orgId, { distance: 3 }]]), economics: { discountRate: 0.07 } };
        const input = { source, candidates, context, options };
        const before = structuredClone(input);
        // Frozen, so a write to a plain object or array throws; compared, so a write to a Map or Set shows.
        deepFreeze(input);

        matchFlow(input.source, input.candidates, input.context, input.options);

        expect(input).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});

/** Freeze `value` and everything reachable through its own properties (Map and Set contents too). */
function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (value instanceof Map) for (const [k, v] of value) (deepFreeze(k), deepFreeze(v));
  else if (value instanceof Set) for (const v of value) deepFreeze(v);
  else for (const v of Object.values(value)) deepFreeze(v);
}
