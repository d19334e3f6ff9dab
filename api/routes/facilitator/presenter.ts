/**
 * How the facilitator queue leaves the API: each queued match with its score, both
 * organizations (named: facilitators see identities, and the command audits the read),
 * resource types, an economics summary and its claim. The zod schemas describe the same
 * shapes for OpenAPI.
 */
import { z } from "zod";
import type { Claim } from "../../../ledgers/facilitator-claims.ts";
import { storedJson } from "../../../match-service/stored-match.ts";
import { parseRouting } from "../../../match-service/service-routing.ts";
import type { ClaimOutcome, QueueDetail, QueueEntry, QueuePage } from "../../commands/facilitator-queue.ts";
import { encodeScoreCursor, type Page } from "../../http/pagination.ts";
import { explanations, wire } from "../../http/wire.ts";

export const ClaimView = z.object({
  facilitatorId: wire.id(),
  facilitatorName: wire.name().nullable(),
  claimedBy: wire.id(),
  claimedAt: wire.time(),
});
/** Where the services projection routed a queued match (match-service/service-routing.ts). */
export const RoutingView = z.object({
  to: z.enum(["facilitator", "shared"]).describe("a facilitator's own queue, or the shared queue"),
  serviceId: wire.id().nullable(),
  serviceName: wire.name().nullable(),
  facilitatorId: wire.id().nullable(),
  region: z.object({ code: wire.code(), name: wire.name() }).nullable().describe("the region that made it fit (to a facilitator) or the supply's region (shared)"),
  resourceType: wire.code().nullable(),
  free: z.int().nullable().describe("free slots of the service before this match took one"),
  capacity: z.int().nullable(),
  skippedFull: z.int().describe("fitting facilitators skipped because they were full"),
  cause: wire.code().nullable().describe("shared: no_region, no_service_in_region, no_expertise, all_full or withdrawn"),
  reason: wire.text().describe('in English, e.g. "Aalborg region, steam expertise, 2 of 5 slots free"'),
  routedAt: wire.time(),
});
type RoutingViewOut = z.output<typeof RoutingView>;

/** The stored routing of a match as the queue shows it. */
export function presentRouting(text: string | undefined): RoutingViewOut | null {
  const r = parseRouting(text);
  if (!r) return null;
  const toFacilitator = r.to === "facilitator";
  return {
    to: r.to,
    serviceId: toFacilitator ? r.serviceId : null,
    serviceName: toFacilitator ? r.serviceName : null,
    facilitatorId: toFacilitator ? r.facilitatorId : null,
    region: r.region ?? null,
    resourceType: r.resourceType || null,
    free: toFacilitator ? r.free : null,
    capacity: toFacilitator ? r.capacity : null,
    skippedFull: r.skippedFull ?? 0,
    cause: toFacilitator ? null : r.cause,
    reason: r.reason,
    routedAt: r.routedAt,
  };
}

const PartyView = z.object({ orgId: wire.id(), orgName: wire.name().nullable(), flowId: wire.id(), resourceType: wire.code().nullable() });
export const QueueItem = z.object({
  matchId: wire.id(),
  score: z.number(),
  distanceKm: z.number(),
  supply: PartyView,
  demand: PartyView,
  economics: z.object({
    capexEur: z.number().nullable(),
    annualSavingsEur: z.number().nullable(),
    paybackYears: z.number().nullable(),
    npvEur: z.unknown(),
    co2AvoidedTPerYear: z.unknown(),
  }),
  relaxed: z.boolean().describe("found only after relaxing radius or quality"),
  updatedAt: wire.time(),
  claim: ClaimView.nullable(),
  route: z.object({
    drivers: explanations().describe("why the router sent it to a facilitator; empty for matches stored before reasons were kept"),
    routing: RoutingView.nullable().describe("whose queue it is in and why; null for matches stored before the services projection routed them"),
  }),
  supplyPlace: z.object({ lat: z.number(), lon: z.number(), region: z.object({ code: wire.code(), name: wire.name() }).nullable() }).nullable().describe("the supply's site: the queue's map and region"),
});
export const ClaimResult = z.object({ matchId: wire.id(), claim: ClaimView.nullable(), changed: z.boolean() });

type ClaimViewOut = z.output<typeof ClaimView>;
type QueueItemView = z.output<typeof QueueItem>;
type ClaimResultView = z.output<typeof ClaimResult>;

/** A finite number, else null (economics written by older engines may lack a figure). */
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A claim with the holder's display name (null when the user is gone). */
export function presentClaim(claim: Claim | null, names: ReadonlyMap<string, string>): ClaimViewOut | null {
  return claim ? { facilitatorId: claim.facilitatorId, facilitatorName: names.get(claim.facilitatorId) ?? null, claimedBy: claim.claimedBy, claimedAt: claim.claimedAt } : null;
}

/** One queued match. */
export function presentQueueItem(entry: QueueEntry, names: ReadonlyMap<string, string>): QueueItemView {
  const m = entry.match;
  const econ = storedJson(m.economics);
  return {
    matchId: m.id,
    score: m.score,
    distanceKm: m.distanceKm,
    supply: { orgId: m.supplyOrgId, orgName: entry.supplyOrgName, flowId: m.supplyFlowId, resourceType: m.offerType ?? null },
    demand: { orgId: m.demandOrgId, orgName: entry.demandOrgName, flowId: m.demandFlowId, resourceType: m.needType ?? null },
    economics: {
      capexEur: num(econ.capexEur),
      annualSavingsEur: num(econ.annualSavingsEur) ?? num(m.annualValueEur),
      paybackYears: num(econ.paybackYears),
      npvEur: econ.npvEur ?? null,
      co2AvoidedTPerYear: econ.co2AvoidedTPerYear ?? null,
    },
    relaxed: m.relaxed,
    updatedAt: m.updatedAt,
    claim: presentClaim(entry.claim, names),
    route: { drivers: [...(m.routeDrivers ?? [])], routing: presentRouting(m.routing) },
    supplyPlace: entry.supplyPlace,
  };
}

/** A page of the queue; the cursor carries the last item's score and id. */
export function presentQueuePage(page: QueuePage): Page<QueueItemView> {
  const items = page.entries.map((e) => presentQueueItem(e, page.names));
  const last = items[items.length - 1];
  return { items, nextCursor: page.more && last ? encodeScoreCursor({ score: last.score, id: last.matchId }) : null };
}

/** One queued match with its claim's history. */
export function presentQueueDetail(detail: QueueDetail): QueueItemView & { history: QueueDetail["history"] } {
  return { ...presentQueueItem(detail.entry, detail.names), history: detail.history };
}

/** What a claim, assignment or release did. */
export function presentClaimOutcome(outcome: ClaimOutcome): ClaimResultView {
  return { matchId: outcome.matchId, claim: presentClaim(outcome.claim, outcome.names), changed: outcome.changed };
}
