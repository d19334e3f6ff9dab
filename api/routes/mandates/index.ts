/**
 * Mandates — an organization lets a facilitator act for it — and the facilitators one can
 * be given to. Routes stay thin: validate → authorize (in the command) → present.
 */
import { Router } from "express";
import { z } from "zod";
import { ExternalId, IsoDateTime, freeText } from "../../../domain/schemas/common.ts";
import { MANDATE_ACTS, type Mandate } from "../../../ledgers/mandates.ts";
import { facilitators, grantMandateFor, mandatesOfFacilitator, mandatesOfOrg, revokeMandateOf } from "../../commands/mandates.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import type { MandateView } from "../../../contract/mandates.ts";
import type { FacilitatorView } from "../../../contract/organizations.ts";

const OrgParams = z.object({ id: ExternalId });
const USERS = ["admin", "facilitator", "org_admin", "org_member"] as const;

const MandateBody = z.strictObject({
  facilitatorId: z.uuid({ error: "must be a facilitator's user id (uuid)" }).max(36),
  acts: z
    .array(z.enum(MANDATE_ACTS, { error: `must be one of ${MANDATE_ACTS.join(", ")}` }))
    .min(1, { error: "must list at least one act" })
    .max(MANDATE_ACTS.length),
  note: freeText(2000).optional(),
  expiresAt: IsoDateTime.optional(),
});

/** A mandate as the wire shows it (contract/mandates.ts): `live` while neither revoked nor expired. */
const present = (m: Mandate): MandateView => ({ ...m, live: m.revokedAt === null && (m.expiresAt === null || Date.parse(m.expiresAt) > Date.now()) });

/** Mandate routes. */
export function mandateRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/organizations/:id/mandates",
    tag: "mandates",
    summary: "Let a facilitator act for your organization (say interested, propose and decide proposals, move deals)",
    description:
      "Only the organization's own org_admin grants a mandate. Acts: `interest` (decide on matches), `proposals` (propose, accept, reject, withdraw), `deals` (reserve, consent to the contract, go live, end). Granting again replaces the live mandate's acts. Every step taken under it is recorded as 'by the facilitator on behalf of the organization'.",
    policy: { roles: ["org_admin"] },
    params: OrgParams,
    body: MandateBody,
    responses: { 201: { description: "granted" }, 403: { description: "not an administrator of the organization" } },
    handler: async ({ principal, params, body }) => {
      const { mandate, replaced } = await grantMandateFor(ctx, principal, params.id, body);
      return { status: 201, body: { ...present(mandate), replaced: replaced?.id ?? null }, headers: { Location: `/api/v1/organizations/${params.id}/mandates/${mandate.id}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/mandates",
    tag: "mandates",
    summary: "The organization's mandates, live first (revoked ones stay as history)",
    description: "The mandates the organization granted to facilitators: who, which acts (accept, reserve, contract…) and since when. Live mandates come first; revoked ones stay listed as history.",
    policy: { roles: USERS },
    params: OrgParams,
    responses: { 200: { description: "mandates" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: (await mandatesOfOrg(ctx, principal, params.id)).map(present) } }),
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id/mandates/:mandateId",
    tag: "mandates",
    summary: "Revoke a mandate; the facilitator can no longer act for the organization",
    description: "Revokes a mandate at once: the facilitator can no longer act for the organization. Acts already done stay. Only the organization's administrators may revoke.",
    policy: { roles: ["org_admin"] },
    params: OrgParams.extend({ mandateId: z.uuid({ error: "must be a mandate id (uuid)" }).max(36) }),
    responses: { 200: { description: "revoked" }, 404: { description: "no such live mandate" } },
    handler: async ({ principal, params }) => ({ status: 200, body: present(await revokeMandateOf(ctx, principal, params.id, params.mandateId)) }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitators",
    tag: "mandates",
    summary: "Facilitators an organization can give a mandate to (id and name)",
    description: "The facilitators an organization can grant a mandate to, with id and display name only.",
    policy: { roles: ANY_ROLE.filter((r) => r !== "partner") },
    responses: { 200: { description: "facilitators" } },
    handler: async () => ({ status: 200, body: { items: (await facilitators(ctx)).map((u): FacilitatorView => ({ id: u.id, displayName: u.displayName })) } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitators/me/mandates",
    tag: "mandates",
    summary: "The live mandates you hold, as a facilitator: for which organizations, which acts",
    description: "For a facilitator: the live mandates they hold, which organizations granted them and for which acts.",
    policy: { roles: ["facilitator"] },
    responses: { 200: { description: "mandates" } },
    handler: async ({ principal }) => ({ status: 200, body: { items: (await mandatesOfFacilitator(ctx, principal)).map(present) } }),
  });

  return router;
}
