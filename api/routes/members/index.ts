/**
 * An organization's members: list, add or change a role (PUT by e-mail), remove or leave.
 * Routes stay thin: validate → authorize (in the command) → present.
 */
import { Router } from "express";
import { z } from "zod";
import { MAX_LISTED, wire } from "../../http/wire.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { membersOfOrg, putMember, removeMember } from "../../commands/members.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import type { MemberView as MemberWire } from "../../../contract/organizations.ts";

const OrgParams = z.object({ id: ExternalId });
const USERS = ["admin", "facilitator", "org_admin", "org_member"] as const;
const MEMBER_ROLES = ["org_admin", "org_member"] as const;

const MemberView = z.object({ userId: wire.id(), email: wire.name(), displayName: wire.name(), role: z.enum(MEMBER_ROLES) }) satisfies z.ZodType<MemberWire>;
const MemberBody = z.strictObject({
  email: z.email({ error: "must be an e-mail address" }).max(320),
  role: z.enum(MEMBER_ROLES, { error: `must be one of ${MEMBER_ROLES.join(", ")}` }),
});

/** Member routes. */
export function memberRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/members",
    tag: "organizations",
    summary: "The organization's members and their roles, administrators first",
    description: "The organization's members with their role (org_admin or org_member), administrators first. Visible to its members, facilitators and admins.",
    policy: { roles: USERS },
    params: OrgParams,
    responses: { 200: { description: "members", schema: z.object({ items: z.array(MemberView).max(MAX_LISTED) }) }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: (await membersOfOrg(ctx, principal, params.id)).slice(0, MAX_LISTED) satisfies readonly MemberWire[] } }),
  });

  defineRoute(router, registry, {
    method: "put",
    path: "/organizations/:id/members",
    tag: "organizations",
    summary: "Add a person who has an account (by e-mail) to the organization, or change their role",
    description:
      "org_admins only. The person's open sockets join the organization's rooms at once. Demoting the last org_admin is refused (LAST_ADMINISTRATOR).",
    policy: { roles: ["admin", "org_admin"] },
    params: OrgParams,
    body: MemberBody,
    responses: {
      200: { description: "role changed", schema: MemberView },
      201: { description: "added", schema: MemberView },
      403: { description: "not an administrator of the organization" },
      404: { description: "no such organization (or not yours)" },
      409: { description: "the organization would be left without an administrator" },
    },
    handler: async ({ principal, params, body }) => {
      const { member, created } = await putMember(ctx, principal, params.id, body);
      return { status: created ? 201 : 200, body: member satisfies MemberWire };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/organizations/:id/members/:userId",
    tag: "organizations",
    summary: "Remove a member (org_admins), or leave the organization (yourself)",
    description: "The person loses the organization's data on their next request, and their open sockets leave its rooms at once.",
    policy: { roles: USERS },
    params: OrgParams.extend({ userId: z.uuid({ error: "must be a user id (uuid)" }).max(36) }),
    responses: {
      204: { description: "removed" },
      403: { description: "not an administrator of the organization" },
      404: { description: "no such organization or member" },
      409: { description: "the organization's last administrator cannot leave" },
    },
    handler: async ({ principal, params }) => {
      await removeMember(ctx, principal, params.id, params.userId);
      return { status: 204 };
    },
  });

  return router;
}
