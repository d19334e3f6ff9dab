/**
 * Threshold alerts behind the routes: an organization's members (and admins, facilitators)
 * read its alerts and firings; only its own org_admins define, change and delete alerts;
 * its own members (the people an in-app alert reaches) acknowledge firings. Each change is
 * in the audit log with who and when. Another
 * organization's id, or an alert of another organization, answers as a missing one.
 */
import { errors } from "../../domain/errors.ts";
import { acknowledgeFiring, alertsOf, deleteAlert, findAlert, firingsOf, insertAlert, updateAlert, type Alert, type AlertFields, type AlertFiring } from "../../ledgers/alerts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { listWebhookEndpoints } from "../../ledgers/webhook-endpoints.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOwnOrganization } from "./organizations.ts";

const isOrgAdmin = (p: Principal, orgId: string) => p.kind === "user" && p.memberships.some((m) => m.orgId === orgId && m.role === "org_admin");

async function administered(ctx: ApiContext, principal: Principal, orgId: string): Promise<void> {
  await getOwnOrganization(ctx, principal, orgId);
  // A member who is not an administrator knows the organization exists: refused, not hidden.
  if (!isOrgAdmin(principal, orgId)) throw errors.forbidden("Only the organization's own administrators change its alerts.");
}

/** A webhook alert signs with one of the organization's own active endpoints. */
async function checkChannel(ctx: ApiContext, orgId: string, fields: AlertFields): Promise<void> {
  if (fields.channel !== "webhook") return;
  const active = (await listWebhookEndpoints(ctx.knex, orgId)).some((e) => e.id === fields.webhookEndpointId && e.revokedAt === null);
  // Another organization's endpoint answers as a missing one.
  if (!active) throw errors.missingReference("webhook endpoint", fields.webhookEndpointId ?? "", "body.webhookEndpointId");
}

const audited = (alert: Alert) => ({ name: alert.name, metric: alert.metric, stage: alert.stage, windowDays: alert.windowDays, comparison: alert.comparison, threshold: alert.threshold, channel: alert.channel, webhookUrl: alert.webhookUrl, webhookEndpointId: alert.webhookEndpointId });

/** The organization's alerts. */
export async function listAlerts(ctx: ApiContext, principal: Principal, orgId: string): Promise<Alert[]> {
  await getOwnOrganization(ctx, principal, orgId);
  return alertsOf(ctx.knex, orgId);
}

/** One alert of the organization. */
export async function getAlert(ctx: ApiContext, principal: Principal, orgId: string, alertId: string): Promise<Alert> {
  await getOwnOrganization(ctx, principal, orgId);
  const alert = await findAlert(ctx.knex, orgId, alertId);
  if (!alert) throw errors.notFound("alert", alertId);
  return alert;
}

/** Define an alert. */
export async function createAlert(ctx: ApiContext, principal: Principal, orgId: string, fields: AlertFields): Promise<Alert> {
  await administered(ctx, principal, orgId);
  await checkChannel(ctx, orgId, fields);
  const alert = await insertAlert(ctx.knex, orgId, fields, principal.id);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "alert.created", entityType: "alert", entityId: alert.id, payload: audited(alert) }]);
  return alert;
}

/** Replace what an alert says. */
export async function replaceAlert(ctx: ApiContext, principal: Principal, orgId: string, alertId: string, fields: AlertFields): Promise<Alert> {
  await administered(ctx, principal, orgId);
  const before = await findAlert(ctx.knex, orgId, alertId);
  if (!before) throw errors.notFound("alert", alertId);
  await checkChannel(ctx, orgId, fields);
  const alert = (await updateAlert(ctx.knex, orgId, alertId, fields, principal.id)) ?? before;
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "alert.changed", entityType: "alert", entityId: alert.id, payload: { ...audited(alert), previous: audited(before) } }]);
  return alert;
}

/** Delete an alert and its firings. */
export async function removeAlert(ctx: ApiContext, principal: Principal, orgId: string, alertId: string): Promise<void> {
  await administered(ctx, principal, orgId);
  const before = await findAlert(ctx.knex, orgId, alertId);
  if (!before || !(await deleteAlert(ctx.knex, orgId, alertId))) throw errors.notFound("alert", alertId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "alert.deleted", entityType: "alert", entityId: alertId, payload: { previous: audited(before) } }]);
}

/** The organization's firings, newest first. */
export async function listFirings(ctx: ApiContext, principal: Principal, orgId: string, options: { alertId?: string | undefined; limit: number }): Promise<AlertFiring[]> {
  await getOwnOrganization(ctx, principal, orgId);
  return firingsOf(ctx.knex, orgId, { limit: options.limit, ...(options.alertId ? { alertId: options.alertId } : {}) });
}

/** Acknowledge a firing (a member of the organization); a second acknowledgement leaves the first one's who and when. */
export async function acknowledge(ctx: ApiContext, principal: Principal, orgId: string, firingId: string): Promise<AlertFiring> {
  await getOwnOrganization(ctx, principal, orgId);
  if (!principal.memberships.some((m) => m.orgId === orgId)) throw errors.forbidden("Only the organization's own members acknowledge its alerts.");
  const done = await acknowledgeFiring(ctx.knex, orgId, firingId, principal.id);
  if (!done) throw errors.notFound("alert firing", firingId);
  if (done.changed) await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "alert_firing.acknowledged", entityType: "alert_firing", entityId: firingId, payload: { alertId: done.firing.alertId, evaluatedDay: done.firing.evaluatedDay } }]);
  return done.firing;
}
