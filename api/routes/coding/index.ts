/**
 * Coding help over HTTP: suggest a resource type and EWC code for a free-text description,
 * and let people confirm or correct it. A correction is remembered for the same words
 * (ledgers/coding-corrections.ts), so the next suggestion for them is the corrected type.
 */
import { Router } from "express";
import { z } from "zod";
import { explanations, MAX_LISTED, wire } from "../../http/wire.ts";
import { isTurashError, relocated } from "../../../domain/errors.ts";
import { ExternalId, freeText } from "../../../domain/schemas/common.ts";
import { EwcCodeSchema, ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { findResourceType } from "../../../domain/taxonomy.ts";
import { correctionKey, suggestCoding, type Suggestion } from "../../../domain/coding/suggest.ts";
import { CODING_LANGUAGES } from "../../../domain/coding/text.ts";
import { suggestNace, type NaceSuggestion } from "../../../domain/coding/suggest-nace.ts";
import { correctionsFor, listCorrections, recordCorrection, type StoredCorrection } from "../../../ledgers/coding-corrections.ts";
import type { Role } from "../../../ledgers/accounts.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { orgIdsOf, type Principal } from "../../auth/principal.ts";
import { getFlow } from "../../commands/sites-and-flows.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeIdCursor, PageQuery, pageOf, toPage } from "../../http/pagination.ts";

const CORRECTORS: readonly Role[] = ["admin", "facilitator", "org_admin", "org_member"];
const REVIEWERS: readonly Role[] = ["admin", "facilitator"];
const ALTERNATIVES = 2;

// Words, so that correctionKey has something to remember them by.
const Description = freeText(500).refine((d) => correctionKey(d) !== "", { error: "must contain at least one word" });

const CandidateView = z.object({
  resourceType: wire.code(),
  label: wire.name(),
  score: z.number(),
  matched: explanations().describe("the index terms found in the description"),
});

const SuggestionView = z.object({
  description: wire.text(),
  resourceType: wire.code().nullable(),
  label: wire.name().nullable(),
  ewcCode: wire.code().nullable(),
  confidence: z.number().describe("0–1; 1 for a description a person coded before"),
  method: z.enum(["correction", "keywords", "none"]),
  reason: wire.text(),
  decidedBy: explanations().describe("the words that decided the suggestion"),
  language: z.enum(CODING_LANGUAGES).describe("the language the description was read in (en, da or de)"),
  ignoredAsContext: explanations().describe("parts of the description read as context, not as the material: destinations, company names, CO2 claims, what the flow replaces"),
  alternatives: z.array(CandidateView).max(ALTERNATIVES).describe("the next best types, best first"),
});

const CorrectionView = z.object({
  id: wire.id(),
  description: wire.text(),
  resourceType: wire.code(),
  ewcCode: wire.code().nullable(),
  suggestedType: wire.code().nullable().describe("what the keyword index alone suggested"),
  suggestedConfidence: z.number().nullable(),
  agreedWithSuggestion: z.boolean().describe("true when this confirms the index's suggestion"),
  correctedBy: wire.id(),
  orgId: wire.id().nullable(),
  flowId: wire.id().nullable(),
  revision: z.int().describe("how many corrections this description has had"),
  createdAt: wire.time(),
  updatedAt: wire.time(),
});

const NaceCandidateView = z.object({
  nace: wire.code(),
  label: wire.name(),
  section: wire.code(),
  score: z.number(),
  matched: explanations().describe("the words of the description that point at this class"),
});

const NaceSuggestionView = z.object({
  description: wire.text(),
  naceCode: wire.code().nullable().describe("the suggested NACE rev.2 class; null when no word of the description is known"),
  label: wire.name().nullable(),
  section: wire.code().nullable(),
  confidence: z.number().describe("0–1: how clearly the class beats the next one"),
  decidedBy: explanations().describe("the words that decided the suggestion"),
  language: z.enum(CODING_LANGUAGES).describe("the language the description was read in (en, da or de)"),
  ignoredAsContext: explanations().describe("parts read as context, not as what the company does: places, company names, CO2 claims"),
  alternatives: z.array(NaceCandidateView).max(ALTERNATIVES).describe("the next best classes, best first"),
  expectedFlows: z
    .array(z.object({ direction: z.enum(["offer", "need"]), resourceType: wire.code(), label: wire.name(), source: wire.text() }))
    .max(MAX_LISTED)
    .describe("what a plant of the suggested class usually offers and needs (GET /organizations/:id/suggested-flows gives ranges)"),
});

function presentNaceSuggestion(description: string, s: NaceSuggestion): z.infer<typeof NaceSuggestionView> {
  return {
    description,
    naceCode: s.best?.nace ?? null,
    label: s.best?.label ?? null,
    section: s.best?.section ?? null,
    confidence: s.confidence,
    decidedBy: s.best ? [...s.best.matched] : [],
    language: s.language,
    ignoredAsContext: [...s.ignored],
    alternatives: s.alternatives.map((a) => ({ nace: a.nace, label: a.label, section: a.section, score: a.score, matched: [...a.matched] })),
    expectedFlows: s.expectations.flows.slice(0, MAX_LISTED).map((f) => ({ direction: f.direction, resourceType: f.resourceType, label: labelOf(f.resourceType), source: f.source })),
  };
}

const labelOf = (id: string) => findResourceType(id)?.label ?? id;

/**
 * The suggestion as the API shows it. For a remembered correction the alternatives are
 * still the keyword index's, so a caller can see what the words alone would have said.
 */
function presentSuggestion(description: string, suggestion: Suggestion): z.infer<typeof SuggestionView> {
  const byKeywords = suggestion.method === "correction" ? suggestCoding(description) : suggestion;
  const best = suggestion.method === "keywords" ? suggestion.candidates[0] : undefined;
  return {
    description,
    resourceType: suggestion.resourceType,
    label: suggestion.resourceType === null ? null : labelOf(suggestion.resourceType),
    ewcCode: suggestion.ewcCode,
    confidence: suggestion.confidence,
    method: suggestion.method,
    reason: suggestion.reason,
    decidedBy: best ? [...best.matched] : [],
    language: suggestion.language,
    ignoredAsContext: [...byKeywords.ignored],
    alternatives: byKeywords.candidates
      .filter((c) => c.resourceType !== suggestion.resourceType)
      .slice(0, ALTERNATIVES)
      .map((c) => ({ resourceType: c.resourceType, label: labelOf(c.resourceType), score: c.score, matched: [...c.matched] })),
  };
}

const presentCorrection = (c: StoredCorrection): z.infer<typeof CorrectionView> => ({
  id: c.id,
  description: c.description,
  resourceType: c.resourceType,
  ewcCode: c.ewcCode,
  suggestedType: c.suggestedType,
  suggestedConfidence: c.suggestedConfidence,
  agreedWithSuggestion: c.suggestedType === c.resourceType,
  correctedBy: c.correctedBy,
  orgId: c.orgId,
  flowId: c.flowId,
  revision: c.revision,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/**
 * The organization a correction speaks for: the flow's when one is named (which the caller
 * must be able to see), else the caller's when they belong to exactly one.
 */
async function orgOfCorrection(ctx: ApiContext, principal: Principal, flowId: string | undefined): Promise<string | null> {
  if (flowId === undefined) {
    const orgs = orgIdsOf(principal);
    return orgs.length === 1 ? orgs[0]! : null;
  }
  try {
    return (await getFlow(ctx, principal, flowId)).orgId;
  } catch (error) {
    if (isTurashError(error, "NOT_FOUND")) throw relocated(error, { field: "body.flowId" });
    throw error;
  }
}

/** Coding help routes. */
export function codingRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/coding/suggestions",
    tag: "coding",
    summary: "Suggest a resource type and EWC code for a free-text description, with the words that decided it",
    description: "Uses the keyword index shipped with the taxonomy and every correction people made: a description coded before gets the corrected type with confidence 1.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    body: z.strictObject({ description: Description }),
    responses: { 200: { description: "the suggestion (resourceType null when no word is known)", schema: SuggestionView } },
    handler: async ({ body }) => {
      const suggestion = suggestCoding(body.description, await correctionsFor(ctx.knex, [body.description]));
      return { status: 200, body: presentSuggestion(body.description, suggestion) };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/coding/nace-suggestions",
    tag: "coding",
    summary: "Suggest a NACE rev.2 class from a company's description of what it does, with what such a plant usually offers and needs",
    description: "Reads English, Danish and German (\"we brew beer and malt barley\" → 11.05). Places, company names and CO2 claims are read as context. Nothing is stored.",
    policy: { roles: ANY_ROLE },
    body: z.strictObject({ description: Description }),
    responses: { 200: { description: "the suggestion (naceCode null when no word is known)", schema: NaceSuggestionView } },
    handler: ({ body }) => Promise.resolve({ status: 200, body: presentNaceSuggestion(body.description, suggestNace(body.description)) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/coding/corrections",
    tag: "coding",
    summary: "Confirm or correct the coding of a description; the same words are coded so from now on",
    description:
      "The latest correction of a description wins; every one is kept in the history. `flowId` ties the correction to a flow you can see (it does not change the flow).",
    policy: { roles: CORRECTORS, scope: "flows:write" },
    body: z.strictObject({
      description: Description,
      resourceType: ResourceTypeIdSchema,
      ewcCode: EwcCodeSchema.optional(),
      flowId: ExternalId.optional(),
    }),
    responses: {
      201: { description: "recorded; the description's current correction", schema: CorrectionView },
      404: { description: "no such flow (or not yours)" },
    },
    handler: async ({ principal, body }) => {
      const orgId = await orgOfCorrection(ctx, principal, body.flowId);
      // What the words alone say, to measure the index against what people decide.
      const byKeywords = suggestCoding(body.description);
      const stored = await recordCorrection(ctx.knex, {
        description: body.description,
        resourceType: body.resourceType,
        ewcCode: body.ewcCode ?? null,
        suggestedType: byKeywords.resourceType,
        suggestedConfidence: byKeywords.resourceType === null ? null : byKeywords.confidence,
        correctedBy: principal.id,
        orgId,
        flowId: body.flowId ?? null,
      });
      return { status: 201, body: presentCorrection(stored) };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/coding/corrections",
    tag: "coding",
    summary: "Current corrections, newest first, by cursor; filter by resource type and organization",
    description: "Corrections facilitators made to coding suggestions (words → resource type and EWC code), newest first, filtered by `resource_type` and `org`; they teach the coding help. Page with `cursor`.",
    policy: { roles: REVIEWERS },
    query: z.object({ ...PageQuery, resource_type: ResourceTypeIdSchema.optional(), org: ExternalId.optional() }),
    responses: { 200: { description: "a page", schema: pageOf(CorrectionView) } },
    handler: async ({ query }) => {
      const rows = await listCorrections(ctx.knex, { before: decodeIdCursor(query.cursor), limit: query.limit, resourceType: query.resource_type, orgId: query.org });
      const page = toPage(rows, query.limit, (r) => r.id);
      return { status: 200, body: { items: page.items.map(presentCorrection), nextCursor: page.nextCursor } };
    },
  });

  return router;
}
