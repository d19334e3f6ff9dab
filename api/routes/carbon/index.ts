/**
 * The carbon projection's routes (projections/carbon/projection.ts lists them): emission
 * factors and an organization's overrides, its carbon summary, and the CSV and PDF
 * reports. Thin: validate → authorize (in the command) → present.
 */
import { Router } from "express";
import { z } from "zod";
import { ExternalId, IsoDate, freeText } from "../../../domain/schemas/common.ts";
import { EMISSION_FACTORS } from "../../../domain/carbon/factors.ts";
import { carbonCsv } from "../../../projections/carbon/report-csv.ts";
import { carbonPdf } from "../../../projections/carbon/report-pdf.ts";
import type { CarbonSummary } from "../../../projections/carbon/summary.ts";
import { organizationCarbon, organizationCarbonSites, organizationFactors, removeFactorOverride, setFactorOverride } from "../../commands/carbon.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";

const USERS = ["admin", "facilitator", "org_admin", "org_member"] as const;
const OrgParams = z.object({ id: ExternalId });
const FactorParams = OrgParams.extend({ factorId: z.string().regex(/^[a-z]+:[A-Za-z0-9_]+$/, { error: "must be a factor id like grid:DK1 or displaced:heat" }).max(80) });
const PeriodQuery = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
const OverrideBody = z.strictObject({
  value: z.number({ error: "must be a number (tCO2 per the factor's unit)" }).min(0, { error: "must be 0 or more" }).max(100, { error: "must be at most 100 tCO2 per unit" }),
  source: freeText(500).refine((s) => s.trim().length >= 3, { error: "must name where the figure comes from" }),
  year: z.number().int({ error: "must be a year" }).min(1990, { error: "must be 1990 or later" }).max(2100, { error: "must be 2100 or earlier" }),
});

type CarbonReportInput = CarbonSummary & { organizationName: string };

const fileName = (orgId: string, p: { from: string; to: string }, ext: string) => `carbon-${orgId}-${p.from}-${p.to}.${ext}`;

/** Carbon routes. */
const tPerYear = z.number().min(-1e9).max(1e9); // negative where transport emits more than the match avoids
/** The carbon map layer's answer (contract/carbon.ts, CarbonSiteProperties per feature). */
const CarbonSites = z.object({
  type: z.literal("FeatureCollection"),
  features: z
    .array(
      z.object({
        type: z.literal("Feature"),
        geometry: z.object({ type: z.literal("Point"), coordinates: z.array(z.number().min(-180).max(180)).length(2) }),
        properties: z.object({
          siteId: ExternalId,
          co2TPerYear: tPerYear,
          co2LowTPerYear: tPerYear,
          co2HighTPerYear: tPerYear,
          potential: tPerYear,
          in_progress: tPerYear,
          realised: tPerYear,
          matches: z.number().int().min(0).max(1e6),
        }),
      }),
    )
    .max(100_000),
});

export function carbonRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/emission-factors",
    tag: "carbon",
    summary: "The default emission factors, each with its source and year (and what is an approximation)",
    description: "The default emission and conversion factors the carbon figures use (grid intensity by region, fuels, materials), each with its unit, source and year, and a flag where the value is an approximation.",
    policy: { roles: ANY_ROLE },
    responses: { 200: { description: "every default factor" } },
    handler: () => ({ status: 200, body: { items: [...EMISSION_FACTORS.values()] } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/emission-factors",
    tag: "carbon",
    summary: "The factors the organization's figures use: its own overrides where it set them, else the defaults",
    description: "The factors the organization's carbon figures use: its own override where it set one (marked as such), the default otherwise.",
    policy: { roles: USERS },
    params: OrgParams,
    responses: { 200: { description: "factors" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: await organizationFactors(ctx, principal, params.id) } }),
  });

  defineRoute(router, registry, {
    method: "put",
    path: "/organizations/:id/emission-factors/:factorId",
    tag: "carbon",
    summary: "Set the organization's own value of a factor (org_admin); audited with who and when",
    description: "The value replaces the default in every figure of the organization — as the receiving party of a match, since the displacement happens at its plant. Name the source and year of the figure.",
    policy: { roles: ["org_admin"] },
    params: FactorParams,
    body: OverrideBody,
    responses: { 200: { description: "replaced the organization's earlier value" }, 201: { description: "overridden" }, 403: { description: "not an administrator of the organization" }, 404: { description: "no such organization (or not yours) or factor" } },
    handler: async ({ principal, params, body }) => {
      const { override, created } = await setFactorOverride(ctx, principal, params.id, params.factorId, body);
      return { status: created ? 201 : 200, body: override };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id/emission-factors/:factorId",
    tag: "carbon",
    summary: "Remove the organization's value of a factor: the default applies again (org_admin; audited)",
    description: "Removes the organization's own value of a factor, so the default applies again to its figures from now on. Only its administrators may do so; the change is audited.",
    policy: { roles: ["org_admin"] },
    params: FactorParams,
    responses: { 204: { description: "removed" }, 403: { description: "not an administrator of the organization" }, 404: { description: "no such organization (or not yours), or no override of that factor" } },
    handler: async ({ principal, params }) => {
      await removeFactorOverride(ctx, principal, params.id, params.factorId);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/carbon",
    tag: "carbon",
    summary: "The organization's CO2 avoided — potential, in progress, realised — over a period, with partnerships, flows, factors and method",
    description: "`from`/`to` (YYYY-MM-DD, inclusive, at most 366 days; default the last 30 days). Totals are sums of the daily rollups; partnerships are listed where the counterpart was revealed.",
    policy: { roles: USERS },
    params: OrgParams,
    query: PeriodQuery,
    responses: { 200: { description: "the summary" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, query }) => ({ status: 200, body: await organizationCarbon(ctx, principal, params.id, query) }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/carbon/sites",
    tag: "carbon",
    summary: "The carbon map layer: the organization's own sites with the CO2 their matches avoid per year, as GeoJSON points",
    description: "One point per site of the organization that is a party to a match, with tCO2/yr avoided (all stages, mid and range) and per stage, credited once. Counterparts' sites are never placed; figures before live are rounded to two significant digits.",
    policy: { roles: USERS },
    params: OrgParams,
    responses: { 200: { description: "a GeoJSON FeatureCollection of points", schema: CarbonSites }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: await organizationCarbonSites(ctx, principal, params.id) }),
  });

  const reports = [
    { ext: "csv", mediaType: "text/csv", sent: "text/csv; charset=utf-8", summary: "The carbon report as CSV: totals, days, partnerships, flows and factors with sources", render: (s: CarbonReportInput) => Promise.resolve(carbonCsv(s)) },
    { ext: "pdf", mediaType: "application/pdf", sent: "application/pdf", summary: "The carbon report as PDF: totals, a chart over time, partnerships, factors and sources, the method", render: (s: CarbonReportInput) => carbonPdf(s) },
  ] as const;
  for (const report of reports) {
    defineRoute(router, registry, {
      method: "get",
      path: `/organizations/:id/carbon/report.${report.ext}`,
      tag: "carbon",
      summary: report.summary,
      description: "The same figures as `GET /organizations/{id}/carbon` for the same period.",
      policy: { roles: USERS },
      params: OrgParams,
      query: PeriodQuery,
      responses: { 200: { description: "the report", mediaType: report.mediaType }, 404: { description: "no such organization (or not yours)" } },
      handler: async ({ principal, params, query }) => {
        const summary = await organizationCarbon(ctx, principal, params.id, query);
        return { status: 200, raw: { mediaType: report.sent, data: await report.render(summary) }, headers: { "Content-Disposition": `attachment; filename="${fileName(params.id, summary.period, report.ext)}"` } };
      },
    });
  }

  return router;
}
