import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findChains } from "./chains.ts";
import { qualityRegionSnapshot } from "./fixtures/golden.ts";
import { DECOYS, EXPECTED, flowById, QUALITY_CONTEXT, QUALITY_REGION } from "./fixtures/quality-region.ts";
import { explainPair, matchFlow } from "./match-flow.ts";

const top = (id: string) => matchFlow(flowById(id), QUALITY_REGION, QUALITY_CONTEXT, { topN: 3 });

describe("quality region: what a process engineer expects", () => {
  it.each(EXPECTED)("%s feeds %s within the supplier's top 3", (supply, demand) => {
    const r = top(supply);
    expect(r.relaxed).toEqual([]);
    expect(r.matches.slice(0, 3).map((m) => m.demandFlowId)).toContain(demand);
  });

  it.each(EXPECTED)("%s is within %s's top 3 suppliers", (supply, demand) => {
    expect(top(demand).matches.slice(0, 3).map((m) => m.supplyFlowId)).toContain(supply);
  });

  it("moves bulk by-products over 100 km by truck", () => {
    const ash = top("asnaes.fly-ash").matches.find((m) => m.demandFlowId === "cement.scm")!;
    expect(ash.distanceKm).toBeGreaterThan(100);
    expect(ash.economics.transportMode).toBe("truck");
    expect(ash.economics.npvEur.mid).toBeGreaterThan(0);
  });

  it("lifts data-centre heat into district heating with a heat pump", () => {
    const m = top("datacentre.heat").matches[0]!;
    expect(m.heatPump).toMatchObject({ fromC: 30, toC: 70 });
    expect(m.counterfactuals[0]).toMatch(/heat pump lifting 30 → 70 °C/);
  });

  it("routes most matches automatically and the complex ones to a facilitator", () => {
    const all = QUALITY_REGION.flatMap((f) => top(f.id).matches);
    const auto = all.filter((m) => m.route.decision === "auto").length / all.length;
    expect(auto).toBeGreaterThan(0.7);
    expect(auto).toBeLessThan(0.9);
    expect(top("paints.solvents").matches[0]!.route.decision).toBe("facilitator");
  });

  it("finds the spent grain → pigs / manure → biogas → digestate → crops style chains", () => {
    const edges = QUALITY_REGION.filter((f) => f.direction === "offer").flatMap((f) =>
      top(f.id).matches.map((m) => ({
        supplyOrgId: m.supplyOrgId,
        demandOrgId: m.demandOrgId,
        supplyFlowId: m.supplyFlowId,
        demandFlowId: m.demandFlowId,
        annualValueEur: Math.max(0, m.economics.annualSavingsEur),
      })),
    );
    const chains = findChains(edges, { limit: 100 });
    const names = chains.map((c) => c.orgs.join(" > "));
    expect(names).toContain("zealand-pig-farm > kalundborg-bioenergi > zealand-crop-farm");
    expect(names).toContain("novo > kalundborg-bioenergi > zealand-crop-farm");
  });
});

describe("quality region: decoys are rejected for the right reason", () => {
  it.each(DECOYS)("$supply ↛ $demand ($why)", ({ supply, demand, rejection }) => {
    expect(explainPair(flowById(supply), flowById(demand), QUALITY_CONTEXT).rejection).toBe(rejection);
    const strict = matchFlow(flowById(supply), QUALITY_REGION, QUALITY_CONTEXT, { topN: 10, relax: false });
    expect(strict.matches.map((m) => m.demandFlowId)).not.toContain(demand);
  });
});

describe("quality region golden output", () => {
  it("matches quality-region.golden.json (regenerate with fixtures/regenerate-golden.ts)", () => {
    const text = readFileSync(new URL("./fixtures/quality-region.golden.json", import.meta.url), "utf8");
    const { $generated, ...golden } = JSON.parse(text) as Record<string, unknown>;
    expect($generated).toMatch(/regenerate-golden/);
    expect(qualityRegionSnapshot()).toEqual(golden);
  });
});
