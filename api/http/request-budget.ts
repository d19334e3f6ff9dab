/**
 * Request budgets: every authenticated request spends one point of its API key's budget
 * (keys) and of each organization it acts for (a key's organization, a user's
 * memberships) — so one noisy key, or all of an organization's keys and people together,
 * cannot starve the platform. Admins and facilitators act for no organization and have no
 * organization budget. A request without credentials (logins, refreshes, signed webhook
 * deliveries, public reads) spends the budget of its client address, so no route is
 * unlimited. Every answer carries the RateLimit-* headers of the tightest budget it spent;
 * an exhausted one is a 429 problem with Retry-After.
 */
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { errors } from "../../domain/errors.ts";
import type { Config } from "../../platform/config.ts";
import { orgIdsOf, type Principal } from "../auth/principal.ts";
import { redisLimiter, secondsFrom, setRateLimitHeaders, settle } from "./rate-limits.ts";

/** The budgets a principal's request spends: which kind, under which key. */
export function budgetsOf(p: Principal): { kind: "apiKey" | "organization" | "address"; key: string }[] {
  const keys = p.kind === "api_key" ? [{ kind: "apiKey" as const, key: p.id }] : [];
  return [...keys, ...[...new Set(orgIdsOf(p))].map((orgId) => ({ kind: "organization" as const, key: orgId }))];
}

/** Middleware spending the request budgets of the authenticated caller (mount after authenticate). */
export function requestBudget(redis: Redis, limits: Config["limits"]["requests"]): RequestHandler {
  const limiters = {
    apiKey: { limiter: redisLimiter(redis, "requests:api-key", limits.perApiKey, limits.windowSeconds), limit: limits.perApiKey },
    organization: { limiter: redisLimiter(redis, "requests:organization", limits.perOrganization, limits.windowSeconds), limit: limits.perOrganization },
    address: { limiter: redisLimiter(redis, "requests:address", limits.perAddress, limits.windowSeconds), limit: limits.perAddress },
  };
  return (req, res, next) => {
    // A request is counted once, even when it passes this middleware on two routers.
    if (res.hasHeader("RateLimit-Limit")) return next();
    const principal = req.principal;
    const budgets = principal ? budgetsOf(principal) : [{ kind: "address" as const, key: req.ip ?? "unknown" }];
    const spend = budgets.map(async ({ kind, key }) => {
      const { limiter, limit } = limiters[kind];
      const { allowed, res: state } = await settle(limiter.consume(key));
      return { allowed, limit, remaining: limit - state.consumedPoints, resetMs: state.msBeforeNext };
    });
    Promise.all(spend)
      .then((budgets) => {
        if (budgets.length === 0) return next();
        const refused = budgets.filter((b) => !b.allowed).sort((a, b) => b.resetMs - a.resetMs)[0];
        const tightest = refused ?? [...budgets].sort((a, b) => a.remaining - b.remaining)[0]!;
        setRateLimitHeaders(res, tightest);
        next(refused ? errors.rateLimited(secondsFrom(refused.resetMs)) : undefined);
      })
      .catch(next);
  };
}
