/**
 * The outcomes projection over HTTP (DESIGN.md "Other domains as graph projections"): how
 * good the suggested matches turned out — precision@k against the deals that reached
 * negotiating, contracted and live, acceptance and conversion per resource type, region
 * and route, the coded reasons deals failed, and the time to each stage.
 *
 * Facilitators and admins only: the figures judge the engine and the brokering, and a
 * small region's groups could point at single organizations. Every figure is an aggregate
 * (no organization, flow or match id is sent), so the read needs no identity audit.
 */
import { Router } from "express";
import type { OutcomesResponse } from "../../../contract/outcomes.ts";
import { z } from "zod";
import { DEAL_REASON_CODES } from "../../../domain/schemas/deal.ts";
import { IsoDate } from "../../../domain/schemas/common.ts";
import { ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { singleLine } from "../../../domain/schemas/strings.ts";
import { OUTCOME_STAGES } from "../../../domain/outcomes/facts.ts";
import { outcomesReport } from "../../../domain/outcomes/report.ts";
import { readOutcomeFacts } from "../../../ledgers/outcomes.ts";
import type { Role } from "../../../ledgers/accounts.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { MAX_LISTED, wire } from "../../http/wire.ts";

const READERS: readonly Role[] = ["admin", "facilitator"];
/** The longest ranked list precision@k is read at. */
export const MAX_K = 20;

const DAY_MS = 86_400_000;

/** The query: which suggestions (by region, resource type and the period they were suggested in) and the cut-off k. */
export const OutcomesQuery = z
  .object({
    region: singleLine(100).optional().describe("region code of the need's site, as sites carry it (e.g. `DK03 Syddanmark`)"),
    resource_type: ResourceTypeIdSchema.optional(),
    from: IsoDate.optional().describe("first day of the period (suggested on or after it, UTC)"),
    to: IsoDate.optional().describe("last day of the period (suggested on or before it, UTC)"),
    k: z.coerce
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(MAX_K, { error: `must be at most ${MAX_K}` })
      .default(3)
      .describe(`cut-off of the ranked list per need, 1–${MAX_K}`),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { error: "must not be before from", path: ["to"] });

const rate = () => z.number().min(0).max(1).nullable();

const FunnelView = z.object({
  suggested: z.int(),
  interested: z.int().describe("suggestions at least one party said interested to"),
  mutual: z.int().describe("suggestions both parties said interested to"),
  rejected: z.int().describe("suggestions a party rejected"),
  negotiating: z.int(),
  contracted: z.int(),
  live: z.int(),
  failed: z.int().describe("suggestions a deal of which failed or was cancelled, none live"),
  acceptanceRate: rate().describe("negotiating / suggested"),
  conversionRate: rate().describe("live / suggested"),
});
const GroupView = FunnelView.extend({ key: wire.code() });
const groups = () => z.array(GroupView).max(MAX_LISTED);

const OutcomesView = z.object({
  filter: z.object({ region: wire.name().nullable(), resourceType: wire.code().nullable(), from: wire.time().nullable(), to: wire.time().nullable() }),
  k: z.int(),
  needs: z.int().describe("needs with at least one suggestion: the lists precision@k averages over"),
  precisionAtK: z
    .array(z.object({ stage: z.enum(OUTCOME_STAGES), precision: rate() }))
    .max(OUTCOME_STAGES.length)
    .describe("per need, the share of its top-k suggestions (by the score they were suggested with) that reached the stage, averaged; a need with fewer than k is judged on the ones it had"),
  funnel: FunnelView,
  byResourceType: groups(),
  byRegion: groups(),
  byRoute: groups(),
  failureReasons: z.array(z.object({ code: z.enum(DEAL_REASON_CODES), failed: z.int(), cancelled: z.int() })).max(DEAL_REASON_CODES.length),
  durations: z
    .array(z.object({ stage: z.enum(OUTCOME_STAGES), count: z.int(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() }))
    .max(OUTCOME_STAGES.length)
    .describe("hours from the first suggestion to the first time a deal of the match reached the stage (nearest-rank median and 90th percentile)"),
});

/** Outcomes routes. */
export function outcomesRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/outcomes",
    tag: "outcomes",
    summary: "What became of the suggested matches: precision@k, acceptance and conversion, failure reasons, time to each stage",
    description:
      "Recomputed on every call from the lifecycle ledger (match history, decisions, proposals and their deal history). A match counts in the period it was first suggested in; its region is its need's site's.",
    policy: { roles: READERS },
    query: OutcomesQuery,
    responses: { 200: { description: "the figures", schema: OutcomesView } },
    handler: async ({ query }) => {
      const from = query.from === undefined ? undefined : `${query.from}T00:00:00.000Z`;
      const to = query.to === undefined ? undefined : new Date(Date.parse(`${query.to}T00:00:00.000Z`) + DAY_MS).toISOString();
      const facts = await readOutcomeFacts(ctx.knex, { region: query.region, resourceType: query.resource_type, from, to });
      const body: OutcomesResponse = {
        filter: { region: query.region ?? null, resourceType: query.resource_type ?? null, from: query.from ?? null, to: query.to ?? null },
        ...outcomesReport(facts, query.k),
      };
      return { status: 200, body };
    },
  });

  return router;
}
