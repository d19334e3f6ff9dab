/**
 * What every limit shares: counters in Redis through rate-limiter-flexible (atomic Lua
 * increments, so every api process counts into the same budget), keys under the
 * configured REDIS_PREFIX (the shared ioredis client prefixes them), and the headers a
 * client reads — `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds;
 * IETF draft "RateLimit header fields") and, on a 429, `Retry-After` (set by problem.ts).
 */
import type { Response } from "express";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { errors } from "../../domain/errors.ts";

/** A Redis-backed counter of `points` per `durationSeconds` under `rl:<name>:`. */
export function redisLimiter(redis: Redis, name: string, points: number, durationSeconds: number): RateLimiterRedis {
  // rejectIfRedisNotReady: with Redis down, fail at once (503) rather than wait.
  return new RateLimiterRedis({ storeClient: redis, keyPrefix: `rl:${name}`, points, duration: durationSeconds, rejectIfRedisNotReady: true });
}

const unavailable = () => errors.serviceUnavailable("redis", "Rate limits cannot be checked; retry shortly.");

/**
 * Run a limiter call: a budget exhausted comes back as its RateLimiterRes (the library
 * rejects with one), a store failure as a 503 naming Redis.
 */
export async function settle(call: Promise<RateLimiterRes>): Promise<{ allowed: boolean; res: RateLimiterRes }> {
  try {
    return { allowed: true, res: await call };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, res: rejection };
    throw unavailable();
  }
}

/** Points consumed under `key` so far and ms until they reset (0 and 0 when none). */
export async function peek(limiter: RateLimiterRedis, key: string): Promise<{ consumed: number; resetMs: number }> {
  const res = await limiter.get(key).catch(() => {
    throw unavailable();
  });
  return { consumed: res?.consumedPoints ?? 0, resetMs: res?.msBeforeNext ?? 0 };
}

/** Whole seconds until `ms` from now, at least 1. */
export const secondsFrom = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Set the RateLimit-* headers of the tightest budget a request met. */
export function setRateLimitHeaders(res: Response, budget: { limit: number; remaining: number; resetMs: number }): void {
  res.setHeader("RateLimit-Limit", String(budget.limit));
  res.setHeader("RateLimit-Remaining", String(Math.max(0, budget.remaining)));
  res.setHeader("RateLimit-Reset", String(secondsFrom(budget.resetMs)));
}
