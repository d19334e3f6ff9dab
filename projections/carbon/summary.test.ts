import { describe, expect, it } from "vitest";
import type { FlowCarbon } from "../../contract/carbon.ts";
import type { MatchCarbon } from "./compute.ts";
import { supplyAllocations } from "./summary.ts";

const offer: FlowCarbon = { flowId: "heat", siteId: "plant", direction: "offer", resourceType: "waste_heat_low", annualQuantity: 13_100, unit: "MWh", energyMWh: 13_100, waterM3: 0, co2TPerYear: 0, factor: null };
const match = (id: string, stage: MatchCarbon["stage"], shareOfSupply: number): MatchCarbon =>
  ({
    matchId: id,
    stage,
    supply: { flowId: "heat", orgId: "foundry", siteId: "plant", regionCode: "DK", resourceType: "waste_heat_low", precision: "measured", annualQuantity: 13_100 },
    demand: { flowId: `need-${id}`, orgId: `user-${id}`, siteId: `site-${id}`, regionCode: "DK", resourceType: "process_heat", precision: "measured", annualQuantity: 10_000 },
    allocation: { shareOfWish: 1, shareOfSupply, competitors: 1, deliveredQuantity: 0, method: "" },
  }) as unknown as MatchCarbon;

describe("how an organization's offer is shared", () => {
  it("states each stage's credit, cut down so the stages never add up past the offer", () => {
    const [a] = supplyAllocations("foundry", [match("live", "realised", 9_526.316 / 13_100), match("maybe", "potential", 3_573.684 / 13_100), { ...match("other", "potential", 0.5), supply: { ...match("x", "potential", 0).supply, orgId: "someone else" } }], [offer]);
    expect(a).toMatchObject({ flowId: "heat", annualQuantity: 13_100, unit: "MWh", matches: 2, credited: { realised: 9_526.316, in_progress: 0, potential: 3_500 }, shareCredited: 1 });
    expect(a!.credited.realised + a!.credited.potential).toBeLessThanOrEqual(13_100);
  });
});
