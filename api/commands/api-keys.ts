/**
 * API keys of an organization: creating and revoking them is the organization's
 * administrators' act, written to the audit log; a revoked key stops at once — REST reads
 * the ledger on every request, and the socket servers are told to disconnect its sockets.
 */
import { errors } from "../../domain/errors.ts";
import { createApiKey, revokeApiKey, type ApiKeyScope } from "../../ledgers/api-keys.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { announcePrincipalChange } from "../auth/principal-changes.ts";
import { canAdministerOrg, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOrganization } from "./organizations.ts";

/** Create a key; the secret in the answer is the only time it exists outside the caller. */
export async function createKey(ctx: ApiContext, principal: Principal, orgId: string, input: { name: string; scopes: readonly ApiKeyScope[] }) {
  await getOrganization(ctx, principal, orgId);
  if (!canAdministerOrg(principal, orgId)) throw errors.forbidden("Only the organization's administrators may create API keys.");
  const created = await createApiKey(ctx.knex, { orgId, name: input.name, scopes: input.scopes, createdBy: principal.kind === "user" ? principal.id : null });
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "api_key.created", entityType: "api_key", entityId: created.key.id, payload: { name: input.name, prefix: created.key.prefix, scopes: input.scopes } }]);
  return created;
}

/** Revoke a key of this organization (404 when there is no such active key). */
export async function revokeKey(ctx: ApiContext, principal: Principal, orgId: string, keyId: string): Promise<void> {
  if (!canAdministerOrg(principal, orgId)) throw errors.forbidden("Only the organization's administrators may revoke API keys.");
  if (!(await revokeApiKey(ctx.knex, orgId, keyId))) throw errors.notFound("api key", keyId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "api_key.revoked", entityType: "api_key", entityId: keyId }]);
  await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "revoked", principalId: `apikey:${keyId}`, reason: "API key revoked" }, ctx.logger);
}
