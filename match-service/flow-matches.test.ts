import { describe, expect, it } from "vitest";
import { matchFlow, type MatchableFlow } from "../matching/index.ts";
import { need, offer } from "../matching/test-helpers.ts";
import { flowFigures, presentFlowMatches, shownSiteIds, type RankedForFlow } from "./flow-matches.ts";
import { matchId } from "./ids.ts";

const SECRET = "test-secret";

/** A steam offer, one need it serves and one that wants hotter steam (a near miss). */
function ranked(): RankedForFlow {
  const source = offer("steam", { id: "offer-1", siteId: "site-o", orgId: "org-o", temperatureC: 210, version: 3 });
  const fits = need("steam", { id: "need-1", siteId: "site-n", orgId: "org-n", temperatureC: 180, annualQuantity: 20_000, version: 5 });
  const tooHot = need("steam", { id: "need-2", siteId: "site-h", orgId: "org-h", temperatureC: 250, version: 1 });
  const candidates: MatchableFlow[] = [fits, tooHot];
  const result = matchFlow(source, candidates);
  return {
    source,
    pre: { candidates, units: new Map([["offer-1", "MWh/yr"], ["need-1", "MWh/yr"]]) },
    graph: { orgNames: new Map([["org-n", "Greenhouse ApS"]]), orgNace: new Map([["org-n", "01.13"]]) },
    result,
  };
}

describe("a flow's computed result", () => {
  const r = ranked();
  const sites = new Map([["site-n", { name: "Greenhouse", region: { code: "0326", name: "Kalundborg" } }]]);
  const out = presentFlowMatches(r, sites, SECRET, "2026-12-02T10:00:00.000Z");

  it("holds the engine's result for the source flow, not yet cached", () => {
    expect(r.result.matches.length).toBeGreaterThan(0);
    expect(out).toMatchObject({ flowId: "offer-1", orgId: "org-o", version: 3, computedAt: "2026-12-02T10:00:00.000Z", cached: false, considered: r.result.considered, passed: r.result.passed });
    expect(out.matches.map((m) => m.rank)).toEqual(r.result.matches.map((m) => m.rank));
  });

  it("keys each match id with the secret and shows the counterpart in full, with the source's own figures", () => {
    const m = out.matches.find((x) => x.demandFlowId === "need-1")!;
    expect(m.id).toBe(matchId("offer-1", "need-1", SECRET));
    expect(m.own).toEqual({ direction: "offer", resourceType: "steam", annualQuantity: 10_000, unit: "MWh/yr", temperatureC: 210, precision: "measured" });
    expect(m.counterpart).toMatchObject({ orgId: "org-n", orgName: "Greenhouse ApS", naceCode: "01.13", flowId: "need-1", siteId: "site-n", siteName: "Greenhouse", region: { code: "0326" }, unit: "MWh/yr", temperatureC: 180 });
    expect(m.coverage).toBeGreaterThan(0);
    expect(m.coverage).toBeLessThanOrEqual(1);
  });

  it("names an unknown organization by its id and leaves unknown sites and units empty", () => {
    expect(out.nearMisses).toHaveLength(1);
    for (const n of out.nearMisses) {
      expect(n.counterpart).toMatchObject({ orgId: "org-h", orgName: "org-h", naceCode: null, siteName: null, region: null, unit: "" });
      expect(n.distanceKm).toBeGreaterThan(0);
    }
  });

  it("asks for the sites it shows, and records every flow's version for the stored rows", () => {
    expect(shownSiteIds(r)).toEqual([...out.matches.map((m) => m.counterpart.siteId), ...out.nearMisses.map((n) => n.counterpart!.siteId)]);
    expect(new Map([...flowFigures(r)].map(([id, f]) => [id, f.version]))).toEqual(new Map([["need-1", 5], ["need-2", 1], ["offer-1", 3]]));
  });
});
