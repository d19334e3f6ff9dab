import { describe, expect, it } from "vitest";
import { carbonOfMatches, type CarbonMatchInput, type MatchEnd } from "./compute.ts";
import { rollupRowsFor } from "./rollup-rows.ts";

const end = (flowId: string, orgId: string, resourceType: string, annualQuantity: number): MatchEnd => ({
  flowId, orgId, siteId: `${flowId}-site`, regionCode: "DK", resourceType, precision: "estimated", annualQuantity, country: "DK", lat: 56, lon: 10.2,
});
const aMatch = (id: string, offer: MatchEnd, need: MatchEnd, delivered: number, unit: string): CarbonMatchInput => ({
  id, supply: offer, demand: need, distanceKm: 2, transportMode: "truck", suppliedQuantity: delivered, deliveredQuantity: delivered, unit, annualValueEur: 10_000, uncertainty: 0.2,
});
const DAY = "2026-12-08";

describe("a day's carbon rollup rows", () => {
  it("hold the receiver's credited delivery of every kind of resource in its own unit, and the partnerships on both parties' rows", async () => {
    const heat = aMatch("heat", end("boiler", "dairy", "waste_heat_low", 1_000), end("greenhouse", "grower", "process_heat", 800), 800, "MWh");
    const gypsum = aMatch("gypsum", end("plant", "power", "gypsum", 5_000), end("board", "boards", "gypsum", 2_000), 2_000, "t");
    const carbon = await carbonOfMatches([heat, gypsum], new Map([["gypsum", { stage: "in_progress" as const }]]), () => new Map());
    const rows = rollupRowsFor(DAY, carbon);
    const yearly = (org: string, metric: string) => rows.filter((r) => r.organizationId === org && r.metric === metric).reduce((s, r) => s + r.value * 365, 0);
    // Energy was already in energy_mwh; tonnes were in no figure before.
    expect(yearly("grower", "delivered_quantity")).toBeCloseTo(800, 6);
    expect(yearly("boards", "delivered_quantity")).toBeCloseTo(2_000, 6);
    expect(rows.find((r) => r.organizationId === "boards" && r.metric === "delivered_quantity")).toMatchObject({ unit: "t", resourceType: "gypsum", partyRole: "receiver", stage: "in_progress" });
    expect(rows.find((r) => r.organizationId === "grower" && r.metric === "delivered_quantity")?.unit).toBe("MWh");
    // The supplier's row carries no delivery: it would sit under the offer's type, and a region counts receivers only.
    expect(rows.filter((r) => r.partyRole === "supplier" && r.metric === "delivered_quantity")).toEqual([]);
    // Partnerships are a count per day: the deal in progress is one on each side, the potential heat match none.
    expect(rows.filter((r) => r.metric === "partnerships").map((r) => [r.organizationId, r.partyRole, r.value]).sort()).toEqual([["boards", "receiver", 1], ["power", "supplier", 1]]);
  });
});
