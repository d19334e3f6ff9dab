import { describe, expect, it } from "vitest";
import type { FlowSite } from "../graph/queries/flow-sites.ts";
import { buildCluster, isHeatMatch, MAX_CLUSTER_CONSUMERS, valuePerMWhOf } from "./clusters.ts";
import type { StoredMatch } from "./stored-match.ts";

const SECRET = "test-secret";
const km = (north: number, east: number) => ({ lat: 55.68 + north / 111.32, lon: 11.1 + east / (111.32 * Math.cos((55.68 * Math.PI) / 180)) });

function aMatch(demandOrgId: string, overrides: Partial<StoredMatch> = {}, economics = { annualGrossEur: 8_000 * 30, deliveredQuantity: 8_000 }): StoredMatch {
  return {
    id: `m_${demandOrgId}`,
    supplyFlowId: "supply",
    demandFlowId: `need-${demandOrgId}`,
    supplyOrgId: "dairy",
    demandOrgId,
    supplyVersion: 1,
    demandVersion: 1,
    offerType: "waste_heat_low",
    needType: "waste_heat_low",
    score: 0.8,
    route: "auto",
    distanceKm: 1,
    annualValueEur: 1,
    supplyQuantity: 20_000,
    demandQuantity: 8_000,
    factors: "{}",
    economics: JSON.stringify(economics),
    relaxed: false,
    updatedAt: "",
    ...overrides,
  };
}

function sitesOf(matches: readonly StoredMatch[], at: Record<string, { lat: number; lon: number } | null>): Map<string, FlowSite> {
  const out = new Map<string, FlowSite>();
  const put = (flowId: string, orgId: string) => {
    const p = at[orgId] ?? null;
    out.set(flowId, { flowId, orgId, resourceType: "waste_heat_low", siteId: p ? `site-${orgId}` : null, lat: p?.lat ?? null, lon: p?.lon ?? null });
  };
  put("supply", "dairy");
  for (const m of matches) put(m.demandFlowId, m.demandOrgId);
  return out;
}

describe("buildCluster", () => {
  const two = [aMatch("a"), aMatch("b")];
  const sites = sitesOf(two, { dairy: km(0, 0), a: km(1.2, -0.25), b: km(1.2, 0.25) });

  it("solves the supply with its consumers: the shares sum to the cluster's value, supplier first", () => {
    const c = buildCluster(two, sites, SECRET)!;
    expect(c.members.map((m) => [m.role, m.orgId])).toEqual([["supplier", "dairy"], ["consumer", "a"], ["consumer", "b"]]);
    expect(c.members.reduce((s, m) => s + m.shareEur, 0)).toBeCloseTo(c.annualValueEur, 6);
    expect(c.annualValueEur).toBeGreaterThan(c.pairsAloneEur);
    expect(c.members[0]!.deliveredMWh).toBe(c.members[1]!.deliveredMWh + c.members[2]!.deliveredMWh);
  });

  it("has an opaque id that depends on the supply only", () => {
    const c = buildCluster(two, sites, SECRET)!;
    expect(c.id).toMatch(/^cl_[0-9a-f]{24}$/);
    expect(c.id).not.toContain("supply");
    expect(buildCluster([...two].reverse(), sites, SECRET)!.id).toBe(c.id);
    expect(buildCluster(two, sites, "another-secret")!.id).not.toBe(c.id);
  });

  it("counts one consumer per organization (its best match) and needs two of them", () => {
    const twice = [aMatch("a"), aMatch("a", { id: "m_a2", demandFlowId: "need-a2", score: 0.9, demandQuantity: 5_000 })];
    expect(buildCluster(twice, sitesOf(twice, { dairy: km(0, 0), a: km(1, 0) }), SECRET)).toBeUndefined();
    const three = [...twice, aMatch("b")];
    const c = buildCluster(three, sitesOf(three, { dairy: km(0, 0), a: km(1, 0), b: km(1, 0.5) }), SECRET)!;
    expect(c.members.filter((m) => m.orgId === "a").map((m) => m.flowId)).toEqual(["need-a2"]);
  });

  it("leaves out consumers without a located site or a value, and the supplier without a site is no cluster", () => {
    const three = [...two, aMatch("c", {}, { annualGrossEur: 0, deliveredQuantity: 0 })];
    expect(buildCluster(three, sitesOf(three, { dairy: km(0, 0), a: km(1, 0), b: km(1, 0.5), c: km(1, 1) }), SECRET)!.members).toHaveLength(3);
    expect(buildCluster(two, sitesOf(two, { dairy: km(0, 0), a: km(1, 0), b: null }), SECRET)).toBeUndefined();
    expect(buildCluster(two, sitesOf(two, { dairy: null, a: km(1, 0), b: km(1, 0.5) }), SECRET)).toBeUndefined();
  });

  it(`keeps at most ${MAX_CLUSTER_CONSUMERS} consumers, the best-scoring first`, () => {
    const many = Array.from({ length: 14 }, (_, i) => aMatch(`o${i}`, { score: i / 20, demandQuantity: 100 }));
    const at = Object.fromEntries([["dairy", km(0, 0)], ...many.map((m, i) => [m.demandOrgId, km(0.3, i * 0.05)])]);
    const c = buildCluster(many, sitesOf(many, at), SECRET)!;
    expect(c.members.filter((m) => m.role === "consumer").map((m) => m.orgId)).toEqual(many.slice(3).reverse().map((m) => m.demandOrgId));
  });
});

describe("pair figures", () => {
  it("a pair's value per MWh is its gross value over what it delivers", () => {
    expect(valuePerMWhOf(aMatch("a", {}, { annualGrossEur: 90_000, deliveredQuantity: 3_000 }))).toBe(30);
    expect(valuePerMWhOf(aMatch("a", {}, { annualGrossEur: 90_000, deliveredQuantity: 0 }))).toBeNull();
    expect(valuePerMWhOf(aMatch("a", { economics: "not json" }))).toBeNull();
  });

  it("only heat pairs make heat clusters", () => {
    expect(isHeatMatch(aMatch("a"))).toBe(true);
    expect(isHeatMatch(aMatch("a", { offerType: "steam", needType: "steam" }))).toBe(true);
    expect(isHeatMatch(aMatch("a", { offerType: "fly_ash", needType: "fly_ash" }))).toBe(false);
  });
});
