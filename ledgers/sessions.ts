/**
 * Login sessions and rotating refresh tokens (PostgreSQL ledger, migration 0013).
 *
 * A session is one login: a family of refresh tokens of which only the newest is usable.
 * Using a refresh token marks it used and issues the next one; presenting a used one again
 * means it was copied, so the whole family (the session) is revoked. Tokens are 256 random
 * bits, stored only as SHA-256 hashes (a fast hash is right for random secrets).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const newRefreshToken = () => `rt_${randomBytes(32).toString("base64url")}`;

/** A session just opened or continued, with the refresh token to present next time. */
export interface IssuedSession {
  readonly sessionId: string;
  readonly userId: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
}

/** What presenting a refresh token came to. */
export type Rotation =
  | ({ readonly outcome: "rotated" } & IssuedSession)
  /** A token already used: the session it belonged to is now revoked. */
  | { readonly outcome: "reused"; readonly sessionId: string; readonly userId: string }
  /** Unknown, or its session was revoked or has expired. */
  | { readonly outcome: "invalid" };

async function issueToken(knex: Knex, sessionId: string): Promise<string> {
  const token = newRefreshToken();
  await knex("refresh_tokens").insert({ token_hash: sha256(token), session_id: sessionId });
  return token;
}

/** Open a session for a user that just proved who they are; it lasts `ttlSeconds` at most. */
export async function openSession(knex: Knex, userId: string, ttlSeconds: number): Promise<IssuedSession> {
  return knex.transaction(async (trx) => {
    const [row] = (await trx("auth_sessions")
      .insert({ user_id: userId, expires_at: trx.raw("now() + make_interval(secs => ?)", [ttlSeconds]) })
      .returning(["id", "expires_at"])) as { id: string; expires_at: Date }[];
    return { sessionId: row!.id, userId, refreshToken: await issueToken(trx, row!.id), expiresAt: row!.expires_at };
  });
}

/**
 * Exchange a refresh token for the next one of its family. The row is locked, so two
 * concurrent uses of one token cannot both succeed: the second is a reuse.
 */
export async function rotateRefreshToken(knex: Knex, token: string): Promise<Rotation> {
  return knex.transaction(async (trx) => {
    const row = (await trx("refresh_tokens as t")
      .join("auth_sessions as s", "s.id", "t.session_id")
      .where("t.token_hash", sha256(token))
      .forUpdate("t")
      .first("t.token_hash", "t.used_at", "s.id as session_id", "s.user_id", "s.revoked_at", "s.expires_at", trx.raw("s.expires_at <= now() as expired"))) as
      | { token_hash: string; used_at: Date | null; session_id: string; user_id: string; revoked_at: Date | null; expires_at: Date; expired: boolean }
      | undefined;
    if (!row) return { outcome: "invalid" };
    if (row.used_at) {
      await revokeSessionIn(trx, row.session_id, "refresh token reused");
      return { outcome: "reused", sessionId: row.session_id, userId: row.user_id };
    }
    if (row.revoked_at || row.expired) return { outcome: "invalid" };
    await trx("refresh_tokens").where({ token_hash: row.token_hash }).update({ used_at: trx.fn.now() });
    return { outcome: "rotated", sessionId: row.session_id, userId: row.user_id, refreshToken: await issueToken(trx, row.session_id), expiresAt: row.expires_at };
  });
}

async function revokeSessionIn(knex: Knex, sessionId: string, reason: string): Promise<boolean> {
  const updated = await knex("auth_sessions").where({ id: sessionId }).whereNull("revoked_at").update({ revoked_at: knex.fn.now(), revoked_reason: reason });
  return updated > 0;
}

/**
 * The open session whose newest refresh token this is (for ending the session a browser held
 * before it logged in again); undefined for an unknown, used, revoked or expired token.
 */
export async function openSessionOfRefreshToken(knex: Knex, token: string): Promise<{ sessionId: string; userId: string } | undefined> {
  const row = (await knex("refresh_tokens as t")
    .join("auth_sessions as s", "s.id", "t.session_id")
    .where("t.token_hash", sha256(token))
    .whereNull("t.used_at")
    .whereNull("s.revoked_at")
    .where("s.expires_at", ">", knex.fn.now())
    .first("s.id as session_id", "s.user_id")) as { session_id: string; user_id: string } | undefined;
  return row && { sessionId: row.session_id, userId: row.user_id };
}

/** End a session (logout); false when it was already ended or never existed. */
export function revokeSession(knex: Knex, sessionId: string, reason: string): Promise<boolean> {
  return revokeSessionIn(knex, sessionId, reason);
}

/** Is this session open (not revoked, not expired)? */
export async function isSessionActive(knex: Knex, sessionId: string): Promise<boolean> {
  const row = await knex("auth_sessions").where({ id: sessionId }).whereNull("revoked_at").where("expires_at", ">", knex.fn.now()).first("id");
  return row !== undefined;
}

/** Which of these sessions are still open: for re-checking open sockets in one query. */
export async function activeSessionIds(knex: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await knex("auth_sessions").whereIn("id", [...new Set(ids)]).whereNull("revoked_at").where("expires_at", ">", knex.fn.now()).select("id")) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
