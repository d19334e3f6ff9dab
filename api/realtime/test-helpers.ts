/** Builders for the realtime unit tests. */
import type { MatchEvent } from "../../contract/realtime.ts";

/** A heat match between two named sites near Copenhagen, unless overridden. */
export const aMatchEvent = (overrides: Partial<MatchEvent> = {}): MatchEvent => ({
  matchId: "m1",
  score: 0.8,
  route: "auto",
  supplyFlowId: "flow-supply",
  demandFlowId: "flow-demand",
  supplyOrgId: "org-supply",
  demandOrgId: "org-demand",
  supply: { siteId: "site-supply", lat: 55.61234, lon: 12.51234, resourceType: "waste_heat_low" },
  demand: { siteId: "site-demand", lat: 55.71234, lon: 12.61234, resourceType: "space_heating" },
  revision: 7,
  at: "2026-12-02T00:00:00.000Z",
  ...overrides,
});
