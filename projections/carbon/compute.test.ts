import { describe, expect, it } from "vitest";
import { carbonOfMatches, type CarbonMatchInput, type MatchEnd, type StageOf } from "./compute.ts";

const end = (flowId: string, orgId: string, resourceType: string, annualQuantity: number, lon = 10.2): MatchEnd => ({
  flowId, orgId, siteId: `${flowId}-site`, regionCode: "DK", resourceType, precision: "estimated", annualQuantity, country: "DK", lat: 56, lon,
});

/** Two greenhouses wanting more heat than one 13,100 MWh/yr supply has: each would take 9,050 alone. */
const supply = end("heat-offer", "dairy", "waste_heat_low", 13_100);
const shared = (id: string, demandFlow: string, value: number): CarbonMatchInput => ({
  id, supply, demand: end(demandFlow, `org-${demandFlow}`, "process_heat", 9_050), distanceKm: 2, transportMode: "heat_pipe",
  suppliedQuantity: 9_050 / 0.95, deliveredQuantity: 9_050, unit: "MWh", annualValueEur: value, uncertainty: 0.2,
});
const none = () => new Map();

describe("carbon of matches, credited once", () => {
  it("a supply shared by two matches is credited once: their deliveries add up to no more than it offers", async () => {
    const matches = [shared("a", "gh-1", 200_000), shared("b", "gh-2", 150_000)];
    const alone = 2 * 9_050; // 18,100 MWh/yr "delivered" if each match counted in full
    const carbon = await carbonOfMatches(matches, new Map(), none);
    const delivered = carbon.reduce((s, c) => s + c.allocation.deliveredQuantity, 0);
    expect(alone).toBeGreaterThan(13_100);
    expect(delivered).toBeLessThanOrEqual(13_100 * 0.95 + 1e-6);
    expect(delivered).toBeGreaterThan(12_000);
    const suppliedShares = carbon.reduce((s, c) => s + c.allocation.shareOfSupply, 0);
    expect(suppliedShares).toBeLessThanOrEqual(1 + 1e-9);
    // The credit is the allocated delivery times gas-boiler heat, less pumping: never the two full claims.
    const total = carbon.reduce((s, c) => s + c.co2AvoidedT.mid, 0);
    expect(total).toBeLessThan(13_100 * 0.95 * 0.224);
    expect(carbon.every((c) => c.allocation.competitors === 1)).toBe(true);
    expect(carbon[0]!.factors.map((f) => f.id)).toEqual(["displaced:heat", "grid:DK1"]);
  });

  it("a live partnership takes its share first; the potential match gets what is left", async () => {
    const matches = [shared("a", "gh-1", 200_000), shared("b", "gh-2", 150_000)];
    const stages = new Map<string, StageOf>([["b", { stage: "realised", proposalId: "p1" }]]);
    const carbon = await carbonOfMatches(matches, stages, none);
    const b = carbon.find((c) => c.matchId === "b")!;
    const a = carbon.find((c) => c.matchId === "a")!;
    expect(b.stage).toBe("realised");
    expect(b.allocation.shareOfWish).toBe(1);
    expect(a.allocation.deliveredQuantity).toBeCloseTo(13_100 * 0.95 - 9_050, 3);
  });

  it("subtracts trucking, names its factor, and gives a range that follows the precision", async () => {
    const truck: CarbonMatchInput = {
      id: "t", supply: end("ash", "plant", "fly_ash", 1000), demand: end("cem", "cement", "cement_raw_material", 1000), distanceKm: 100, transportMode: "truck",
      suppliedQuantity: 1000, deliveredQuantity: 1000, unit: "t", annualValueEur: 10_000, uncertainty: 0.4,
    };
    const [c] = await carbonOfMatches([truck], new Map(), none);
    expect(c!.grossT).toBeCloseTo(800, 6); // 0.8 t CO2 per t of clinker replaced
    expect(c!.transportT).toBeCloseTo(1000 * 100 * 1.3 * 0.00006, 6);
    expect(c!.co2AvoidedT.mid).toBeCloseTo(800 - 7.8, 6);
    expect(c!.co2AvoidedT.low).toBeCloseTo((800 - 7.8) * 0.6, 6);
    expect(c!.co2AvoidedT.high).toBeCloseTo((800 - 7.8) * 1.4, 6);
    expect(c!.factors.map((f) => [f.id, f.source.length > 0])).toEqual([["displaced:cement_raw_material", true], ["transport:truck_diesel", true]]);
  });

  it("uses the receiving organization's override and says so", async () => {
    const override = { orgId: "org-gh-1", factorId: "displaced:heat", value: 0.3, source: "metered gas 2025", year: 2025, updatedBy: "u", updatedAt: "" };
    const [c] = await carbonOfMatches([shared("a", "gh-1", 1)], new Map(), (org) => new Map(org === "org-gh-1" ? [["displaced:heat", override]] : []));
    expect(c!.factors[0]).toMatchObject({ id: "displaced:heat", value: 0.3, source: "metered gas 2025", overriddenBy: "org-gh-1" });
    expect(c!.grossT).toBeCloseTo(9_050 * 0.3, 6);
  });
});
