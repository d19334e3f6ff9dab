/**
 * Delivering a webhook alert's firing, with retries. The firing is POSTed signed as
 * partners' deliveries to us are (platform/webhook-signature.ts) with the secret of the
 * organization's webhook endpoint the alert names — `Turash-Webhook-Id`,
 * `Turash-Signature` (fresh for each attempt, so its timestamp is current),
 * `Turash-Delivery` (the firing id: the same on every attempt, so a receiver that got an
 * earlier attempt after all can tell it is the same firing).
 *
 * An attempt that gets no answer within the timeout, a connection error, a 5xx, 408 or 429
 * is retried after a growing delay (`retryDelaysMs`, by default 1 s, 5 s, 25 s: four
 * attempts at most); any other answer is final — a 2xx delivers, a 3xx (redirects are not
 * followed) or another 4xx is the receiver refusing, which repeating would not change.
 * Every attempt is recorded (`alert_webhook_attempts`) before it is sent: the row is a
 * claim, so two evaluations of the same firing never send the same attempt twice, and the
 * firing itself is stored once (ledgers/alerts.ts) — no firing is delivered as two.
 */
import type { Knex } from "knex";
import type { AlertFired } from "../../contract/realtime.ts";
import { claimWebhookAttempt, finishWebhookAttempt, markDelivery, type Alert } from "../../ledgers/alerts.ts";
import { findActiveWebhookEndpoint, type KeyRing } from "../../ledgers/webhook-endpoints.ts";
import { signWebhook } from "../../platform/webhook-signature.ts";

/** What a delivery needs. */
export interface WebhookDeliveryDeps {
  readonly knex: Knex;
  readonly webhookKeys: KeyRing;
  readonly fetch?: typeof fetch;
  readonly log?: { warn(obj: object, msg: string): void };
  /** The waits before the 2nd, 3rd… attempt; its length + 1 is the most attempts made. */
  readonly retryDelaysMs?: readonly number[];
  /** How long an attempt waits for the receiver's answer. */
  readonly timeoutMs?: number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 25_000];
const DEFAULT_TIMEOUT_MS = 5_000;

/** Is this answer worth asking again? Overload and server trouble are; a refusal is not. */
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attempt's outcome. */
interface Outcome {
  readonly status: number | null;
  readonly error: string | null;
  readonly again: boolean;
}

async function attemptOnce(deps: WebhookDeliveryDeps, url: string, endpointId: string, secret: string, body: string, firingId: string): Promise<Outcome> {
  try {
    const res = await (deps.fetch ?? fetch)(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "Turash-Webhook-Id": endpointId,
        "Turash-Signature": signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        "Turash-Delivery": firingId,
      },
      body,
    });
    // The body is not read: drain it so the connection is freed.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null, again: false };
    return { status: res.status, error: `the receiver answered ${res.status}`, again: retryable(res.status) };
  } catch (err) {
    const e = err as Error;
    const why = e.name === "TimeoutError" ? `no answer within ${deps.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : e.message;
    return { status: null, error: `delivery failed: ${why}`, again: true };
  }
}

/**
 * Deliver a firing of a webhook alert, retrying as the module says; the outcome is kept on
 * the firing (`deliveredAt`, or `deliveryError` of the last attempt).
 * @returns the attempts this call made (0 when another evaluation had claimed the first)
 */
export async function deliverFiring(deps: WebhookDeliveryDeps, alert: Alert, event: AlertFired): Promise<number> {
  const endpoint = alert.webhookEndpointId ? await findActiveWebhookEndpoint(deps.knex, deps.webhookKeys, alert.webhookEndpointId) : undefined;
  const refuse = async (error: string) => {
    deps.log?.warn({ alertId: alert.id, firingId: event.firingId, error }, "alert webhook not delivered");
    await markDelivery(deps.knex, event.firingId, error);
    return 0;
  };
  if (!alert.webhookUrl || endpoint === undefined) return refuse("the alert's webhook endpoint was revoked or is missing");
  if (endpoint === "unreadable") return refuse("no WEBHOOK_SECRET_KEY opens the endpoint's secret");
  const body = JSON.stringify(event);
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let made = 0;
  for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
    if (attempt > 1) await sleep(delays[attempt - 2]!);
    if (!(await claimWebhookAttempt(deps.knex, event.firingId, attempt))) return made; // another evaluation is delivering it
    made++;
    const outcome = await attemptOnce(deps, alert.webhookUrl, endpoint.endpoint.id, endpoint.secret, body, event.firingId);
    await finishWebhookAttempt(deps.knex, event.firingId, attempt, outcome);
    if (outcome.error === null) {
      await markDelivery(deps.knex, event.firingId, null);
      return made;
    }
    const last = !outcome.again || attempt === delays.length + 1;
    deps.log?.warn({ alertId: alert.id, firingId: event.firingId, attempt, error: outcome.error, final: last }, last ? "alert webhook not delivered" : "alert webhook attempt failed; retrying");
    await markDelivery(deps.knex, event.firingId, last ? outcome.error : `${outcome.error} (attempt ${attempt}; retrying)`);
    if (last) return made;
  }
  return made;
}
