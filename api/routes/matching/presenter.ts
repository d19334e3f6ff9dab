/**
 * The wire shapes of matches (for OpenAPI): a party's view (match-service/party-view.ts)
 * with the counterpart anonymous, public or revealed, and a decision's outcome.
 */
import { z } from "zod";
import { explanations, wire } from "../../http/wire.ts";
import type { DecisionResult as DecisionWire } from "../../../contract/matches.ts";

const Band = z.object({ low: z.number(), high: z.number().nullable() }).describe("a figure shown as the band [low, high) it falls in");
const Region = z.object({ code: wire.code(), name: wire.name() }).nullable();
const Contact = z.object({ name: wire.name(), email: wire.name(), phone: wire.code().optional() }).nullable();

const AnonymousCounterpart = z.object({
  kind: z.literal("anonymous"),
  direction: z.enum(["offer", "need"]),
  resourceType: wire.code(),
  quantity: z.object({ band: Band, unit: wire.code() }),
  temperature: Band.nullable(),
  distance: Band,
  region: Region,
  naceSection: wire.code().nullable(),
  precision: z.enum(["rough", "estimated", "measured"]),
  hazardClass: wire.code().nullable(),
});

const NamedCounterpart = z.object({
  kind: z.enum(["public", "revealed"]),
  orgId: wire.id(),
  orgName: wire.name(),
  naceCode: wire.code().nullable(),
  flowId: wire.id(),
  siteId: wire.id(),
  siteName: wire.name().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }),
  region: Region,
  direction: z.enum(["offer", "need"]),
  resourceType: wire.code(),
  annualQuantity: z.number(),
  unit: wire.code(),
  temperatureC: z.number().nullable(),
  precision: z.enum(["rough", "estimated", "measured"]),
  hazardClass: wire.code().nullable(),
  contact: Contact.describe("after mutual interest only"),
});

const Factor = z.object({ score: z.number(), weight: z.number(), reason: wire.text() });

/** One match as a party sees it. */
export const PartyMatch = z.object({
  id: wire.id().describe("opaque"),
  rank: z.number(),
  score: z.number(),
  side: z.enum(["supply", "demand"]),
  flowId: wire.id().describe("your flow"),
  disclosure: z.object({
    state: z.enum(["anonymous", "public", "revealed", "declined"]),
    yourDecision: z.enum(["interested", "rejected"]).nullable(),
    counterpartDecision: z.literal("declined").nullable().describe("the counterpart's interest is never told before the reveal; only a decline is"),
  }),
  supplyFlowId: wire.id().nullable(),
  demandFlowId: wire.id().nullable(),
  supplyOrgId: wire.id().nullable(),
  demandOrgId: wire.id().nullable(),
  offerType: wire.code(),
  needType: wire.code(),
  distanceKm: z.number().nullable().describe("exact once named"),
  distance: Band,
  coverage: z.number().nullable(),
  coverageBand: Band,
  counterpart: z.discriminatedUnion("kind", [AnonymousCounterpart, NamedCounterpart]),
  factors: z.record(wire.code(), Factor),
  conversion: wire.code(),
  needsHeatPump: z.boolean(),
  route: z.object({ decision: z.enum(["auto", "facilitator"]), complexity: z.number(), drivers: explanations() }),
  economics: z.record(wire.code(), z.unknown()).describe("exact once named, with the price used (pricePerUnit, unit, displaces, source) and the NPV range's top driver (npvNote); before that as bands (banded: true), with no gross value and the price only when it is a public market price (marketPrice)"),
  counterfactuals: explanations(),
});

/** The most matches of one flow a request may ask for (`limit`). */
export const MAX_MATCHES_SHOWN = 50;

/** A flow's matches. */
export const FlowMatchesView = z
  .object({ flowId: wire.id(), version: z.number(), cached: z.boolean(), considered: z.number(), passed: z.number(), matches: z.array(PartyMatch.loose()).max(MAX_MATCHES_SHOWN) })
  .loose();

/** What a decision did. */
export const DecisionResult = z.object({
  matchId: wire.id(),
  orgId: wire.id(),
  decision: z.enum(["interested", "rejected"]),
  withdrawn: z.boolean(),
  revealed: z.boolean().describe("this decision made both parties interested"),
  state: z.enum(["interested", "revealed", "declined"]),
}) satisfies z.ZodType<DecisionWire>;
