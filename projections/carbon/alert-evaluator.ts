/**
 * Evaluating the organizations' threshold alerts after a carbon rollup write (the rollup
 * worker's `onWritten`, ops/matching-worker.ts). Each alert's figure is summed over its
 * window ending today; one that fires is recorded once per alert and day — the unique
 * index of `alert_firings` settles a re-evaluation or a second worker — and only the
 * evaluation that stored it publishes `<P>.alerts.fired` (the api's bridge turns it into
 * `alert:fired` for the organization's sockets) and, for a webhook alert, delivers it.
 *
 * A webhook is POSTed once, signed as partners' deliveries to us are
 * (platform/webhook-signature.ts) with the secret of the organization's webhook endpoint
 * the alert names: `Turash-Webhook-Id`, `Turash-Signature`, `Turash-Delivery` (the firing
 * id). Redirects are not followed; the outcome is kept on the firing (`deliveredAt` or
 * `deliveryError`), there is no retry yet.
 */
import type { Knex } from "knex";
import type { AlertFired } from "../../contract/realtime.ts";
import { everyAlert, forgetFiring, markDelivery, recordFiring, rollupSum, type Alert, type AlertFiring } from "../../ledgers/alerts.ts";
import { findActiveWebhookEndpoint, type KeyRing } from "../../ledgers/webhook-endpoints.ts";
import { signWebhook } from "../../platform/webhook-signature.ts";
import { fires, windowOf } from "./alert-rule.ts";
import { CARBON_PROJECTION } from "./rollup-rows.ts";

/** What an evaluation needs. */
export interface AlertEvaluatorDeps {
  readonly knex: Knex;
  /** Publish on a JetStream subject with a message id (events/publisher.ts). */
  readonly publish: (subject: string, payload: unknown, messageId: string) => Promise<void>;
  /** `<P>.alerts.fired`. */
  readonly subject: string;
  /** The configuration's `secrets.webhookKeys`, to open the endpoint's signing secret. */
  readonly webhookKeys: KeyRing;
  readonly fetch?: typeof fetch;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

const WEBHOOK_TIMEOUT_MS = 5_000;

/** The event of a firing. */
export function firedEvent(alert: Alert, firing: AlertFiring): AlertFired {
  return {
    type: "alert.fired",
    firingId: firing.id,
    alertId: alert.id,
    orgId: alert.orgId,
    name: alert.name,
    metric: alert.metric,
    stage: alert.stage as AlertFired["stage"],
    windowDays: alert.windowDays,
    comparison: firing.comparison,
    threshold: firing.threshold,
    value: firing.value,
    windowFrom: firing.windowFrom,
    evaluatedDay: firing.evaluatedDay,
    firedAt: firing.firedAt,
  };
}

async function deliver(deps: AlertEvaluatorDeps, alert: Alert, event: AlertFired): Promise<void> {
  const endpoint = alert.webhookEndpointId ? await findActiveWebhookEndpoint(deps.knex, deps.webhookKeys, alert.webhookEndpointId) : undefined;
  let error: string | null = null;
  if (!alert.webhookUrl || endpoint === undefined) error = "the alert's webhook endpoint was revoked or is missing";
  else if (endpoint === "unreadable") error = "no WEBHOOK_SECRET_KEY opens the endpoint's secret";
  else {
    const body = JSON.stringify(event);
    try {
      const res = await (deps.fetch ?? fetch)(alert.webhookUrl, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: {
          "content-type": "application/json",
          "Turash-Webhook-Id": endpoint.endpoint.id,
          "Turash-Signature": signWebhook(endpoint.secret, body, Math.floor(Date.now() / 1000)),
          "Turash-Delivery": event.firingId,
        },
        body,
      });
      if (res.status < 200 || res.status >= 300) error = `the receiver answered ${res.status}`;
    } catch (err) {
      error = `delivery failed: ${(err as Error).message}`;
    }
  }
  if (error) deps.log?.warn({ alertId: alert.id, firingId: event.firingId, error }, "alert webhook not delivered");
  await markDelivery(deps.knex, event.firingId, error);
}

/**
 * Evaluate every alert for the day of `now` (UTC).
 * @returns the firings this call stored (and announced); none when they already fired today
 */
export async function evaluateAlerts(deps: AlertEvaluatorDeps, now = new Date()): Promise<AlertFiring[]> {
  const day = now.toISOString().slice(0, 10);
  const alerts = await everyAlert(deps.knex);
  const stored: AlertFiring[] = [];
  for (const alert of alerts) {
    const { from, to } = windowOf(day, alert.windowDays);
    const value = await rollupSum(deps.knex, { projection: CARBON_PROJECTION, orgId: alert.orgId, metric: alert.metric, stage: alert.stage, from, to });
    if (!fires(alert, value)) continue;
    const firing = await recordFiring(deps.knex, { alertId: alert.id, orgId: alert.orgId, evaluatedDay: day, windowFrom: from, value, threshold: alert.threshold, comparison: alert.comparison });
    if (!firing) continue; // fired already today: by an earlier evaluation or another worker
    const event = firedEvent(alert, firing);
    try {
      await deps.publish(deps.subject, event, `alert:${firing.id}`);
    } catch (err) {
      // Unannounced, the firing is taken back, so the next write's evaluation fires it again.
      await forgetFiring(deps.knex, firing.id);
      throw err;
    }
    stored.push(firing);
    if (alert.channel === "webhook") await deliver(deps, alert, event);
  }
  return stored;
}

/**
 * The rollup worker's `onWritten` that evaluates the alerts. A failed evaluation is not a
 * failed rollup write: it is logged, and the next write evaluates again (a firing it
 * stored is not stored twice).
 */
export function evaluateAfterEachWrite(deps: AlertEvaluatorDeps): () => Promise<void> {
  return async () => {
    await evaluateAlerts(deps).catch((err: unknown) => deps.log?.error({ err }, "alert evaluation failed"));
  };
}
