/**
 * Login throttling against password guessing: failed logins are counted per account
 * (the e-mail, whether or not it exists, so the limit says nothing about which do) and
 * per client address. Reaching either limit locks that key: every login for it — the right
 * password too — is a 429 with Retry-After until the lockout ends. Each further lockout of
 * the same key within a day lasts twice as long as the one before, up to the maximum
 * (exponential backoff). A successful login clears its account's failures; an address's
 * failures are not cleared, so one address cannot try many accounts.
 */
import type { Response } from "express";
import type { Redis } from "ioredis";
import type { RateLimiterRedis } from "rate-limiter-flexible";
import { errors } from "../../domain/errors.ts";
import { normalizeEmail } from "../../ledgers/accounts.ts";
import type { Config } from "../../platform/config.ts";
import { peek, redisLimiter, secondsFrom, setRateLimitHeaders, settle } from "../http/rate-limits.ts";

const DAY_SECONDS = 86_400;

/** The lockout after `n` lockouts (n ≥ 1) of one key: base · 2^(n-1), at most max. */
export function lockoutSeconds(n: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.min(Math.max(n, 1) - 1, 30));
}

interface Counter {
  readonly kind: "account" | "address";
  readonly failures: RateLimiterRedis;
  readonly limit: number;
  readonly key: string;
}

/** Throttling of POST /auth/login. */
export class LoginThrottle {
  private readonly accounts: RateLimiterRedis;
  private readonly addresses: RateLimiterRedis;
  private readonly lockouts: RateLimiterRedis;

  constructor(redis: Redis, private readonly limits: Config["limits"]["login"]) {
    this.accounts = redisLimiter(redis, "login:account", limits.maxFailuresPerAccount, limits.windowSeconds);
    this.addresses = redisLimiter(redis, "login:address", limits.maxFailuresPerAddress, limits.windowSeconds);
    // Counts lockouts per key over a day: the backoff's exponent.
    this.lockouts = redisLimiter(redis, "login:lockouts", 1_000_000, DAY_SECONDS);
  }

  private counters(email: string, address: string): Counter[] {
    return [
      { kind: "account", failures: this.accounts, limit: this.limits.maxFailuresPerAccount, key: normalizeEmail(email) },
      { kind: "address", failures: this.addresses, limit: this.limits.maxFailuresPerAddress, key: address },
    ];
  }

  /** Refuse (429) a login whose account or address is locked; sets the RateLimit-* headers. */
  async check(res: Response, email: string, address: string): Promise<void> {
    let tightest: { limit: number; remaining: number; resetMs: number } | undefined;
    for (const c of this.counters(email, address)) {
      const { consumed, resetMs } = await peek(c.failures, c.key);
      const budget = { limit: c.limit, remaining: c.limit - consumed, resetMs: resetMs || this.limits.windowSeconds * 1000 };
      if (consumed >= c.limit) {
        setRateLimitHeaders(res, { ...budget, remaining: 0 });
        throw errors.rateLimited(secondsFrom(budget.resetMs));
      }
      if (!tightest || budget.remaining < tightest.remaining) tightest = budget;
    }
    if (tightest) setRateLimitHeaders(res, tightest);
  }

  /** Count a failed login; a key reaching its limit is locked for its backoff. Returns the lockouts it started. */
  async failed(email: string, address: string): Promise<{ kind: Counter["kind"]; seconds: number }[]> {
    const started: { kind: Counter["kind"]; seconds: number }[] = [];
    for (const c of this.counters(email, address)) {
      const { res } = await settle(c.failures.consume(c.key));
      if (res.consumedPoints < c.limit) continue;
      const { res: count } = await settle(this.lockouts.consume(`${c.failures.keyPrefix}:${c.key}`));
      const seconds = lockoutSeconds(count.consumedPoints, this.limits.lockoutSeconds, this.limits.lockoutMaxSeconds);
      await settle(c.failures.block(c.key, seconds));
      started.push({ kind: c.kind, seconds });
    }
    return started;
  }

  /** A successful login clears its account's failures (not its address's). */
  async succeeded(email: string): Promise<void> {
    await this.accounts.delete(normalizeEmail(email)).catch(() => undefined);
  }
}
