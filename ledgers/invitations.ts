/**
 * Invitations to join an organization (PostgreSQL ledger). The token in the link is 256
 * random bits, stored only as its SHA-256 — a fast hash suffices for a random secret, and a
 * leaked table opens no invitation. Accepting marks the invitation used and adds the
 * membership in one transaction, so a token works once however many requests race.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import type { Membership } from "./accounts.ts";

/** An invitation as its organization's administrators list it (never with the token). */
export interface Invitation {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: Membership["role"];
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Why a token opens no invitation. */
export type InvitationRefusal = "unknown" | "expired" | "used" | "revoked";

interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  role: Membership["role"];
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
});

/** Record an invitation; returns it with the token, which exists nowhere else afterwards. */
export async function createInvitation(
  knex: Knex,
  input: { orgId: string; email: string; role: Membership["role"]; invitedBy: string; ttlSeconds: number },
): Promise<{ invitation: Invitation; token: string }> {
  const token = `inv_${randomBytes(32).toString("base64url")}`;
  const [row] = (await knex("invitations")
    .insert({
      org_id: input.orgId,
      email: input.email,
      role: input.role,
      invited_by: input.invitedBy,
      token_hash: hashToken(token),
      expires_at: knex.raw("now() + make_interval(secs => ?)", [input.ttlSeconds]),
    })
    .returning("*")) as InvitationRow[];
  return { invitation: toInvitation(row!), token };
}

/** The organization's invitations not yet accepted, revoked or expired, newest first. */
export async function pendingInvitations(knex: Knex, orgId: string): Promise<Invitation[]> {
  const rows = (await knex("invitations")
    .where({ org_id: orgId, accepted_at: null, revoked_at: null })
    .andWhere("expires_at", ">", knex.fn.now())
    .orderBy([{ column: "created_at", order: "desc" }, "id"])) as InvitationRow[];
  return rows.map(toInvitation);
}

/** Revoke a pending invitation of the organization; false when there is none by that id. */
export async function revokeInvitation(knex: Knex, orgId: string, id: string): Promise<boolean> {
  const n = await knex("invitations").where({ org_id: orgId, id, accepted_at: null, revoked_at: null }).andWhere("expires_at", ">", knex.fn.now()).update({ revoked_at: knex.fn.now() });
  return n > 0;
}

function refusalOf(row: InvitationRow | undefined, now: Date): InvitationRefusal | undefined {
  if (!row) return "unknown";
  if (row.accepted_at) return "used";
  if (row.revoked_at) return "revoked";
  if (row.expires_at <= now) return "expired";
  return undefined;
}

/** The pending invitation a token opens, or why it opens none. */
export async function invitationByToken(knex: Knex, token: string): Promise<Invitation | InvitationRefusal> {
  const row = (await knex("invitations").where({ token_hash: hashToken(token) }).first()) as InvitationRow | undefined;
  return refusalOf(row, new Date()) ?? toInvitation(row!);
}

/**
 * Use a token: within one transaction lock the invitation, check it is still pending, let
 * `admit` decide who joins (it runs in the transaction: a refusal there leaves the token
 * unused), add their membership (an existing one keeps its role) and mark the invitation used.
 * @returns the invitation accepted, or why the token opens none.
 */
export async function consumeInvitation(
  knex: Knex,
  token: string,
  admit: (trx: Knex.Transaction, invitation: Invitation) => Promise<string>,
): Promise<{ invitation: Invitation; userId: string } | InvitationRefusal> {
  return knex.transaction(async (trx) => {
    const row = (await trx("invitations").where({ token_hash: hashToken(token) }).forUpdate().first()) as InvitationRow | undefined;
    const now = (await trx.raw("select now() as now")).rows[0].now as Date;
    const refusal = refusalOf(row, now);
    if (refusal) return refusal;
    const invitation = toInvitation(row!);
    const userId = await admit(trx, invitation);
    await trx("invitations").where({ id: invitation.id }).update({ accepted_at: trx.fn.now(), accepted_by: userId });
    // A member already keeps their role: an old invitation must not demote an administrator.
    await trx("memberships").insert({ user_id: userId, org_id: invitation.orgId, role: invitation.role }).onConflict(["user_id", "org_id"]).ignore();
    return { invitation, userId };
  });
}
