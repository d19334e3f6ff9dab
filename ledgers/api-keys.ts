/**
 * API keys for partner systems. A key is `tk_<prefix>_<secret>`: the prefix identifies it
 * (and is shown in lists), the 256-bit secret is shown once at creation and stored only as
 * a SHA-256 hash — a fast hash is right here because the secret is random, not a password.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Knex } from "knex";

/** What a key may do. */
export const API_KEY_SCOPES = ["flows:read", "flows:write", "matches:read", "proposals:read", "proposals:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A key as listed (never with its secret). */
export interface ApiKey {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const KEY_PATTERN = /^tk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Create a key; the returned `secret` is the only time the full key exists outside the caller. */
export async function createApiKey(
  knex: Knex,
  input: { orgId: string; name: string; scopes: readonly ApiKeyScope[]; createdBy: string | null },
): Promise<{ key: ApiKey; secret: string }> {
  const prefix = randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 12);
  const secret = `tk_${prefix}_${randomBytes(32).toString("base64url")}`;
  const [row] = await knex<ApiKeyRow>("api_keys")
    .insert({ org_id: input.orgId, name: input.name, prefix, key_hash: sha256(secret), scopes: [...input.scopes], created_by: input.createdBy } as never)
    .returning("*");
  return { key: toApiKey(row!), secret };
}

/** The active key matching this secret, or undefined (unknown, malformed or revoked). */
export async function verifyApiKey(knex: Knex, secret: string): Promise<ApiKey | undefined> {
  const match = KEY_PATTERN.exec(secret);
  if (!match) return undefined;
  const row = await knex<ApiKeyRow>("api_keys").where({ prefix: match[1] }).first();
  if (!row || row.revoked_at) return undefined;
  const expected = Buffer.from(row.key_hash, "hex");
  const actual = Buffer.from(sha256(secret), "hex");
  if (!timingSafeEqual(expected, actual)) return undefined;
  // Best effort: usage tracking must not fail the request.
  void knex("api_keys").where({ id: row.id }).update({ last_used_at: knex.fn.now() }).catch(() => undefined);
  return toApiKey(row);
}

/** Keys of one organization, newest first. */
export async function listApiKeys(knex: Knex, orgId: string): Promise<ApiKey[]> {
  const rows = await knex<ApiKeyRow>("api_keys").where({ org_id: orgId }).orderBy("created_at", "desc");
  return rows.map(toApiKey);
}

/** Revoke a key of this organization; returns false when there is no such key. */
export async function revokeApiKey(knex: Knex, orgId: string, id: string): Promise<boolean> {
  const updated = await knex("api_keys").where({ id, org_id: orgId }).whereNull("revoked_at").update({ revoked_at: knex.fn.now() });
  return updated > 0;
}

/** Which of these key ids are still active (not revoked): for re-checking open sockets. */
export async function activeApiKeyIds(knex: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await knex("api_keys").whereIn("id", [...new Set(ids)]).whereNull("revoked_at").select("id")) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
