/**
 * Evaluating the organizations' threshold alerts after a carbon rollup write (the rollup
 * worker's `onWritten`, ops/matching-worker.ts). Each alert's figure is summed over its
 * window ending today; one that fires is recorded once per alert and day — the unique
 * index of `alert_firings` settles a re-evaluation or a second worker — and only the
 * evaluation that stored it publishes `<P>.alerts.fired` (the api's bridge turns it into
 * `alert:fired` for the organization's sockets) and, for a webhook alert, queues it.
 *
 * A webhook alert's firing is stored with its due row in one transaction, held for
 * `HOLD_MS` and made due at once when the announcement succeeded: the dispatcher of any
 * worker (alert-webhook.ts) then sends it, signed, with durable retries. Should this
 * process die between storing and announcing, the firing still goes out once the hold ends.
 */
import type { Knex } from "knex";
import { everyAlert, forgetFiring, recordFiring, rollupSum, type AlertFiring } from "../../ledgers/alerts.ts";
import { releaseDelivery } from "../../ledgers/alert-webhook-due.ts";
import { fires, windowOf } from "./alert-rule.ts";
import { firedEvent } from "./fired-event.ts";
import { CARBON_PROJECTION } from "./rollup-rows.ts";

export { firedEvent } from "./fired-event.ts";

/** How long a new webhook firing waits for its announcement before it is due anyway. */
const HOLD_MS = 60_000;

/** What an evaluation needs. */
export interface AlertEvaluatorDeps {
  readonly knex: Knex;
  /** Wake the webhook dispatcher (alert-webhook.ts) once a firing is due. */
  readonly kickWebhooks?: () => void;
  /** Publish on a JetStream subject with a message id (events/publisher.ts). */
  readonly publish: (subject: string, payload: unknown, messageId: string) => Promise<void>;
  /** `<P>.alerts.fired`. */
  readonly subject: string;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Evaluate every alert for the day of `now` (UTC).
 * @returns the firings this call stored (and announced); none when they already fired today
 */
export async function evaluateAlerts(deps: AlertEvaluatorDeps, now = new Date()): Promise<AlertFiring[]> {
  const day = now.toISOString().slice(0, 10);
  const alerts = await everyAlert(deps.knex);
  const stored: AlertFiring[] = [];
  let queued = false;
  for (const alert of alerts) {
    const { from, to } = windowOf(day, alert.windowDays);
    const value = await rollupSum(deps.knex, { projection: CARBON_PROJECTION, orgId: alert.orgId, metric: alert.metric, stage: alert.stage, from, to });
    if (!fires(alert, value)) continue;
    const firing = await recordFiring(deps.knex, { alertId: alert.id, orgId: alert.orgId, evaluatedDay: day, windowFrom: from, value, threshold: alert.threshold, comparison: alert.comparison }, alert.channel === "webhook" ? { deliverAfterMs: HOLD_MS } : {});
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
    if (alert.channel === "webhook") {
      await releaseDelivery(deps.knex, firing.id);
      queued = true;
    }
  }
  if (queued) deps.kickWebhooks?.();
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
