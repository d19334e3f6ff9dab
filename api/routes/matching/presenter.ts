/**
 * The wire shapes of matches (for OpenAPI): a party's view (match-service/party-view.ts)
 * with the counterpart anonymous, public or revealed, and a decision's outcome.
 */
import { z } from "zod";
import { explanations, MAX_EXPLANATIONS, wire } from "../../http/wire.ts";
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

/** One coded part of a reason (contract/reasons.ts): what the English sentence says, for a client that says it in its own language. */
const CodedReason = z
  .object({
    code: wire.code().describe('stable id of the sentence part, e.g. "distance.withinRadius"; a client without words for a code shows the English text'),
    params: z
      .record(wire.code(), z.union([z.number(), wire.text(), Band, z.array(z.number()).max(12)]))
      .describe(
        "the figures the part names; how each is written follows its name's ending: …Km km, …Eur €, …Pct a percentage 0–100, …C °C, …Qty a quantity in `unit`, …Years a payback, …Type a resource type id, …Precision a data precision, …Months month indices 0–11, …Band a band (…EurBand, …KmBand, …QtyBand, …CBand, …ShareBand of shares 0–1). While the counterpart is anonymous every figure of its side is a band",
      ),
    sep: z.enum(["; ", ", ", "", " and "]).optional().describe('joins this part to the one before it; "; " when absent'),
  })
  .describe("one part of a reason as a code and params");
/** A reason's coded parts, in the order the English sentence joins them. */
const ReasonCodes = z.array(CodedReason).max(MAX_EXPLANATIONS).describe("the reason as coded parts; rendering each part's template and joining them gives the English text");

const Factor = z.object({
  score: z.number(),
  weight: z.number(),
  reason: wire.text().describe("one line in English"),
  reasonCodes: ReasonCodes.optional().describe("the same reason as codes and params (absent in matches stored before them)"),
});

/** A near miss as a party sees it: named only when the counterpart is public. */
const NearMiss = z.object({
  counterpart: z.record(wire.code(), z.unknown()).nullable().describe("an anonymous listing (bands) unless the counterpart is public"),
  constraint: wire.code().describe("the rule it fails: distance, temperature, purity, quantity, hazard"),
  reason: wire.text(),
  counterfactual: wire.text().describe("what would make it feasible"),
  reasonCodes: ReasonCodes.optional().describe("`reason` as codes and params; empty when that reason has no code"),
  counterfactualCodes: ReasonCodes.optional(),
});

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
  counterfactualCodes: z.array(ReasonCodes).max(MAX_EXPLANATIONS).optional().describe("each counterfactual as codes and params, in the same order"),
});

/** The most matches of one flow a request may ask for (`limit`). */
export const MAX_MATCHES_SHOWN = 50;

/** A flow's matches. */
export const FlowMatchesView = z
  .object({
    flowId: wire.id(),
    version: z.number(),
    cached: z.boolean(),
    considered: z.number(),
    passed: z.number(),
    matches: z.array(PartyMatch.loose()).max(MAX_MATCHES_SHOWN),
    nearMisses: z.array(NearMiss.loose()).max(MAX_EXPLANATIONS).optional().describe("candidates that just failed one rule, with what would rescue them"),
  })
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
