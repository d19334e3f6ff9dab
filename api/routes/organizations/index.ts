/** Organizations (businesses) and their API keys. */
import { Router } from "express";
import { z } from "zod";
import { text } from "../../../domain/schemas/strings.ts";
import { BusinessCreateSchema, BusinessUpdateSchema } from "../../../domain/schemas/business.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { errors } from "../../../domain/errors.ts";
import { API_KEY_SCOPES, listApiKeys } from "../../../ledgers/api-keys.ts";
import { createKey, revokeKey } from "../../commands/api-keys.ts";
import { createOrganization, eraseOrganization, getOrganization, listOrganizations, patchOrganization, suggestedFlows } from "../../commands/organizations.ts";
import { canAdministerOrg } from "../../auth/principal.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination.ts";
import { etag, withPrecondition } from "../../http/versioning.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { OrganizationView, presentOrganization } from "./presenter.ts";
import { presentSuggestedFlows, SuggestedFlowsView } from "./suggested-flows-presenter.ts";

const IdParams = z.object({ id: ExternalId });
const USER_ROLES = ["admin", "facilitator", "org_admin", "org_member"] as const;

const ApiKeyCreateBody = z.strictObject({
  name: text(100),
  scopes: z.array(z.enum(API_KEY_SCOPES, { error: `must be one of ${API_KEY_SCOPES.join(", ")}` })).min(1, { error: "must list at least one scope" }).max(API_KEY_SCOPES.length, { error: "must list each scope at most once" }),
});

/** Organization routes. */
export function organizationRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/organizations",
    tag: "organizations",
    summary: "Register an organization (the caller becomes its org_admin); replaying the same body changes nothing",
    description: "Registers an organization under your chosen `externalId`; the caller becomes its org_admin. Replaying the same body answers 200 and changes nothing, so a partner system may retry safely; another body under a taken id is a 409. New organizations are confidential: others see their flows only as anonymous listings until a match is revealed.",
    policy: { roles: USER_ROLES },
    body: BusinessCreateSchema,
    example: { externalId: "acme-dairy", name: "Acme Dairy", naceCode: "10.51", size: "medium" },
    responses: { 201: { description: "created", schema: OrganizationView }, 200: { description: "already registered with this content", schema: OrganizationView }, 409: { description: "the id is taken" } },
    handler: async ({ principal, body }) => {
      const { outcome, stored } = await createOrganization(ctx, principal, body);
      return {
        status: outcome.change === "created" ? 201 : 200,
        body: presentOrganization(stored, true),
        headers: { ETag: etag(stored.version), Location: `/api/v1/organizations/${stored.id}` },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations",
    tag: "organizations",
    summary: "Organizations the caller belongs to (every one for admins and facilitators), by cursor",
    description: "The organizations the caller belongs to (admins and facilitators see all of them), ordered by id, one page at a time: pass `nextCursor` of one answer as `cursor` of the next until it is null.",
    policy: { roles: ANY_ROLE },
    query: z.object(PageQuery),
    responses: { 200: { description: "a page", schema: pageOf(OrganizationView) } },
    handler: async ({ principal, query }) => {
      const rows = await listOrganizations(ctx, principal, decodeCursor(query.cursor), query.limit);
      const page = toPage(rows, query.limit, (r) => r.id);
      return { status: 200, body: { items: page.items.map((r) => presentOrganization(r, true)), nextCursor: page.nextCursor } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id",
    tag: "organizations",
    summary: "One organization: the full record for its members, the public profile for others",
    description: "Members of the organization get the full record with its `version` (also as ETag, for updates); others get only the public profile of a public organization, and a confidential one answers 404 as if it did not exist.",
    policy: { roles: ANY_ROLE },
    params: IdParams,
    responses: { 200: { description: "the organization", schema: OrganizationView }, 404: { description: "no such organization" } },
    handler: async ({ principal, params }) => {
      const { stored, full } = await getOrganization(ctx, principal, params.id);
      return { status: 200, body: presentOrganization(stored, full), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/suggested-flows",
    tag: "organizations",
    summary: "Flows a plant of the organization's NACE class usually offers and needs, each with a typical quantity range and its source",
    description: "What a plant of this organization's NACE class usually offers and needs, from the shipped plant templates: each suggestion names the resource type, a typical quantity range and the source of the figure. Meant to prefill a flow form; nothing is created.",
    policy: { roles: ANY_ROLE },
    params: IdParams,
    responses: { 200: { description: "the suggestions", schema: SuggestedFlowsView }, 404: { description: "no such organization, or not one of the caller's" } },
    handler: async ({ principal, params }) => {
      const { stored, expectations } = await suggestedFlows(ctx, principal, params.id);
      return { status: 200, body: presentSuggestedFlows(stored, expectations) };
    },
  });

  defineRoute(router, registry, {
    method: "patch",
    path: "/organizations/:id",
    tag: "organizations",
    summary: "Change an organization's profile; give the version you saw (body `version` or If-Match)",
    description: "Changes only the fields sent. State the version you saw (If-Match: \"3\", or `version` in the body): an older version answers 409 (body) or 412 (If-Match) and nothing changes. Only the organization's administrators may change it.",
    policy: { roles: ["admin", "org_admin"] },
    params: IdParams,
    body: BusinessUpdateSchema,
    headers: [{ name: "If-Match", description: 'the ETag you saw, e.g. "3"' }],
    responses: { 200: { description: "changed", schema: OrganizationView }, 409: { description: "version conflict" }, 412: { description: "If-Match did not match" } },
    handler: async ({ principal, params, body, req }) => {
      const stored = await withPrecondition(req, () => patchOrganization(ctx, principal, params.id, body));
      return { status: 200, body: presentOrganization(stored, true), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id",
    tag: "organizations",
    summary: "Delete an organization with everything it owns: its sites and flows, API keys, mandates and memberships",
    description:
      "Its administrators (or a platform admin) only. Sites and flows go through the write path (index, audit log, events: matches on them are withdrawn); API keys and live mandates are revoked; every membership ends. The audit log keeps what happened, and records the erasure itself (`organization.erased`) with what went. An organization you may not read is a 404, as for a missing one.",
    policy: { roles: ["admin", "org_admin"] },
    params: IdParams,
    responses: {
      200: { description: "erased; says what went", schema: z.object({ erased: z.object({ sites: z.number(), flows: z.number(), members: z.number(), apiKeys: z.number(), mandates: z.number() }) }) },
      403: { description: "a member, not an administrator" },
      404: { description: "no such organization (or not yours)" },
    },
    handler: async ({ principal, params }) => ({ status: 200, body: { erased: await eraseOrganization(ctx, principal, params.id) } }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/organizations/:id/api-keys",
    tag: "api-keys",
    summary: "Create an API key for a partner system; the key is shown once and stored hashed",
    description: "Creates a scoped API key for a partner system (scopes such as `flows:write`, `matches:read`). The key is in this answer only; Turash stores a hash. Send it as `Authorization: ApiKey <key>` or `X-API-Key`.",
    policy: { roles: ["admin", "org_admin"] },
    params: IdParams,
    body: ApiKeyCreateBody,
    responses: { 201: { description: "created; `key` is shown only now" } },
    handler: async ({ principal, params, body }) => {
      const { key, secret } = await createKey(ctx, principal, params.id, body);
      return { status: 201, body: { ...key, key: secret } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/api-keys",
    tag: "api-keys",
    summary: "The organization's API keys (prefix, scopes, last use; never the secret)",
    description: "The organization's keys with their prefix (to recognise one), scopes, creation and last use; revoked keys are marked. The secret itself is never returned.",
    policy: { roles: ["admin", "org_admin"] },
    params: IdParams,
    responses: { 200: { description: "keys" } },
    handler: async ({ principal, params }) => {
      if (!canAdministerOrg(principal, params.id)) throw errors.forbidden("Only the organization's administrators may list API keys.");
      return { status: 200, body: { items: await listApiKeys(ctx.knex, params.id) } };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id/api-keys/:keyId",
    tag: "api-keys",
    summary: "Revoke an API key; it stops working at once",
    description: "Revokes the key: every request with it is refused from now on. A revoked, foreign or unknown key answers 404.",
    policy: { roles: ["admin", "org_admin"] },
    params: IdParams.extend({ keyId: z.uuid({ error: "must be a key id (uuid)" }).max(36) }),
    responses: { 204: { description: "revoked" }, 404: { description: "no such active key" } },
    handler: async ({ principal, params }) => {
      await revokeKey(ctx, principal, params.id, params.keyId);
      return { status: 204 };
    },
  });

  return router;
}
