/**
 * Invitations: org_admins invite by e-mail with a role, list and revoke pending ones; the
 * invitee previews the link, accepts it logged in, or registers an account with it.
 * Routes stay thin: validate → authorize (in the command) → present.
 */
import { Router } from "express";
import { z } from "zod";
import { MAX_LISTED, wire } from "../../http/wire.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { singleLine, text } from "../../../domain/schemas/strings.ts";
import { acceptInvitation, invitationsOf, invite, previewInvitation, registerWithInvitation, revoke } from "../../commands/invitations.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { createMailer } from "../../../platform/mailer.ts";
import type { InvitationPreview as PreviewWire, InvitationView as InvitationWire } from "../../../contract/organizations.ts";
import type { Invitation } from "../../../ledgers/invitations.ts";

const ROLES = ["org_admin", "org_member"] as const;
const USERS = ["admin", "facilitator", "org_admin", "org_member"] as const;
const OrgParams = z.object({ id: ExternalId });
const Token = singleLine(200, { min: 1 }).describe("the token of the invitation link (after #/invite/)");
const TokenBody = z.strictObject({ token: Token });

const InvitationView = z.object({
  id: wire.id(),
  email: wire.name(),
  role: z.enum(ROLES),
  invitedBy: wire.id(),
  createdAt: wire.time(),
  expiresAt: wire.time(),
}) satisfies z.ZodType<InvitationWire>;
const InviteBody = z.strictObject({
  email: z.email({ error: "must be an e-mail address" }).max(254, { error: "must be at most 254 characters" }),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
});
const RegisterBody = z.strictObject({
  token: Token,
  displayName: text(120),
  password: singleLine(1024, { min: 12 }).describe("at least 12 characters"),
});
const Joined = z.object({ orgId: wire.id(), userId: wire.id(), role: z.enum(ROLES) });
const Preview = z.object({ orgId: wire.id(), organizationName: wire.name(), email: wire.name(), role: z.enum(ROLES), expiresAt: wire.time(), hasAccount: z.boolean() }) satisfies z.ZodType<PreviewWire>;

const present = (i: Invitation): InvitationWire => ({ id: i.id, email: i.email, role: i.role, invitedBy: i.invitedBy, createdAt: i.createdAt, expiresAt: i.expiresAt });
const refusedToken = { description: "the token names no pending invitation: unknown, expired, already used or revoked (field body.token)" };

/** Invitation routes. */
export function invitationRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const mailer = createMailer(ctx.config.invitations);

  defineRoute(router, registry, {
    method: "post",
    path: "/organizations/:id/invitations",
    tag: "organizations",
    summary: "Invite a colleague by e-mail with a role; the link is e-mailed (SMTP_URL) and returned once",
    description: "org_admins only. The link is PUBLIC_URL/#/invite/<token>; it works once, for INVITATION_TTL_DAYS. Only the token's hash is stored: the link cannot be shown again (revoke and invite anew).",
    policy: { roles: ["admin", "org_admin"] },
    params: OrgParams,
    body: InviteBody,
    responses: {
      201: { description: "invited", schema: z.object({ invitation: InvitationView, link: wire.token(), emailed: z.boolean().describe("false when no SMTP_URL is configured") }) },
      403: { description: "not an administrator of the organization" },
      404: { description: "no such organization (or not yours)" },
    },
    handler: async ({ principal, params, body }) => {
      const { invitation, link, emailed } = await invite(ctx, mailer, principal, params.id, body);
      return { status: 201, body: { invitation: present(invitation), link, emailed } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/invitations",
    tag: "organizations",
    summary: "The organization's pending invitations, newest first",
    description: "Invitations of the organization not yet accepted, expired or revoked, newest first: e-mail, role, who invited and when it expires. Only administrators see them; the links' tokens are never listed.",
    policy: { roles: USERS },
    params: OrgParams,
    responses: {
      200: { description: "pending invitations", schema: z.object({ items: z.array(InvitationView).max(MAX_LISTED) }) },
      403: { description: "not an administrator of the organization" },
      404: { description: "no such organization (or not yours)" },
    },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: (await invitationsOf(ctx, principal, params.id)).slice(0, MAX_LISTED).map(present) } }),
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id/invitations/:invitationId",
    tag: "organizations",
    summary: "Revoke a pending invitation: its link stops working",
    description: "Revokes a pending invitation: its link stops working at once. An accepted, expired or unknown invitation answers 404.",
    policy: { roles: ["admin", "org_admin"] },
    params: OrgParams.extend({ invitationId: z.uuid({ error: "must be an invitation id (uuid)" }).max(36) }),
    responses: {
      204: { description: "revoked" },
      403: { description: "not an administrator of the organization" },
      404: { description: "no such organization, or no such pending invitation" },
    },
    handler: async ({ principal, params }) => {
      await revoke(ctx, principal, params.id, params.invitationId);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/invitations/preview",
    tag: "organizations",
    summary: "What an invitation link opens: the organization, the role and the address invited",
    description: "Public: the token is the credential (a POST, so it stays out of URLs and logs); reading changes nothing. Says whether the address has an account (log in and accept) or not (register with the invitation).",
    policy: { public: true },
    body: TokenBody,
    responses: { 200: { description: "a pending invitation", schema: Preview }, 400: refusedToken },
    handler: async ({ body }) => ({ status: 200, body: (await previewInvitation(ctx, body.token)) satisfies PreviewWire }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/invitations/accept",
    tag: "organizations",
    summary: "Accept an invitation as the logged-in user it was sent to; you become a member at once",
    description: "The caller's e-mail must be the invited one. A member already keeps their role. The caller's open sockets join the organization's rooms.",
    policy: { roles: USERS },
    body: TokenBody,
    responses: {
      200: { description: "joined", schema: Joined },
      400: refusedToken,
      403: { description: "the invitation was sent to another e-mail address" },
    },
    handler: async ({ principal, body }) => ({ status: 200, body: await acceptInvitation(ctx, principal, body.token) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/invitations/register",
    tag: "organizations",
    summary: "Register an account for the invited address with the invitation, and join; then log in",
    description: "For an invitee without an account: the token from the invitation link, a display name and a password create the account for the invited address and join the organization with the invited role. Then log in with POST /auth/login. An address that already has an account logs in and accepts instead (409).",
    policy: { public: true },
    body: RegisterBody,
    responses: {
      201: { description: "account created and joined", schema: Joined },
      400: refusedToken,
      409: { description: "the address already has an account: log in and accept instead" },
    },
    handler: async ({ body }) => ({ status: 201, body: await registerWithInvitation(ctx, body.token, { displayName: body.displayName, password: body.password }) }),
  });

  return router;
}
