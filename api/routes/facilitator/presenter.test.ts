import { describe, expect, it } from "vitest";
import type { StoredMatch } from "../../../match-service/stored-match.ts";
import type { QueueEntry } from "../../commands/facilitator-queue.ts";
import { decodeScoreCursor } from "../../http/pagination.ts";
import { presentClaimOutcome, presentQueueDetail, presentQueueItem, presentQueuePage, QueueItem } from "./presenter.ts";

const match = (over: Partial<StoredMatch> = {}): StoredMatch => ({
  id: "m_1",
  supplyFlowId: "f-s",
  demandFlowId: "f-d",
  supplyOrgId: "org-s",
  demandOrgId: "org-d",
  supplyVersion: 1,
  demandVersion: 2,
  supplyQuantity: 13_100,
  demandQuantity: 10_000,
  offerType: "waste_heat_low",
  needType: "space_heating",
  score: 0.62,
  route: "facilitator",
  distanceKm: 1.2,
  annualValueEur: 10_000,
  factors: "{}",
  economics: JSON.stringify({ capexEur: 50_000, annualSavingsEur: 9_000, paybackYears: 5.5, npvEur: 12_345, co2AvoidedTPerYear: 80 }),
  relaxed: false,
  updatedAt: "2026-12-02T10:00:00.000Z",
  routeDrivers: ["hazardous resource"],
  ...over,
});
const claim = { matchId: "m_1", facilitatorId: "u-fiona", claimedBy: "u-ada", claimedAt: "2026-12-02T11:00:00.000Z" };
const entry = (over: Partial<QueueEntry> = {}): QueueEntry => ({ match: match(), supplyOrgName: "Foundry A/S", demandOrgName: null, claim: null, supplyPlace: { lat: 55.68, lon: 11.09, region: { code: "DK-85", name: "Sjælland" } }, ...over });
const names = new Map([["u-fiona", "Fiona F."]]);

describe("the facilitator queue presenter", () => {
  it("shows a queued match with both parties, its economics and its claim, in the documented shape", () => {
    const item = presentQueueItem(entry({ claim }), names);
    expect(item).toEqual({
      matchId: "m_1",
      score: 0.62,
      distanceKm: 1.2,
      supply: { orgId: "org-s", orgName: "Foundry A/S", flowId: "f-s", resourceType: "waste_heat_low" },
      demand: { orgId: "org-d", orgName: null, flowId: "f-d", resourceType: "space_heating" },
      economics: { capexEur: 50_000, annualSavingsEur: 9_000, paybackYears: 5.5, npvEur: 12_345, co2AvoidedTPerYear: 80 },
      relaxed: false,
      updatedAt: "2026-12-02T10:00:00.000Z",
      claim: { facilitatorId: "u-fiona", facilitatorName: "Fiona F.", claimedBy: "u-ada", claimedAt: "2026-12-02T11:00:00.000Z" },
      route: { drivers: ["hazardous resource"], routing: null },
      supplyPlace: { lat: 55.68, lon: 11.09, region: { code: "DK-85", name: "Sjælland" } },
    });
    expect(QueueItem.safeParse(item).success).toBe(true);
  });

  it("falls back to the node's yearly value, and to null, where the economics lack a figure", () => {
    const item = presentQueueItem(entry({ match: match({ economics: "not json" }) }), new Map());
    expect(item.economics).toEqual({ capexEur: null, annualSavingsEur: 10_000, paybackYears: null, npvEur: null, co2AvoidedTPerYear: null });
    expect(presentQueueItem(entry({ claim }), new Map()).claim?.facilitatorName).toBeNull();
  });

  it("pages with a cursor at the last item's score and id, only when more follow", () => {
    const entries = [entry(), entry({ match: match({ id: "m_2", score: 0.4 }) })];
    const page = presentQueuePage({ entries, names, more: true });
    expect(page.items.map((i) => i.matchId)).toEqual(["m_1", "m_2"]);
    expect(decodeScoreCursor(page.nextCursor!)).toEqual({ score: 0.4, id: "m_2" });
    expect(presentQueuePage({ entries, names, more: false }).nextCursor).toBeNull();
  });

  it("adds the claim history to one match, and presents a claim change", () => {
    const history = [{ at: "2026-12-02T11:00:00.000Z", actor: "u-ada", action: "assigned", from: null, to: "u-fiona" }];
    expect(presentQueueDetail({ entry: entry(), names, history })).toMatchObject({ matchId: "m_1", claim: null, history });
    expect(presentClaimOutcome({ matchId: "m_1", claim, changed: true, names })).toEqual({ matchId: "m_1", claim: presentQueueItem(entry({ claim }), names).claim, changed: true });
    expect(presentClaimOutcome({ matchId: "m_1", claim: null, changed: false, names })).toEqual({ matchId: "m_1", claim: null, changed: false });
  });
});

describe("the routing on a queued match", () => {
  it("shows whose queue it is in with the stored reason, and the shared queue's cause", () => {
    const routed = JSON.stringify({ to: "facilitator", serviceId: "svc_1", serviceName: "North Facilitation", facilitatorId: "u-fiona", region: { code: "DK-0851", name: "Aalborg" }, resourceType: "steam", free: 2, capacity: 5, skippedFull: 0, reason: "Aalborg region, steam expertise, 2 of 5 slots free", routedAt: "2026-12-03T12:00:00.000Z" });
    const item = presentQueueItem(entry({ match: match({ routing: routed, routedFacilitatorId: "u-fiona" }) }), names);
    expect(item.route.routing).toMatchObject({ to: "facilitator", serviceName: "North Facilitation", facilitatorId: "u-fiona", free: 2, capacity: 5, cause: null, reason: "Aalborg region, steam expertise, 2 of 5 slots free" });
    expect(QueueItem.safeParse(item).success).toBe(true);
    const shared = JSON.stringify({ to: "shared", cause: "no_service_in_region", region: { code: "DK-0851", name: "Aalborg" }, resourceType: "steam", skippedFull: 0, reason: "shared queue: no facilitator serves Aalborg", routedAt: "2026-12-03T12:00:00.000Z" });
    expect(presentQueueItem(entry({ match: match({ routing: shared }) }), names).route.routing).toMatchObject({ to: "shared", facilitatorId: null, free: null, cause: "no_service_in_region", reason: "shared queue: no facilitator serves Aalborg" });
    expect(presentQueueItem(entry({ match: match({ routing: "not json" }) }), names).route.routing).toBeNull();
  });
});
