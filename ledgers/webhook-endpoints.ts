/**
 * Webhook endpoints: one per partner integration of an organization. Each has a signing
 * secret `whsec_<base64url of 32 random bytes>`, shown once at creation (like an API key)
 * and stored sealed with AES-256-GCM (secret-box.ts) because verifying an HMAC needs the
 * secret itself, not a hash of it.
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

/**
 * Create an endpoint; the returned `secret` is the only time it leaves the server.
 * @param masterSecret the configuration's `auth.jwtSecret`, from which the sealing key is derived
 */
export async function createWebhookEndpoint(
  knex: Knex,
  masterSecret: string,
  input: { orgId: string; name: string; createdBy: string | null },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const sealed = seal(deriveKey(masterSecret, KEY_PURPOSE), secret, id);
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
 * when the id is not a uuid, unknown or revoked.
 */
export async function findActiveWebhookEndpoint(
  knex: Knex,
  masterSecret: string,
  id: string,
): Promise<{ endpoint: WebhookEndpoint; secret: string } | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await knex<WebhookEndpointRow>("webhook_endpoints").where({ id }).whereNull("revoked_at").first();
  if (!row) return undefined;
  const secret = open(
    deriveKey(masterSecret, KEY_PURPOSE),
    { ciphertext: row.secret_ciphertext, iv: row.secret_iv, tag: row.secret_tag, scheme: row.secret_scheme },
    row.id,
  );
  return { endpoint: toEndpoint(row), secret };
}
