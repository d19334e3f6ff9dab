/**
 * Webhook firings still to be sent (`alert_webhook_due`, issue 13): the durable side of
 * the retries. A row is due at `due_at`; whichever worker runs claims due rows with
 * `FOR UPDATE SKIP LOCKED` — two workers never claim the same row — and, in the same
 * statement, counts the attempt and moves `due_at` on by a lease, so a worker that dies
 * mid-attempt leaves the firing due again once the lease has run out. What the attempt
 * ended with then reschedules it (backoff), or removes it (delivered, given up); an outcome
 * is only written by the claim that still holds the row (`attempts` unchanged), so a stale
 * worker cannot reschedule what another has since taken over.
 */
import type { Knex } from "knex";

/** A claimed delivery: the firing and the number of the attempt this claim may make. */
export interface ClaimedDelivery {
  readonly firingId: string;
  readonly attempt: number;
}

const secs = (ms: number) => ms / 1000;
/** The time `ms` from now, as PostgreSQL computes it (its clock, not this process's). */
const fromNow = (knex: Knex, ms: number) => knex.raw("now() + make_interval(secs => ?)", [secs(ms)]);

/** Make a held firing due now (the evaluator, once the firing is announced). */
export async function releaseDelivery(knex: Knex, firingId: string): Promise<void> {
  await knex("alert_webhook_due").where({ firing_id: firingId }).update({ due_at: knex.fn.now() });
}

/**
 * Claim up to `limit` due firings, oldest due first, skipping those another worker holds;
 * each claimed row's attempt count goes up by one and it is not due again for `leaseMs`.
 */
export async function claimDueDeliveries(knex: Knex, o: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const { rows } = await knex.raw<{ rows: { firing_id: string; attempts: number }[] }>(
    `with due as (
       select firing_id from alert_webhook_due where due_at <= now() order by due_at, firing_id limit ? for update skip locked
     )
     update alert_webhook_due d set attempts = d.attempts + 1, due_at = now() + make_interval(secs => ?)
       from due where d.firing_id = due.firing_id
     returning d.firing_id, d.attempts`,
    [o.limit, secs(o.leaseMs)],
  );
  return rows.map((r) => ({ firingId: r.firing_id, attempt: Number(r.attempts) }));
}

/**
 * Renew a claim right before its request goes out: false when the row is no longer this
 * claim's (its lease ran out and another worker claimed it since). A worker slowed past
 * its lease between claiming and sending would otherwise send beside the one that took
 * over; renewed here, the row stays its own for the request, which the timeout keeps
 * shorter than the lease.
 */
export async function renewClaim(knex: Knex, c: ClaimedDelivery, leaseMs: number): Promise<boolean> {
  const renewed = await knex("alert_webhook_due")
    .where({ firing_id: c.firingId, attempts: c.attempt })
    .update({ due_at: fromNow(knex, leaseMs) });
  return renewed > 0;
}

/** When the earliest due row is due (ms from now, ≥ 0); undefined when none waits. */
export async function nextDueInMs(knex: Knex): Promise<number | undefined> {
  const row = await knex("alert_webhook_due").select(knex.raw("greatest(0, extract(epoch from (min(due_at) - now())) * 1000) as ms")).first();
  const ms = (row as { ms: unknown } | undefined)?.ms;
  return ms === null || ms === undefined ? undefined : Number(ms);
}

/** The attempt failed and another is due after `delayMs`; false when the claim was lost. */
export async function retryDeliveryLater(knex: Knex, c: ClaimedDelivery, delayMs: number, error: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const moved = await trx("alert_webhook_due").where({ firing_id: c.firingId, attempts: c.attempt }).update({ due_at: fromNow(trx, delayMs) });
    if (moved === 0) return false;
    await trx("alert_firings").where({ id: c.firingId, delivery_status: "pending" }).update({ delivery_error: `${error} (attempt ${c.attempt}; retrying)`.slice(0, 500), delivery_attempts: c.attempt });
    return true;
  });
}

/** The receiver took it: the firing is delivered and no longer due (whoever holds the row). */
export async function deliverySucceeded(knex: Knex, c: ClaimedDelivery): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx("alert_webhook_due").where({ firing_id: c.firingId }).delete();
    await trx("alert_firings")
      .where({ id: c.firingId })
      .update({ delivered_at: trx.raw("coalesce(delivered_at, now())"), delivery_status: "delivered", delivery_error: null, delivery_attempts: trx.raw("greatest(delivery_attempts, ?)", [c.attempt]) });
  });
}

/**
 * Give the delivery up (a refusal, the last attempt, no endpoint): the firing is `failed`
 * with the reason, unless it was delivered meanwhile. `attempt` 0 is a claim that sent nothing.
 */
export async function deliveryFailed(knex: Knex, c: ClaimedDelivery, error: string, attemptsMade: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const gone = await trx("alert_webhook_due").where({ firing_id: c.firingId, attempts: c.attempt }).delete();
    if (gone === 0) return; // another worker holds it now
    await trx("alert_firings").where({ id: c.firingId }).whereNot({ delivery_status: "delivered" }).update({ delivery_status: "failed", delivery_error: error.slice(0, 500), delivery_attempts: attemptsMade });
  });
}
