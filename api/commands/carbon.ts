/**
 * Carbon projection use cases behind the routes: an organization's carbon summary and
 * reports (its members, admins and facilitators, as for its other private lists), and its
 * emission-factor overrides — read by members, changed only by the organization's own
 * org_admins, each change in the audit log with who and when. Another organization's id
 * answers as a missing one.
 */
import { errors } from "../../domain/errors.ts";
import { EMISSION_FACTORS, resolveFactor, type FactorOverride, type FactorUse } from "../../domain/carbon/factors.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { deleteOverride, overridesOf, putOverride } from "../../ledgers/emission-factor-overrides.ts";
import { carbonSiteLayer } from "../../projections/carbon/site-layer.ts";
import { carbonSummary, type CarbonSummary } from "../../projections/carbon/summary.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOwnOrganization } from "./organizations.ts";

const isOrgAdmin = (p: Principal, orgId: string) => p.kind === "user" && p.memberships.some((m) => m.orgId === orgId && m.role === "org_admin");

/** A period: both days inclusive; at most 366 days, `from` not after `to`. */
export interface Period {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const DAY = 86_400_000;

/** The period asked for, defaulting to the 30 days ending today (UTC). */
export function periodOf(p: Period, now = new Date()): { from: string; to: string } {
  const to = p.to ?? now.toISOString().slice(0, 10);
  const from = p.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  if (from > to) throw errors.validationFailed([{ field: "query.from", message: "must not be after query.to" }]);
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY > 365) throw errors.validationFailed([{ field: "query.from", message: "the period spans at most 366 days" }]);
  return { from, to };
}

/** The organization's carbon over a period. */
export async function organizationCarbon(ctx: ApiContext, principal: Principal, orgId: string, period: Period): Promise<CarbonSummary & { organizationName: string }> {
  const { stored } = await getOwnOrganization(ctx, principal, orgId);
  const { from, to } = periodOf(period);
  return { ...(await carbonSummary({ neo4j: ctx.neo4j, knex: ctx.knex }, orgId, from, to)), organizationName: stored.doc.name };
}

/** The organization's sites with the CO2 their matches avoid per year (the carbon map layer). */
export async function organizationCarbonSites(ctx: ApiContext, principal: Principal, orgId: string): Promise<Awaited<ReturnType<typeof carbonSiteLayer>>> {
  await getOwnOrganization(ctx, principal, orgId);
  return carbonSiteLayer({ neo4j: ctx.neo4j, knex: ctx.knex }, orgId);
}

/** A factor as an organization sees it: the default, or its own value with the default beside it. */
export interface OrgFactor extends FactorUse {
  readonly category: string;
  readonly default: { readonly value: number; readonly source: string; readonly year: number };
  readonly override: FactorOverride | null;
}

/** Every factor with the organization's overrides applied. */
export async function organizationFactors(ctx: ApiContext, principal: Principal, orgId: string): Promise<OrgFactor[]> {
  await getOwnOrganization(ctx, principal, orgId);
  const overrides = (await overridesOf(ctx.knex, [orgId])).get(orgId) ?? new Map<string, FactorOverride>();
  return [...EMISSION_FACTORS.values()].map((f) => ({
    ...resolveFactor(f.id, overrides)!,
    category: f.category,
    default: { value: f.value, source: f.source, year: f.year },
    override: overrides.get(f.id) ?? null,
  }));
}

async function administered(ctx: ApiContext, principal: Principal, orgId: string): Promise<void> {
  await getOwnOrganization(ctx, principal, orgId);
  // A member who is not an administrator knows the organization exists: refused, not hidden.
  if (!isOrgAdmin(principal, orgId)) throw errors.forbidden("Only the organization's own administrators change its emission factors.");
}

/** What an override says. */
export interface OverrideInput {
  readonly value: number;
  readonly source: string;
  readonly year: number;
}

/** Set the organization's value of a factor; `created` when it had none. */
export async function setFactorOverride(ctx: ApiContext, principal: Principal, orgId: string, factorId: string, input: OverrideInput): Promise<{ override: FactorOverride; created: boolean }> {
  await administered(ctx, principal, orgId);
  if (!EMISSION_FACTORS.has(factorId)) throw errors.notFound("emission factor", factorId);
  // One transaction: the audit log is the overrides' history a rollup rebuild replays, so a change is never without its entry.
  return ctx.knex.transaction(async (trx) => {
    const { override, previous } = await putOverride(trx, { orgId, factorId, value: input.value, source: input.source, year: input.year, updatedBy: principal.id });
    await appendAudit(trx, [
      { actor: principal.id, orgId, action: previous ? "emission_factor.changed" : "emission_factor.overridden", entityType: "emission_factor", entityId: factorId, payload: { value: input.value, source: input.source, year: input.year, previous: previous ? { value: previous.value, source: previous.source, year: previous.year } : null } },
    ]);
    return { override, created: previous === null };
  });
}

/** Remove the organization's value of a factor (the default applies again); 404 when it had none. */
export async function removeFactorOverride(ctx: ApiContext, principal: Principal, orgId: string, factorId: string): Promise<void> {
  await administered(ctx, principal, orgId);
  await ctx.knex.transaction(async (trx) => {
    const removed = await deleteOverride(trx, orgId, factorId);
    if (!removed) throw errors.notFound("emission factor override", factorId);
    await appendAudit(trx, [{ actor: principal.id, orgId, action: "emission_factor.reset", entityType: "emission_factor", entityId: factorId, payload: { previous: { value: removed.value, source: removed.source, year: removed.year } } }]);
  });
}
