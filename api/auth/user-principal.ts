/**
 * From a verified access token to the user it speaks for — the one rule REST
 * (authenticate.ts) and the socket handshake (realtime/auth.ts) share: the user exists
 * and is enabled, and the login session the token names is still open (not logged out,
 * not revoked for refresh-token reuse).
 */
import type { Knex } from "knex";
import { findUser, membershipsOf } from "../../ledgers/accounts.ts";
import { isSessionActive } from "../../ledgers/sessions.ts";
import { effectiveRole, type Principal } from "./principal.ts";
import type { VerifiedAccess } from "./tokens.ts";

/** The principal of a verified token, or undefined when its user or session is gone. */
export async function userPrincipal(knex: Knex, claims: VerifiedAccess): Promise<Principal | undefined> {
  const [user, active] = await Promise.all([findUser(knex, claims.sub), isSessionActive(knex, claims.sid)]);
  if (!user || user.disabled || !active) return undefined;
  const memberships = await membershipsOf(knex, user.id);
  return { kind: "user", id: user.id, role: effectiveRole(user.role, memberships), memberships, sessionId: claims.sid, expiresAt: claims.exp * 1000 };
}
