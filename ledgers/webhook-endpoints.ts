/**
 * Webhook endpoints: one per partner integration of an organization. Each has a signing
 * secret `whsec_<base64url of 32 random bytes>`, shown once at creation (like an API key)
 * and stored sealed with AES-256-GCM (secret-box.ts) because verifying an HMAC needs the
 * secret itself, not a hash of it.
 *
 * Sealing keys form a ring: the first (`WEBHOOK_SECRET_KEY`) seals, every one opens (the
 * former keys of `WEBHOOK_SECRET_KEY_PREVIOUS` during a rotation). A secret opened with a
 * former key is re-sealed under the current one at once, and {@link resealWebhookSecrets}
 * does all rows in one go, so the former keys can then be dropped.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { deriveKey, open, seal } from "./secret-box.ts";

/** An endpoint as listed (never with its secret). */
export interface WebhookEndpoint {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

interface WebhookEndpointRow {
  id: string;
  org_id: string;
  name: string;
  secret_ciphertext: Buffer;
  secret_iv: Buffer;
  secret_tag: Buffer;
  secret_scheme: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const PUBLIC_COLUMNS = ["id", "org_id", "name", "created_by", "created_at", "revoked_at"] as const;

// The HKDF purpose: a key for this use only, independent of any other key derived from the master secret.
const KEY_PURPOSE = "webhook-endpoint-secret";

const toEndpoint = (row: Pick<WebhookEndpointRow, (typeof PUBLIC_COLUMNS)[number]>): WebhookEndpoint => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** The sealing keys: the current one first, then former ones still accepted for opening. */
export type KeyRing = readonly [string, ...string[]];

const sealedOf = (row: WebhookEndpointRow) => ({ ciphertext: row.secret_ciphertext, iv: row.secret_iv, tag: row.secret_tag, scheme: row.secret_scheme });

/** The secret of a row and the index of the key that opened it; undefined when none does. */
function openWithRing(ring: KeyRing, row: WebhookEndpointRow): { secret: string; keyIndex: number } | undefined {
  for (const [keyIndex, key] of ring.entries()) {
    try {
      return { secret: open(deriveKey(key, KEY_PURPOSE), sealedOf(row), row.id), keyIndex };
    } catch {
      // GCM refuses a wrong key: try the next one.
    }
  }
  return undefined;
}

async function reseal(knex: Knex, ring: KeyRing, id: string, secret: string): Promise<void> {
  const sealed = seal(deriveKey(ring[0], KEY_PURPOSE), secret, id);
  await knex("webhook_endpoints").where({ id }).update({ secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_tag: sealed.tag, secret_scheme: sealed.scheme });
}

/**
 * Create an endpoint; the returned `secret` is the only time it leaves the server.
 * @param ring the configuration's `secrets.webhookKeys`; the first seals
 */
export async function createWebhookEndpoint(
  knex: Knex,
  ring: KeyRing,
  input: { orgId: string; name: string; createdBy: string | null },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const sealed = seal(deriveKey(ring[0], KEY_PURPOSE), secret, id);
  const [row] = await knex<WebhookEndpointRow>("webhook_endpoints")
    .insert({
      id,
      org_id: input.orgId,
      name: input.name,
      secret_ciphertext: sealed.ciphertext,
      secret_iv: sealed.iv,
      secret_tag: sealed.tag,
      secret_scheme: sealed.scheme,
      created_by: input.createdBy,
    } as never)
    .returning([...PUBLIC_COLUMNS]);
  return { endpoint: toEndpoint(row!), secret };
}

/** Endpoints of one organization, newest first (revoked ones too, marked). */
export async function listWebhookEndpoints(knex: Knex, orgId: string): Promise<WebhookEndpoint[]> {
  const rows = await knex<WebhookEndpointRow>("webhook_endpoints").select(...PUBLIC_COLUMNS).where({ org_id: orgId }).orderBy("created_at", "desc");
  return rows.map(toEndpoint);
}

/** Revoke an endpoint of this organization; false when there is no such active endpoint. */
export async function revokeWebhookEndpoint(knex: Knex, orgId: string, id: string): Promise<boolean> {
  const updated = await knex("webhook_endpoints").where({ id, org_id: orgId }).whereNull("revoked_at").update({ revoked_at: knex.fn.now() });
  return updated > 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The active endpoint with this id and its secret in clear, to verify a signature; undefined
 * when the id is not a uuid, unknown or revoked. A secret opened with a former key is
 * re-sealed under the current one; one no key opens is `"unreadable"` (the caller refuses
 * the delivery and says so in its log — a key was dropped too early).
 */
export async function findActiveWebhookEndpoint(
  knex: Knex,
  ring: KeyRing,
  id: string,
): Promise<{ endpoint: WebhookEndpoint; secret: string } | "unreadable" | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await knex<WebhookEndpointRow>("webhook_endpoints").where({ id }).whereNull("revoked_at").first();
  if (!row) return undefined;
  const opened = openWithRing(ring, row);
  if (!opened) return "unreadable";
  if (opened.keyIndex > 0) await reseal(knex, ring, row.id, opened.secret);
  return { endpoint: toEndpoint(row), secret: opened.secret };
}

/**
 * Re-seal every endpoint's secret (revoked ones too) under the ring's current key — the
 * step of a rotation after which the former keys may be dropped.
 * @returns how many were re-sealed, were already current, and could not be opened by any key
 */
export async function resealWebhookSecrets(knex: Knex, ring: KeyRing): Promise<{ resealed: number; current: number; unreadable: string[] }> {
  const rows = await knex<WebhookEndpointRow>("webhook_endpoints").select("*").orderBy("id");
  const result = { resealed: 0, current: 0, unreadable: [] as string[] };
  for (const row of rows) {
    const opened = openWithRing(ring, row);
    if (!opened) result.unreadable.push(row.id);
    else if (opened.keyIndex === 0) result.current++;
    else {
      await reseal(knex, ring, row.id, opened.secret);
      result.resealed++;
    }
  }
  return result;
}
