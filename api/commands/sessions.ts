/**
 * Logging in, renewing and logging out. A login opens a session (ledgers/sessions.ts) and
 * answers a short access token naming it plus the session's first refresh token; a refresh
 * rotates the refresh token; presenting a rotated one again revokes the session; logout
 * revokes it. Every end of a session is announced to the socket servers, which disconnect
 * its sockets. Logins and failed logins are written to the audit log, under each
 * organization the user belongs to (so its org_admins can read them).
 */
import type { Response } from "express";
import { errors } from "../../domain/errors.ts";
import { findUser, findUserByEmail, membershipsOf, verifyCredentials, type User } from "../../ledgers/accounts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { openSession, openSessionOfRefreshToken, revokeSession, rotateRefreshToken, type IssuedSession } from "../../ledgers/sessions.ts";
import { announcePrincipalChange } from "../auth/principal-changes.ts";
import type { LoginThrottle } from "../auth/login-throttle.ts";
import type { Principal } from "../auth/principal.ts";
import { signAccessToken } from "../auth/tokens.ts";
import type { ApiContext } from "../context.ts";

/** What a login or a refresh answers. */
export interface Tokens {
  readonly accessToken: string;
  readonly tokenType: "Bearer";
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
  readonly user: { id: string; email: string; displayName: string; role: string };
}

function tokensFor(ctx: ApiContext, user: User, session: IssuedSession): Tokens {
  const ttl = ctx.config.auth.jwtTtlSeconds;
  return {
    accessToken: signAccessToken({ sub: user.id, role: user.role, sid: session.sessionId }, ctx.config.auth.jwtSecret, ttl),
    tokenType: "Bearer",
    expiresIn: ttl,
    refreshToken: session.refreshToken,
    refreshExpiresAt: session.expiresAt.toISOString(),
    user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
  };
}

/** One entry per organization the user belongs to (none: one entry only admins read). */
async function auditAuth(ctx: ApiContext, action: string, actor: string, userId: string | undefined, payload: Record<string, unknown>): Promise<void> {
  const orgIds = userId ? (await membershipsOf(ctx.knex, userId)).map((m) => m.orgId) : [];
  const base = { actor, action, entityType: "user", entityId: userId ?? "unknown", payload };
  await appendAudit(ctx.knex, orgIds.length ? orgIds.map((orgId) => ({ ...base, orgId })) : [base]);
}

/**
 * Log in: throttled per account and address (429 while locked, whatever the password);
 * logins, failures and lockouts are audited. A wrong password and an unknown e-mail
 * answer the same 401. `replacesRefreshToken`, the refresh token the browser held until
 * now, ends that session once the login succeeds (whoever it belonged to: holding its
 * newest refresh token is what proves a right to it), so a browser that logs in as someone
 * else keeps nothing of the previous user; a stale or unknown one is ignored.
 */
export async function login(
  ctx: ApiContext,
  throttle: LoginThrottle,
  res: Response,
  input: { email: string; password: string; address: string; replacesRefreshToken?: string | undefined },
): Promise<Tokens> {
  // Attempts refused while locked are not audited one by one (that would let a flood of
  // them flood the log); the lockout itself is.
  await throttle.check(res, input.email, input.address);
  const user = await verifyCredentials(ctx.knex, input.email, input.password);
  if (!user) {
    const lockouts = await throttle.failed(input.email, input.address);
    const known = (await findUserByEmail(ctx.knex, input.email))?.id;
    const about = { email: input.email, address: input.address };
    await auditAuth(ctx, "auth.login_failed", "anonymous", known, { ...about, reason: known ? "wrong password or disabled" : "unknown e-mail" });
    for (const l of lockouts) await auditAuth(ctx, "auth.locked_out", "anonymous", known, { ...about, lockedBy: l.kind, seconds: l.seconds });
    throw errors.unauthenticated("Wrong e-mail or password.");
  }
  await throttle.succeeded(input.email);
  if (input.replacesRefreshToken) await endReplacedSession(ctx, input.replacesRefreshToken, user.id);
  const session = await openSession(ctx.knex, user.id, ctx.config.auth.refreshTtlSeconds);
  await auditAuth(ctx, "auth.login", user.id, user.id, { address: input.address, sessionId: session.sessionId });
  return tokensFor(ctx, user, session);
}

/** End the session a new login replaces: its tokens, and its sockets on every api process. */
async function endReplacedSession(ctx: ApiContext, refreshToken: string, newUserId: string): Promise<void> {
  const previous = await openSessionOfRefreshToken(ctx.knex, refreshToken);
  if (!previous || !(await revokeSession(ctx.knex, previous.sessionId, "replaced by a new login"))) return;
  await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "revoked", principalId: previous.userId, sessionId: previous.sessionId, reason: "replaced by a new login" }, ctx.logger);
  await auditAuth(ctx, "auth.session_replaced", previous.userId, previous.userId, { sessionId: previous.sessionId, sameUser: previous.userId === newUserId });
}

/** Exchange a refresh token for new tokens; a reused one ends its session (and its sockets). */
export async function refresh(ctx: ApiContext, refreshToken: string): Promise<Tokens> {
  const rotation = await rotateRefreshToken(ctx.knex, refreshToken);
  if (rotation.outcome === "reused") {
    await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "revoked", principalId: rotation.userId, sessionId: rotation.sessionId, reason: "refresh token reused" }, ctx.logger);
    await auditAuth(ctx, "auth.refresh_reused", "anonymous", rotation.userId, { sessionId: rotation.sessionId });
  }
  if (rotation.outcome !== "rotated") throw errors.unauthenticated("The refresh token is invalid, expired or already used; log in again.");
  const user = await findUser(ctx.knex, rotation.userId);
  if (!user || user.disabled) throw errors.unauthenticated("The refresh token is invalid, expired or already used; log in again.");
  return tokensFor(ctx, user, rotation);
}

/** End the caller's session: its refresh tokens, its access tokens and its sockets. */
export async function logout(ctx: ApiContext, principal: Principal): Promise<void> {
  if (principal.kind !== "user" || !principal.sessionId) throw errors.forbidden("Only a logged-in user has a session to end; revoke an API key instead.");
  await revokeSession(ctx.knex, principal.sessionId, "logout");
  await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "revoked", principalId: principal.id, sessionId: principal.sessionId, reason: "logout" }, ctx.logger);
  await auditAuth(ctx, "auth.logout", principal.id, principal.id, { sessionId: principal.sessionId });
}
