/**
 * Evaluating the organizations' threshold alerts after a carbon rollup write (the rollup
 * worker's `onWritten`, ops/matching-worker.ts). Each alert's figure is summed over its
 * window ending today; one that fires is recorded once per alert and day — the unique
 * index of `alert_firings` settles a re-evaluation or a second worker — and only the
 * evaluation that stored it publishes `<P>.alerts.fired` (the api's bridge turns it into
 * `alert:fired` for the organization's sockets) and, for a webhook alert, delivers it.
 *
 * A webhook alert's firing is delivered by alert-webhook.ts — signed, retried with backoff
 * on timeouts and 5xx, each attempt recorded — once every alert has been evaluated, the
 * deliveries side by side, so one slow receiver does not hold up the others' firings.
 */
import type { Knex } from "knex";
import type { AlertFired } from "../../contract/realtime.ts";
import { everyAlert, forgetFiring, recordFiring, rollupSum, type Alert, type AlertFiring } from "../../ledgers/alerts.ts";
import { fires, windowOf } from "./alert-rule.ts";
import { deliverFiring, type WebhookDeliveryDeps } from "./alert-webhook.ts";
import { CARBON_PROJECTION } from "./rollup-rows.ts";

/** What an evaluation needs. */
export interface AlertEvaluatorDeps extends WebhookDeliveryDeps {
  readonly knex: Knex;
  /** Publish on a JetStream subject with a message id (events/publisher.ts). */
  readonly publish: (subject: string, payload: unknown, messageId: string) => Promise<void>;
  /** `<P>.alerts.fired`. */
  readonly subject: string;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

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

/**
 * Evaluate every alert for the day of `now` (UTC).
 * @returns the firings this call stored (and announced); none when they already fired today
 */
export async function evaluateAlerts(deps: AlertEvaluatorDeps, now = new Date()): Promise<AlertFiring[]> {
  const day = now.toISOString().slice(0, 10);
  const alerts = await everyAlert(deps.knex);
  const stored: AlertFiring[] = [];
  const webhooks: { alert: Alert; event: AlertFired }[] = [];
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
    if (alert.channel === "webhook") webhooks.push({ alert, event });
  }
  await Promise.all(webhooks.map((w) => deliverFiring(deps, w.alert, w.event)));
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
