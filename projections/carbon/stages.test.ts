import { describe, expect, it } from "vitest";
import type { DealTimeline } from "../../ledgers/deal-timelines.ts";
import { pairKey, proposalStageAt, stagesAt } from "./stages.ts";

const timeline = (steps: DealTimeline["steps"], id = "p1"): DealTimeline => ({ proposalId: id, matchId: null, supplyFlowId: "s", demandFlowId: "d", createdAt: "2026-11-01T10:00:00.000Z", steps });
const deal = (to: string, at: string) => ({ kind: "deal" as const, to, at });
const status = (to: string, at: string) => ({ kind: "status" as const, to, at });

describe("the stage of a match from its proposals", () => {
  const live = timeline([status("pending", "2026-11-01T10:00:00.000Z"), status("accepted", "2026-11-02T09:00:00.000Z"), deal("negotiating", "2026-11-03T09:00:00.000Z"), deal("contracted", "2026-11-05T09:00:00.000Z"), deal("live", "2026-11-10T09:00:00.000Z")]);

  it("is in progress from the proposal until the deal goes live, then realised since that day", () => {
    expect(proposalStageAt(live, "2026-10-31T23:59:59.999Z")).toBeUndefined();
    expect(proposalStageAt(live, "2026-11-04T23:59:59.999Z")).toMatchObject({ stage: "in_progress", since: "2026-11-01T10:00:00.000Z" });
    expect(proposalStageAt(live, "2026-11-10T23:59:59.999Z")).toMatchObject({ stage: "realised", since: "2026-11-10T09:00:00.000Z" });
  });

  it("falls back to potential when the deal fails or the proposal is rejected", () => {
    const failed = timeline([deal("negotiating", "2026-11-03T09:00:00.000Z"), deal("failed", "2026-11-04T09:00:00.000Z")]);
    expect(proposalStageAt(failed, "2026-11-05T00:00:00.000Z")?.stage).toBe("potential");
    const rejected = timeline([status("rejected", "2026-11-02T00:00:00.000Z")]);
    expect(proposalStageAt(rejected, "2026-11-03T00:00:00.000Z")?.stage).toBe("potential");
  });

  it("the most advanced proposal on a match decides; a rejected one counts for nothing", () => {
    const stages = stagesAt([timeline([status("rejected", "2026-11-02T00:00:00.000Z")], "p0"), live], new Map([[pairKey("s", "d"), "m1"]]), "2026-11-11T00:00:00.000Z");
    expect(stages.get("m1")).toMatchObject({ stage: "realised", proposalId: "p1" });
    expect(stagesAt([live], new Map([[pairKey("s", "other"), "m2"]]), "2026-11-11T00:00:00.000Z").size).toBe(0);
  });
});
