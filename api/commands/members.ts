/**
 * An organization's members: its org_admins add people who already have an account (by
 * e-mail), change their role, and remove them; a member may leave. An organization always
 * keeps one org_admin. Every change is audited and reaches the person's open sockets at once
 * (they join or leave the organization's rooms); REST reads memberships on every request.
 * Outsiders of a confidential organization are answered as for a missing one.
 */
import { errors } from "../../domain/errors.ts";
import { changeMembership, findUserByEmail, membersOf, type Member, type Membership } from "../../ledgers/accounts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { announcePrincipalChange } from "../auth/principal-changes.ts";
import { canAdministerOrg, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOwnOrganization } from "./organizations.ts";

/** Users whose account may hold a membership: facilitators act through mandates, partners through keys. */
const MEMBER_ACCOUNTS = new Set(["org_admin", "org_member"]);

/** The organization's members, for its members and cross-organization roles. */
export async function membersOfOrg(ctx: ApiContext, principal: Principal, orgId: string): Promise<Member[]> {
  await getOwnOrganization(ctx, principal, orgId);
  return membersOf(ctx.knex, orgId);
}

async function apply(ctx: ApiContext, principal: Principal, orgId: string, userId: string, role: Membership["role"] | null) {
  const result = await changeMembership(ctx.knex, orgId, userId, role);
  if (result === "last-admin") throw errors.lastAdministrator(orgId);
  if (result.before === role) return result;
  const action = role === null ? "membership.removed" : result.before === null ? "membership.added" : "membership.changed";
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action, entityType: "membership", entityId: userId, payload: { before: result.before, after: role } }]);
  await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "memberships", principalId: userId }, ctx.logger);
  return result;
}

/** Add a person with an account to the organization, or change their role (org_admins only). */
export async function putMember(ctx: ApiContext, principal: Principal, orgId: string, input: { email: string; role: Membership["role"] }): Promise<{ member: Member; created: boolean }> {
  await getOwnOrganization(ctx, principal, orgId);
  if (!canAdministerOrg(principal, orgId)) throw errors.forbidden("Only the organization's administrators add members or change their roles.");
  const user = await findUserByEmail(ctx.knex, input.email);
  if (!user || user.disabled || !MEMBER_ACCOUNTS.has(user.role)) {
    throw errors.validationFailed([{ field: "body.email", message: "must be the e-mail of an active organization account (facilitators work through mandates)" }]);
  }
  const { before } = await apply(ctx, principal, orgId, user.id, input.role);
  return { member: { userId: user.id, email: user.email, displayName: user.displayName, role: input.role }, created: before === null };
}

/** End a membership: an org_admin removes anyone, a member may leave. Not a member is a 404. */
export async function removeMember(ctx: ApiContext, principal: Principal, orgId: string, userId: string): Promise<void> {
  await getOwnOrganization(ctx, principal, orgId);
  if (principal.id !== userId && !canAdministerOrg(principal, orgId)) throw errors.forbidden("Only the organization's administrators remove members.");
  const { before } = await apply(ctx, principal, orgId, userId, null);
  if (before === null) throw errors.notFound("member", userId);
}
