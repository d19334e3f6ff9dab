/**
 * Mandates: an organization's org_admin lets a facilitator act for the organization —
 * the only way a deal step that binds an organization can be taken by someone who is not
 * its member (DESIGN.md "Consent"). A mandate names the acts it covers; it lasts until it
 * is revoked or expires. Granting again while one is live replaces its acts (one live
 * mandate per organization and facilitator); revoked mandates stay as history.
 */
import type { Knex } from "knex";
import type { MandateAct, MandateView } from "../contract/mandates.ts";

export type { MandateAct };

/** What a mandate lets a facilitator do for the organization (contract/mandates.ts says what each covers). */
export const MANDATE_ACTS = ["interest", "proposals", "deals"] as const satisfies readonly MandateAct[];

/** A mandate as stored: the wire's view less `live`, which the route derives at read time. */
export type Mandate = Omit<MandateView, "live">;

interface Row {
  id: string;
  org_id: string;
  facilitator_id: string;
  acts: MandateAct[];
  note: string | null;
  granted_by: string;
  granted_at: Date;
  expires_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
}

const toMandate = (r: Row): Mandate => ({
  id: r.id,
  orgId: r.org_id,
  facilitatorId: r.facilitator_id,
  acts: r.acts,
  note: r.note,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  revokedBy: r.revoked_by,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Grant (or replace the acts of) the live mandate of a facilitator for an organization. */
export async function grantMandate(
  knex: Knex,
  input: { orgId: string; facilitatorId: string; acts: readonly MandateAct[]; note?: string | null; grantedBy: string; expiresAt?: string | null },
): Promise<{ mandate: Mandate; replaced: Mandate | null }> {
  return knex.transaction(async (trx) => {
    const live = (await trx<Row>("mandates").where({ org_id: input.orgId, facilitator_id: input.facilitatorId }).whereNull("revoked_at").forUpdate().first()) ?? null;
    if (live) await trx("mandates").where({ id: live.id }).update({ revoked_at: trx.fn.now(), revoked_by: input.grantedBy });
    const [row] = (await trx("mandates")
      .insert({
        org_id: input.orgId,
        facilitator_id: input.facilitatorId,
        acts: [...new Set(input.acts)],
        note: input.note ?? null,
        granted_by: input.grantedBy,
        expires_at: input.expiresAt ?? null,
      })
      .returning("*")) as Row[];
    return { mandate: toMandate(row!), replaced: live ? toMandate(live) : null };
  });
}

/** Revoke a live mandate of this organization; false when there is none by that id. */
export async function revokeMandate(knex: Knex, orgId: string, id: string, revokedBy: string): Promise<Mandate | undefined> {
  const [row] = (await knex("mandates").where({ id, org_id: orgId }).whereNull("revoked_at").update({ revoked_at: knex.fn.now(), revoked_by: revokedBy }).returning("*")) as Row[];
  return row ? toMandate(row) : undefined;
}

/** An organization's mandates, live first, newest first. */
export async function mandatesOf(knex: Knex, orgId: string): Promise<Mandate[]> {
  const rows = (await knex("mandates").where({ org_id: orgId }).orderByRaw("revoked_at is not null, granted_at desc")) as Row[];
  return rows.map(toMandate);
}

/** One mandate of an organization by id. */
export async function findMandate(knex: Knex, orgId: string, id: string): Promise<Mandate | undefined> {
  const row = (await knex("mandates").where({ id, org_id: orgId }).first()) as Row | undefined;
  return row ? toMandate(row) : undefined;
}

/** The live, unexpired mandate that lets this facilitator do `act` for the organization. */
export async function liveMandate(knex: Knex, orgId: string, facilitatorId: string, act: MandateAct): Promise<Mandate | undefined> {
  const row = (await knex("mandates")
    .where({ org_id: orgId, facilitator_id: facilitatorId })
    .whereNull("revoked_at")
    .where((q) => q.whereNull("expires_at").orWhere("expires_at", ">", knex.fn.now()))
    .whereRaw("? = any(acts)", [act])
    .first()) as Row | undefined;
  return row ? toMandate(row) : undefined;
}

/** Organizations that gave this facilitator a live mandate (with its acts). */
export async function mandatesHeldBy(knex: Knex, facilitatorId: string): Promise<Mandate[]> {
  const rows = (await knex("mandates")
    .where({ facilitator_id: facilitatorId })
    .whereNull("revoked_at")
    .where((q) => q.whereNull("expires_at").orWhere("expires_at", ">", knex.fn.now()))) as Row[];
  return rows.map(toMandate);
}
