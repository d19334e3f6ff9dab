/**
 * Delivering webhook alerts' firings, with retries that survive the worker. The firing is
 * POSTed signed as partners' deliveries to us are (platform/webhook-signature.ts) with the
 * secret of the organization's webhook endpoint the alert names — `Turash-Webhook-Id`,
 * `Turash-Signature` (fresh for each attempt, so its timestamp is current), and the firing
 * id as `Turash-Delivery` and `Idempotency-Key`: the same on every attempt by every worker,
 * so a receiver that got an earlier attempt after all (its 2xx lost on the way back, the
 * sender dead before noting it) can tell it is the same firing and take it once.
 *
 * A firing to send is a row of `alert_webhook_due` (ledgers/alert-webhook-due.ts), not a
 * timer in a process: the dispatcher of any worker claims due rows (`FOR UPDATE SKIP
 * LOCKED`, so two workers never take the same one), makes the attempt, and then
 * reschedules it after an exponential backoff (`baseMs` · 2^(n−1), at most `capMs`) or
 * ends it — delivered on a 2xx, failed on a refusal (a 3xx, as redirects are not followed,
 * or a 4xx other than 408/429, which repeating would not change) or after `maxAttempts`.
 * No answer within the timeout, a connection error, a 5xx, 408 or 429 is retried. Every
 * attempt is recorded (`alert_webhook_attempts`) before it is sent; its primary key
 * (firing, attempt) is a second guard that one attempt is never sent twice.
 */
import type { Knex } from "knex";
import { claimWebhookAttempt, finishWebhookAttempt, firingWithAlert } from "../../ledgers/alerts.ts";
import { claimDueDeliveries, deliveryFailed, deliverySucceeded, nextDueInMs, renewClaim, retryDeliveryLater, type ClaimedDelivery } from "../../ledgers/alert-webhook-due.ts";
import { findActiveWebhookEndpoint, type KeyRing } from "../../ledgers/webhook-endpoints.ts";
import { signWebhook } from "../../platform/webhook-signature.ts";
import { firedEvent } from "./fired-event.ts";

/** How retries are spaced and when they stop. */
export interface BackoffPolicy {
  /** The wait after the first failed attempt; each later wait doubles it… */
  readonly baseMs: number;
  /** …up to this. */
  readonly capMs: number;
  /** Attempts in all before the firing is marked failed. */
  readonly maxAttempts: number;
}

/** 30 s, 1 min, 2 min… capped at 1 h; ten attempts span about 5 hours. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 10 };

/** The wait before the attempt after attempt `attempt` (1-based). */
export const backoffMs = (attempt: number, p: BackoffPolicy) => Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));

/** What a delivery needs. */
export interface WebhookDeliveryDeps {
  readonly knex: Knex;
  readonly webhookKeys: KeyRing;
  readonly fetch?: typeof fetch;
  readonly log?: { warn(obj: object, msg: string): void; error?(obj: object, msg: string): void };
  readonly backoff?: BackoffPolicy;
  /** How long an attempt waits for the receiver's answer. */
  readonly timeoutMs?: number;
  /** How long a claim keeps a firing from other workers; longer than the timeout. */
  readonly leaseMs?: number;
  /** Firings claimed at a time. */
  readonly batch?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_BATCH = 20;
const leaseOf = (deps: WebhookDeliveryDeps) => deps.leaseMs ?? (deps.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 30_000;

/** Is this answer worth asking again? Overload and server trouble are; a refusal is not. */
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

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
        // The same key on every attempt of a firing, by whichever worker: what a receiver dedupes on.
        "Idempotency-Key": firingId,
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
 * Make the claimed attempt of one firing and record where it leaves the firing.
 * @returns whether a request went out
 */
async function deliverClaimed(deps: WebhookDeliveryDeps, c: ClaimedDelivery): Promise<boolean> {
  const found = await firingWithAlert(deps.knex, c.firingId);
  if (!found) return false; // the alert was deleted since; its firings and their due rows went with it
  const { alert, firing } = found;
  const giveUp = async (error: string, made: number) => {
    deps.log?.warn({ alertId: alert.id, firingId: c.firingId, attempt: c.attempt, error }, "alert webhook not delivered");
    await deliveryFailed(deps.knex, c, error, made);
  };
  const endpoint = alert.webhookEndpointId ? await findActiveWebhookEndpoint(deps.knex, deps.webhookKeys, alert.webhookEndpointId) : undefined;
  if (!alert.webhookUrl || endpoint === undefined) return giveUp("the alert's webhook endpoint was revoked or is missing", c.attempt - 1).then(() => false);
  if (endpoint === "unreadable") return giveUp("no WEBHOOK_SECRET_KEY opens the endpoint's secret", c.attempt - 1).then(() => false);
  if (!(await renewClaim(deps.knex, c, leaseOf(deps)))) return false; // the lease ran out and another worker holds it
  if (!(await claimWebhookAttempt(deps.knex, c.firingId, c.attempt))) return false; // a stale claim: this attempt was made
  const outcome = await attemptOnce(deps, alert.webhookUrl, endpoint.endpoint.id, endpoint.secret, JSON.stringify(firedEvent(alert, firing)), c.firingId);
  await finishWebhookAttempt(deps.knex, c.firingId, c.attempt, outcome);
  if (outcome.error === null) {
    await deliverySucceeded(deps.knex, c);
    return true;
  }
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  if (!outcome.again || c.attempt >= policy.maxAttempts) {
    await giveUp(outcome.error, c.attempt);
    return true;
  }
  deps.log?.warn({ alertId: alert.id, firingId: c.firingId, attempt: c.attempt, error: outcome.error }, "alert webhook attempt failed; retrying");
  await retryDeliveryLater(deps.knex, c, backoffMs(c.attempt, policy), outcome.error);
  return true;
}

/**
 * Claim the firings due now (one batch) and make their attempts side by side, so one slow
 * receiver does not hold up the others.
 * @returns the claims made and the requests that went out
 */
export async function deliverDue(deps: WebhookDeliveryDeps): Promise<{ claimed: number; sent: number }> {
  const claims = await claimDueDeliveries(deps.knex, { limit: deps.batch ?? DEFAULT_BATCH, leaseMs: leaseOf(deps) });
  const sent = await Promise.all(claims.map((c) => deliverClaimed(deps, c)));
  return { claimed: claims.length, sent: sent.filter(Boolean).length };
}

/** A running dispatcher. */
export interface WebhookDispatcher {
  /** Look for due firings now (the evaluator calls it after queueing one). */
  kick(): void;
  readonly counts: { sent: number; failures: number };
  /** Stop looking; resolves once the attempts under way are recorded. */
  stop(): Promise<void>;
}

/**
 * Run the dispatcher of this process: it delivers what is due, then sleeps until the next
 * firing is due, `pollMs` at most (another worker may have queued one) or a `kick`.
 */
export function startWebhookDispatcher(deps: WebhookDeliveryDeps & { readonly pollMs?: number }): WebhookDispatcher {
  const counts = { sent: 0, failures: 0 };
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      clearTimeout(timer);
      wake = undefined;
    });
  const poll = deps.pollMs ?? 5_000;
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const { claimed, sent } = await deliverDue(deps);
        counts.sent += sent;
        full = claimed >= (deps.batch ?? DEFAULT_BATCH);
      } catch (err) {
        counts.failures++;
        deps.log?.error?.({ err }, "alert webhook dispatch failed");
      }
      if (stopped) break;
      if (full) continue;
      const next = await nextDueInMs(deps.knex).catch(() => undefined);
      await sleep(Math.min(poll, next ?? poll));
    }
  })();
  return {
    kick: () => wake?.(),
    counts,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
