/**
 * Threshold alerts and their firings (`alerts`, `alert_firings`). A firing is inserted
 * with ON CONFLICT DO NOTHING on (alert_id, evaluated_day): of two evaluations of the same
 * day — a second rollup write, another worker process — exactly one gets the row back, and
 * only that one announces it.
 */
import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { AlertFiring as WireAlertFiring } from "../contract/carbon.ts";
import { isoTime, isoTimeOf } from "./timestamps.ts";

/** An alert as stored. */
export interface Alert {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly metric: string;
  readonly stage: string;
  readonly windowDays: number;
  readonly comparison: "above" | "below";
  readonly threshold: number;
  readonly channel: "in_app" | "webhook";
  readonly webhookUrl: string | null;
  readonly webhookEndpointId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** What an alert says (everything its owner chooses). */
export type AlertFields = Pick<Alert, "name" | "metric" | "stage" | "windowDays" | "comparison" | "threshold" | "channel" | "webhookUrl" | "webhookEndpointId">;

/** A firing as stored: what the API shows (contract/carbon.ts) and whose it is. */
export interface AlertFiring extends WireAlertFiring {
  readonly orgId: string;
}

type Row = Record<string, unknown>;
const at = (v: unknown) => isoTime(v as Date | string | null);

const toAlert = (r: Row): Alert => ({
  id: r.id as string,
  orgId: r.org_id as string,
  name: r.name as string,
  metric: r.metric as string,
  stage: r.stage as string,
  windowDays: Number(r.window_days),
  comparison: r.comparison as Alert["comparison"],
  threshold: Number(r.threshold),
  channel: r.channel as Alert["channel"],
  webhookUrl: (r.webhook_url as string | null) ?? null,
  webhookEndpointId: (r.webhook_endpoint_id as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: isoTimeOf(r.created_at as Date),
  updatedBy: r.updated_by as string,
  updatedAt: isoTimeOf(r.updated_at as Date),
});

const FIRING_COLUMNS = [
  "id",
  "alert_id",
  "org_id",
  "comparison",
  "value",
  "threshold",
  "fired_at",
  "delivered_at",
  "delivery_error",
  "delivery_status",
  "delivery_attempts",
  "acknowledged_by",
  "acknowledged_at",
] as const;

const firingColumns = (knex: Knex) => [...FIRING_COLUMNS, knex.raw("to_char(evaluated_day, 'YYYY-MM-DD') as evaluated_day"), knex.raw("to_char(window_from, 'YYYY-MM-DD') as window_from")];

const toFiring = (r: Row): AlertFiring => ({
  id: r.id as string,
  alertId: r.alert_id as string,
  orgId: r.org_id as string,
  evaluatedDay: r.evaluated_day as string,
  windowFrom: r.window_from as string,
  value: Number(r.value),
  threshold: Number(r.threshold),
  comparison: r.comparison as AlertFiring["comparison"],
  firedAt: isoTimeOf(r.fired_at as Date),
  deliveredAt: at(r.delivered_at),
  deliveryError: (r.delivery_error as string | null) ?? null,
  deliveryStatus: (r.delivery_status as AlertFiring["deliveryStatus"]) ?? null,
  deliveryAttempts: Number(r.delivery_attempts ?? 0),
  acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
  acknowledgedAt: at(r.acknowledged_at),
});

const columnsOf = (f: AlertFields) => ({
  name: f.name,
  metric: f.metric,
  stage: f.stage,
  window_days: f.windowDays,
  comparison: f.comparison,
  threshold: f.threshold,
  channel: f.channel,
  webhook_url: f.webhookUrl,
  webhook_endpoint_id: f.webhookEndpointId,
});

/** Store a new alert of `orgId`. */
export async function insertAlert(knex: Knex, orgId: string, fields: AlertFields, by: string): Promise<Alert> {
  const [row] = await knex("alerts").insert({ id: randomUUID(), org_id: orgId, ...columnsOf(fields), created_by: by, updated_by: by }).returning("*");
  return toAlert(row as Row);
}

/** The organization's alerts, oldest first. */
export async function alertsOf(knex: Knex, orgId: string): Promise<Alert[]> {
  return (await knex("alerts").where({ org_id: orgId }).orderBy([{ column: "created_at" }, { column: "id" }])).map(toAlert);
}

/** Every alert of every organization (the evaluator's read). */
export async function everyAlert(knex: Knex): Promise<Alert[]> {
  return (await knex("alerts").orderBy("id")).map(toAlert);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One alert of the organization; undefined for another organization's or a missing one. */
export async function findAlert(knex: Knex, orgId: string, id: string): Promise<Alert | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await knex("alerts").where({ id, org_id: orgId }).first();
  return row ? toAlert(row as Row) : undefined;
}

/** Replace what an alert says; undefined when the organization has no such alert. */
export async function updateAlert(knex: Knex, orgId: string, id: string, fields: AlertFields, by: string): Promise<Alert | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await knex("alerts").where({ id, org_id: orgId }).update({ ...columnsOf(fields), updated_by: by, updated_at: knex.fn.now() }).returning("*");
  return row ? toAlert(row as Row) : undefined;
}

/** Delete an alert (its firings go with it); false when the organization has no such alert. */
export async function deleteAlert(knex: Knex, orgId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  return (await knex("alerts").where({ id, org_id: orgId }).delete()) > 0;
}

/**
 * Sum of one metric and stage over the organization's rollups of a projection on the inclusive days
 * `from`..`to`; 0 when there are no rows.
 */
export async function rollupSum(knex: Knex, f: { projection: string; orgId: string; metric: string; stage: string; from: string; to: string }): Promise<number> {
  const row = await knex("daily_rollups")
    .where({ projection: f.projection, organization_id: f.orgId, metric: f.metric, stage: f.stage })
    .andWhere("day", ">=", f.from)
    .andWhere("day", "<=", f.to)
    .sum({ value: "value" })
    .first();
  return Number(row?.value ?? 0);
}

/** What a new firing records. */
export type FiringInput = Pick<AlertFiring, "alertId" | "orgId" | "evaluatedDay" | "windowFrom" | "value" | "threshold" | "comparison">;

/**
 * Record a firing unless the alert already fired for that day; the row when this call stored it.
 * With `deliverAfterMs` (a webhook alert) the firing is `pending` and, in the same
 * transaction, due for delivery that many ms from now (ledgers/alert-webhook-due.ts): the
 * evaluator makes it due at once after announcing it, and should it die in between, the
 * firing still becomes due when the hold runs out.
 */
export async function recordFiring(knex: Knex, f: FiringInput, options: { deliverAfterMs?: number } = {}): Promise<AlertFiring | undefined> {
  return knex.transaction(async (trx) => {
    const webhook = options.deliverAfterMs !== undefined;
    const rows = await trx("alert_firings")
      .insert({ id: randomUUID(), alert_id: f.alertId, org_id: f.orgId, evaluated_day: f.evaluatedDay, window_from: f.windowFrom, value: f.value, threshold: f.threshold, comparison: f.comparison, delivery_status: webhook ? "pending" : null })
      .onConflict(["alert_id", "evaluated_day"])
      .ignore()
      .returning(firingColumns(trx) as never);
    const row = (rows as Row[])[0];
    if (!row) return undefined;
    if (webhook) await trx("alert_webhook_due").insert({ firing_id: row.id, due_at: trx.raw("now() + make_interval(secs => ?)", [options.deliverAfterMs! / 1000]) });
    return toFiring(row);
  });
}

/** Remove a firing that could not be announced (the next evaluation stores it again). */
export async function forgetFiring(knex: Knex, id: string): Promise<void> {
  await knex("alert_firings").where({ id }).delete();
}

/** The organization's firings, newest first (of one alert when given). */
export async function firingsOf(knex: Knex, orgId: string, options: { alertId?: string; limit: number }): Promise<AlertFiring[]> {
  const q = knex("alert_firings").select(firingColumns(knex)).where({ org_id: orgId });
  if (options.alertId !== undefined) q.andWhere({ alert_id: options.alertId });
  return (await q.orderBy([{ column: "fired_at", order: "desc" }, { column: "id" }]).limit(options.limit)).map(toFiring);
}

/**
 * Acknowledge a firing of the organization: the first acknowledgement stands (who and when
 * are not rewritten by a second). Undefined when the organization has no such firing.
 */
export async function acknowledgeFiring(knex: Knex, orgId: string, id: string, by: string): Promise<{ firing: AlertFiring; changed: boolean } | undefined> {
  if (!UUID.test(id)) return undefined;
  const updated = await knex("alert_firings").where({ id, org_id: orgId }).whereNull("acknowledged_at").update({ acknowledged_by: by, acknowledged_at: knex.fn.now() });
  const row = await knex("alert_firings").select(firingColumns(knex)).where({ id, org_id: orgId }).first();
  return row ? { firing: toFiring(row as Row), changed: updated > 0 } : undefined;
}

/** One attempt to deliver a webhook alert's firing. */
export interface WebhookAttempt {
  readonly firingId: string;
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The receiver's HTTP status; null when none came (timeout, connection refused). */
  readonly status: number | null;
  readonly error: string | null;
}

/**
 * Claim attempt number `attempt` of a firing's delivery before sending it: true when this
 * call recorded it, false when another evaluation already made that attempt.
 */
export async function claimWebhookAttempt(knex: Knex, firingId: string, attempt: number): Promise<boolean> {
  const rows = await knex("alert_webhook_attempts").insert({ firing_id: firingId, attempt }).onConflict(["firing_id", "attempt"]).ignore().returning("attempt");
  return rows.length > 0;
}

/** Note how an attempt ended. */
export async function finishWebhookAttempt(knex: Knex, firingId: string, attempt: number, outcome: { status: number | null; error: string | null }): Promise<void> {
  await knex("alert_webhook_attempts").where({ firing_id: firingId, attempt }).update({ finished_at: knex.fn.now(), status: outcome.status, error: outcome.error?.slice(0, 500) ?? null });
}

/** A firing's delivery attempts, first first. */
export async function webhookAttemptsOf(knex: Knex, firingId: string): Promise<WebhookAttempt[]> {
  const rows = (await knex("alert_webhook_attempts").where({ firing_id: firingId }).orderBy("attempt")) as Row[];
  return rows.map((r) => ({
    firingId: r.firing_id as string,
    attempt: Number(r.attempt),
    startedAt: isoTimeOf(r.started_at as Date),
    finishedAt: at(r.finished_at),
    status: r.status === null ? null : Number(r.status),
    error: (r.error as string | null) ?? null,
  }));
}

/** A firing with its alert (the webhook dispatcher's read); undefined when either is gone. */
export async function firingWithAlert(knex: Knex, firingId: string): Promise<{ alert: Alert; firing: AlertFiring } | undefined> {
  const firing = await knex("alert_firings").select(firingColumns(knex)).where({ id: firingId }).first();
  if (!firing) return undefined;
  const alert = await knex("alerts").where({ id: (firing as Row).alert_id }).first();
  return alert ? { alert: toAlert(alert as Row), firing: toFiring(firing as Row) } : undefined;
}
