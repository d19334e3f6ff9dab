/**
 * Invitations: an organization's administrators invite a colleague by e-mail with a role;
 * the link (PUBLIC_URL/#/invite/<token>) is e-mailed when SMTP is configured and logged at
 * info either way, and shown once to the inviter. The invitee accepts it logged in with the
 * invited address, or registers an account for that address with it. A token works once,
 * until it expires or is revoked. Outsiders of a confidential organization are answered as
 * for a missing one; members who do not administer it get 403.
 */
import { errors } from "../../domain/errors.ts";
import type { Business } from "../../domain/schemas/business.ts";
import { readEntities } from "../../graph/entity-store.ts";
import { createUser, findUser, findUserByEmail, normalizeEmail, type Membership } from "../../ledgers/accounts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import {
  consumeInvitation,
  createInvitation,
  invitationByToken,
  pendingInvitations,
  revokeInvitation,
  type Invitation,
  type InvitationRefusal,
} from "../../ledgers/invitations.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { announcePrincipalChange } from "../auth/principal-changes.ts";
import { canAdministerOrg, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOwnOrganization } from "./organizations.ts";

// The token travels in bodies, never in a URL (access logs, Referer): its field is body.token.
const TOKEN_FIELD = "body.token";

const REFUSALS: Record<InvitationRefusal, string> = {
  unknown: "is not an invitation (check the link is complete)",
  expired: "has expired; ask the organization's administrator for a new invitation",
  used: "was already used",
  revoked: "was revoked by the organization",
};

const refused = (why: InvitationRefusal) => errors.validationFailed([{ field: TOKEN_FIELD, message: REFUSALS[why] }]);

async function administered(ctx: ApiContext, principal: Principal, orgId: string, act: string) {
  const { stored } = await getOwnOrganization(ctx, principal, orgId);
  if (!canAdministerOrg(principal, orgId)) throw errors.forbidden(`Only the organization's administrators ${act}.`);
  return stored.doc as Business;
}

/** The link an invitee opens in the client. */
export const invitationLink = (publicUrl: string, token: string) => `${publicUrl}/#/invite/${token}`;

/**
 * Invite a colleague (org_admins only): record the invitation, e-mail the link if SMTP is
 * configured, log it, audit it. The link is returned to the inviter this once.
 */
export async function invite(
  ctx: ApiContext,
  mailer: Mailer,
  principal: Principal,
  orgId: string,
  input: { email: string; role: Membership["role"] },
): Promise<{ invitation: Invitation; link: string; emailed: boolean }> {
  const org = await administered(ctx, principal, orgId, "invite colleagues");
  const email = normalizeEmail(input.email);
  const { invitation, token } = await createInvitation(ctx.knex, { orgId, email, role: input.role, invitedBy: principal.id, ttlSeconds: ctx.config.invitations.ttlSeconds });
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "invitation.created", entityType: "invitation", entityId: invitation.id, payload: { email, role: input.role, expiresAt: invitation.expiresAt } }]);
  const link = invitationLink(ctx.config.invitations.publicUrl, token);
  const inviter = principal.kind === "user" ? ((await findUser(ctx.knex, principal.id))?.displayName ?? "A colleague") : "A colleague";
  const emailed = await mailer.send({
    to: email,
    subject: `${inviter} invites you to ${org.name} on Turash`,
    text: `${inviter} invites you to join ${org.name} on Turash as ${input.role === "org_admin" ? "an administrator" : "a member"}.\n\nOpen this link to accept (it works once, until ${invitation.expiresAt}):\n${link}\n`,
  });
  // The link is the one way in until it is used: a developer without SMTP takes it from here.
  ctx.logger.info({ orgId, invitationId: invitation.id, email, emailed, url: link }, "invitation link");
  return { invitation, link, emailed };
}

/** Pending invitations of the organization (org_admins only). */
export async function invitationsOf(ctx: ApiContext, principal: Principal, orgId: string): Promise<Invitation[]> {
  await administered(ctx, principal, orgId, "see invitations");
  return pendingInvitations(ctx.knex, orgId);
}

/** Revoke a pending invitation (org_admins only); one that is not pending is a 404. */
export async function revoke(ctx: ApiContext, principal: Principal, orgId: string, invitationId: string): Promise<void> {
  await administered(ctx, principal, orgId, "revoke invitations");
  if (!(await revokeInvitation(ctx.knex, orgId, invitationId))) throw errors.notFound("invitation", invitationId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "invitation.revoked", entityType: "invitation", entityId: invitationId, payload: {} }]);
}

/** What the link opens, before accepting: the organization's name, the role and the address invited. */
export async function previewInvitation(ctx: ApiContext, token: string): Promise<{ orgId: string; organizationName: string; email: string; role: Membership["role"]; expiresAt: string; hasAccount: boolean }> {
  const found = await invitationByToken(ctx.knex, token);
  if (typeof found === "string") throw refused(found);
  const org = (await readEntities<Business>(ctx.neo4j, "Business", [found.orgId])).get(found.orgId);
  if (!org) throw refused("unknown");
  const account = await findUserByEmail(ctx.knex, found.email);
  return { orgId: found.orgId, organizationName: org.doc.name, email: found.email, role: found.role, expiresAt: found.expiresAt, hasAccount: account !== undefined };
}

async function joined(ctx: ApiContext, result: { invitation: Invitation; userId: string } | InvitationRefusal) {
  if (typeof result === "string") throw refused(result);
  const { invitation, userId } = result;
  await appendAudit(ctx.knex, [
    { actor: userId, orgId: invitation.orgId, action: "invitation.accepted", entityType: "invitation", entityId: invitation.id, payload: { role: invitation.role } },
    { actor: userId, orgId: invitation.orgId, action: "membership.added", entityType: "membership", entityId: userId, payload: { before: null, after: invitation.role, invitation: invitation.id } },
  ]);
  // The new member's open sockets join the organization's rooms at once.
  await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "memberships", principalId: userId }, ctx.logger);
  return { orgId: invitation.orgId, userId, role: invitation.role };
}

/** A logged-in user accepts an invitation sent to their own address. */
export async function acceptInvitation(ctx: ApiContext, principal: Principal, token: string) {
  const user = principal.kind === "user" ? await findUser(ctx.knex, principal.id) : undefined;
  if (!user) throw errors.forbidden("Invitations are accepted by a person's account.");
  const result = await consumeInvitation(ctx.knex, token, async (_trx, invitation) => {
    if (invitation.email !== user.email) throw errors.forbidden(`This invitation was sent to another e-mail address; log in as ${invitation.email} to accept it.`, { field: TOKEN_FIELD });
    return user.id;
  });
  return joined(ctx, result);
}

/**
 * Someone without an account registers one for the invited address with the invitation,
 * as an organization account in the invited role. An address that has an account logs in
 * and accepts instead (409).
 */
export async function registerWithInvitation(ctx: ApiContext, token: string, input: { displayName: string; password: string }) {
  const result = await consumeInvitation(ctx.knex, token, async (trx, invitation) => {
    const { user, created } = await createUser(trx, { email: invitation.email, password: input.password, displayName: input.displayName, role: invitation.role });
    if (!created) throw errors.alreadyExists("account", invitation.email);
    return user.id;
  });
  return joined(ctx, result);
}
