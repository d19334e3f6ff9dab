import { describe, expect, it } from "vitest";
import { causeOfMiss, decisiveFactor, judgePlanned, rankOf, recallAt, type MissFacts, type SeenMatch } from "./metrics.ts";

const m = (orgId: string, score: number, factors: Record<string, [number, number, string]> = {}, offerType = "steam"): SeenMatch => ({
  rank: 0,
  score,
  offerType,
  counterpart: { orgId, orgName: `Org ${orgId}`, flowId: `${orgId}-flow` },
  factors: Object.fromEntries(Object.entries(factors).map(([k, [s, w, reason]]) => [k, { score: s, weight: w, reason }])),
});

const facts = (over: Partial<MissFacts> = {}): MissFacts => ({
  label: "steam",
  offer: { type: "steam", expected: "steam", flowId: "S-flow" },
  need: { type: "steam", expected: "steam", flowId: "C-flow" },
  compatible: true,
  supplierOrgId: "S",
  matches: [],
  nearMisses: [],
  distanceKm: 1.2345,
  offerRadiusKm: 3,
  ...over,
});

describe("rankOf", () => {
  it("is the 1-based position of the first match of the organization", () => {
    expect(rankOf([m("A", 0.9), m("S", 0.8), m("S", 0.7)], "S")?.rank).toBe(2);
    expect(rankOf([m("A", 0.9)], "S")).toBeNull();
  });
});

describe("recallAt", () => {
  it("counts ranks within k, missing ranks as misses", () => {
    expect(recallAt([1, 2, 4, null], 1)).toBe(0.25);
    expect(recallAt([1, 2, 4, null], 3)).toBe(0.5);
    expect(recallAt([1, 2, 4, null], 5)).toBe(0.75);
    expect(recallAt([], 1)).toBeNull();
  });
});

describe("causeOfMiss", () => {
  it("is null when the real supplier is first", () => {
    expect(causeOfMiss(facts({ matches: [m("S", 0.9)] }))).toBeNull();
  });
  it("names an unregistered listing", () => {
    expect(causeOfMiss(facts({ offer: { type: null, expected: null, why: "the taxonomy has none of x", flowId: null } }))).toMatch(/offer not registered: the taxonomy has none of x/);
  });
  it("ranks the supplier by organization: another of its offers may be found although the documented one is not registered", () => {
    const cause = causeOfMiss(facts({ offer: { type: null, expected: null, why: "no type", flowId: null }, matches: [m("A", 0.9), m("S", 0.8)] }));
    expect(cause).toMatch(/^supplier's "steam" offer not registered: no type; ranked 2 below Org A/);
  });
  it("names the coding help's pick where the mapping has no type", () => {
    const cause = causeOfMiss(facts({ compatible: false, need: { type: "scrap_metal", expected: null, description: "flux", flowId: "C-flow" } }));
    expect(cause).toMatch(/typed the need "flux" as scrap_metal \(engineer: no type in today's taxonomy\)/);
  });
  it("names a missing pair and the coding help's wrong pick", () => {
    const cause = causeOfMiss(facts({ compatible: false, offer: { type: "fresh_water", expected: "steam", description: "water vapour", flowId: "S-flow" } }));
    expect(cause).toMatch(/coding help typed the offer "water vapour" as fresh_water \(engineer: steam\)/);
    expect(cause).toMatch(/no pair fresh_water → steam/);
  });
  it("names the constraint of a near miss", () => {
    expect(causeOfMiss(facts({ nearMisses: [{ counterpart: { orgId: "S" }, constraint: "temperature", reason: "too cold" }] }))).toBe("filtered by a constraint (temperature): too cold");
  });
  it("says when the supplier is not among the candidates", () => {
    expect(causeOfMiss(facts())).toBe("supplier not among candidates (1.235 km apart; steam radius 3 km)");
  });
  it("says when a hazardous type was dropped without a near miss, with the need's counts", () => {
    expect(causeOfMiss(facts({ hazardous: true, considered: 2, passed: 0 }))).toMatch(/considered 2 candidates, 0 passed; hazardous by default/);
  });
  it("names a regulatory ban", () => {
    expect(causeOfMiss(facts({ compatible: false, forbidden: "ABP category 1" }))).toMatch(/is banned \(ABP category 1\)/);
  });
  it("calls equal scores a tie", () => {
    expect(causeOfMiss(facts({ matches: [m("A", 0.852), m("S", 0.852)] }))).toBe("ranked 2, tied with Org A (steam) at score 0.852: the order of equal scores decides");
  });
  it("names the winner and the factor that decided", () => {
    const winner = m("A", 0.9, { distance: [1, 0.3, "0.5 km"], quality: [0.5, 0.2, "ok"] }, "biogas");
    const real = m("S", 0.7, { distance: [0.2, 0.3, "1.3 km"], quality: [0.6, 0.2, "good"] });
    expect(causeOfMiss(facts({ matches: [winner, real] }))).toBe('ranked 2 below Org A (biogas, score 0.9 vs 0.7) because of distance (+0.24 weighted: "0.5 km" vs "1.3 km")');
  });
});

describe("decisiveFactor", () => {
  it("is null when the winner leads in no factor", () => {
    expect(decisiveFactor(m("A", 0.5, { distance: [0.1, 1, "far"] }), m("S", 0.4, { distance: [0.9, 1, "near"] }))).toBeNull();
  });
});

describe("judgePlanned", () => {
  it("is below every real link when not matched, or scored under each real one", () => {
    expect(judgePlanned({ rank: null, score: null }, [0.5]).belowEveryReal).toBe(true);
    expect(judgePlanned({ rank: 3, score: 0.4 }, [0.5, 0.6]).belowEveryReal).toBe(true);
    expect(judgePlanned({ rank: 1, score: 0.7 }, [0.5]).belowEveryReal).toBe(false);
    expect(judgePlanned({ rank: 2, score: 0.4 }, [null]).belowEveryReal).toBe(false);
    expect(judgePlanned({ rank: 2, score: 0.4 }, []).belowEveryReal).toBe(true);
  });
});
