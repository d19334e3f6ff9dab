/**
 * The wire shapes of matches (for OpenAPI): a party's view (match-service/party-view.ts)
 * with the counterpart anonymous, public or revealed, and a decision's outcome.
 */
import { z } from "zod";

const Band = z.object({ low: z.number(), high: z.number().nullable() }).describe("a figure shown as the band [low, high) it falls in");
const Region = z.object({ code: z.string(), name: z.string() }).nullable();
const Contact = z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }).nullable();

const AnonymousCounterpart = z.object({
  kind: z.literal("anonymous"),
  direction: z.enum(["offer", "need"]),
  resourceType: z.string(),
  quantity: z.object({ band: Band, unit: z.string() }),
  temperature: Band.nullable(),
  distance: Band,
  region: Region,
  naceSection: z.string().nullable(),
  precision: z.enum(["rough", "estimated", "measured"]),
  hazardClass: z.string().nullable(),
});

const NamedCounterpart = z.object({
  kind: z.enum(["public", "revealed"]),
  orgId: z.string(),
  orgName: z.string(),
  naceCode: z.string().nullable(),
  flowId: z.string(),
  siteId: z.string(),
  siteName: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }),
  region: Region,
  direction: z.enum(["offer", "need"]),
  resourceType: z.string(),
  annualQuantity: z.number(),
  unit: z.string(),
  temperatureC: z.number().nullable(),
  precision: z.enum(["rough", "estimated", "measured"]),
  hazardClass: z.string().nullable(),
  contact: Contact.describe("after mutual interest only"),
});

const Factor = z.object({ score: z.number(), weight: z.number(), reason: z.string() });

/** One match as a party sees it. */
export const PartyMatch = z.object({
  id: z.string().describe("opaque"),
  rank: z.number(),
  score: z.number(),
  side: z.enum(["supply", "demand"]),
  flowId: z.string().describe("your flow"),
  disclosure: z.object({
    state: z.enum(["anonymous", "public", "revealed", "declined"]),
    yourDecision: z.enum(["interested", "rejected"]).nullable(),
    counterpartDecision: z.literal("declined").nullable().describe("the counterpart's interest is never told before the reveal; only a decline is"),
  }),
  supplyFlowId: z.string().nullable(),
  demandFlowId: z.string().nullable(),
  supplyOrgId: z.string().nullable(),
  demandOrgId: z.string().nullable(),
  offerType: z.string(),
  needType: z.string(),
  distanceKm: z.number().nullable().describe("exact once named"),
  distance: Band,
  coverage: z.number().nullable(),
  coverageBand: Band,
  counterpart: z.discriminatedUnion("kind", [AnonymousCounterpart, NamedCounterpart]),
  factors: z.record(z.string(), Factor),
  conversion: z.string(),
  needsHeatPump: z.boolean(),
  route: z.object({ decision: z.enum(["auto", "facilitator"]), complexity: z.number(), drivers: z.array(z.string()) }),
  economics: z.record(z.string(), z.unknown()).describe("exact once named; before that as bands (banded: true), with no price or gross value"),
  counterfactuals: z.array(z.string()),
});

/** A flow's matches. */
export const FlowMatchesView = z
  .object({ flowId: z.string(), version: z.number(), cached: z.boolean(), considered: z.number(), passed: z.number(), matches: z.array(PartyMatch.loose()) })
  .loose();

/** What a decision did. */
export const DecisionResult = z.object({
  matchId: z.string(),
  orgId: z.string(),
  decision: z.enum(["interested", "rejected"]),
  withdrawn: z.boolean(),
  revealed: z.boolean().describe("this decision made both parties interested"),
  state: z.enum(["interested", "revealed", "declined"]),
});
