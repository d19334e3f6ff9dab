/**
 * The proposals ledger: each proposal with its status and the state of the deal behind it,
 * and an append-only history of every status and deal step. Changes happen inside one
 * transaction that locks the proposal row, so version checks cannot race.
 */
import type { Knex } from "knex";
import type { DealReason, DealState, AttachmentMeta } from "../domain/schemas/deal.ts";
import type { ProposalStatus } from "../domain/schemas/proposal.ts";

/** A proposal as stored. */
export interface ProposalRecord {
  readonly id: string;
  readonly matchId: string | null;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly supplierOrg: string;
  readonly consumerOrg: string;
  readonly resourceType: string;
  readonly message: string;
  readonly status: ProposalStatus;
  readonly dealState: DealState;
  readonly dealReason: DealReason | null;
  readonly contentHash: string;
  readonly createdBy: string;
  /** Organizations that consented to `contracted` while the deal is `reserved`. */
  readonly contractConsents: readonly string[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * One line of a proposal's history: a status or deal step, or one party's consent to
 * contract (`consent`, to `contracted`, while the deal waits for the other party).
 */
export interface HistoryEntry {
  readonly kind: "status" | "deal" | "consent";
  readonly from: string | null;
  readonly to: string;
  readonly actor: string;
  /** The organization the step was taken for (null for lines before consent was recorded). */
  readonly onBehalfOf: string | null;
  /** Set when a facilitator acted under the organization's mandate. */
  readonly mandateId: string | null;
  readonly note: string | null;
  readonly reason: DealReason | null;
  readonly attachments: readonly AttachmentMeta[];
  readonly at: string;
}

interface Row {
  id: string;
  match_id: string | null;
  supply_flow_id: string;
  demand_flow_id: string;
  from_org: string;
  to_org: string;
  supplier_org: string;
  consumer_org: string;
  resource_type: string;
  message: string;
  status: ProposalStatus;
  deal_state: DealState;
  deal_reason: DealReason | null;
  content_hash: string;
  created_by: string;
  contract_consents: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): ProposalRecord => ({
  id: r.id,
  matchId: r.match_id,
  supplyFlowId: r.supply_flow_id,
  demandFlowId: r.demand_flow_id,
  fromOrg: r.from_org,
  toOrg: r.to_org,
  supplierOrg: r.supplier_org,
  consumerOrg: r.consumer_org,
  resourceType: r.resource_type,
  message: r.message,
  status: r.status,
  dealState: r.deal_state,
  dealReason: r.deal_reason,
  contentHash: r.content_hash,
  createdBy: r.created_by,
  contractConsents: r.contract_consents ?? [],
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** What inserting a proposal came to. */
export type Insertion = { readonly outcome: "inserted" } | { readonly outcome: "id-taken" } | { readonly outcome: "match-has-open"; readonly openProposalId: string };

/**
 * Insert a new proposal with its first history lines. A proposal on a match is refused while
 * another one on the same match is open (pending, or accepted with a deal not failed or
 * cancelled); a per-match advisory lock makes two concurrent proposals on one match queue.
 */
export async function insertProposal(
  knex: Knex,
  p: Omit<ProposalRecord, "version" | "createdAt" | "updatedAt" | "contractConsents">,
  by: { readonly onBehalfOf: string; readonly mandateId: string | null },
): Promise<Insertion> {
  return knex.transaction(async (trx) => {
    if (p.matchId !== null) {
      await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [`proposal-match:${p.matchId}`]);
      const open = (await trx("proposals")
        .where({ match_id: p.matchId })
        .whereNot({ id: p.id })
        .where((q) => q.where({ status: "pending" }).orWhere((a) => a.where({ status: "accepted" }).whereNotIn("deal_state", ["failed", "cancelled"])))
        .orderBy("created_at")
        .first("id")) as { id: string } | undefined;
      if (open) return { outcome: "match-has-open", openProposalId: open.id };
    }
    const inserted = await trx("proposals")
      .insert({
        id: p.id,
        match_id: p.matchId,
        supply_flow_id: p.supplyFlowId,
        demand_flow_id: p.demandFlowId,
        from_org: p.fromOrg,
        to_org: p.toOrg,
        supplier_org: p.supplierOrg,
        consumer_org: p.consumerOrg,
        resource_type: p.resourceType,
        message: p.message,
        status: p.status,
        deal_state: p.dealState,
        deal_reason: null,
        content_hash: p.contentHash,
        created_by: p.createdBy,
        version: 1,
      })
      .onConflict("id")
      .ignore()
      .returning("id");
    if (inserted.length === 0) return { outcome: "id-taken" };
    await trx("proposal_status_history").insert([
      { proposal_id: p.id, kind: "status", from_state: null, to_state: p.status, actor: p.createdBy, on_behalf_of: by.onBehalfOf, mandate_id: by.mandateId },
      { proposal_id: p.id, kind: "deal", from_state: null, to_state: p.dealState, actor: p.createdBy, on_behalf_of: by.onBehalfOf, mandate_id: by.mandateId },
    ]);
    return { outcome: "inserted" };
  });
}

/** A proposal by id. */
export async function findProposal(knex: Knex, id: string): Promise<ProposalRecord | undefined> {
  const row = await knex<Row>("proposals").where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** Filters of the proposal list; `orgIds: null` means all organizations. */
export interface ProposalFilter {
  readonly orgIds: readonly string[] | null;
  readonly status?: ProposalStatus;
  readonly fromOrg?: string;
  readonly toOrg?: string;
  readonly after: string | null;
  readonly limit: number;
}

/** Proposals involving the given organizations (as sender or receiver), ordered by id. */
export async function listProposals(knex: Knex, f: ProposalFilter): Promise<ProposalRecord[]> {
  const q = knex<Row>("proposals").orderBy("id").limit(f.limit + 1);
  if (f.orgIds) q.where((w) => w.whereIn("from_org", [...f.orgIds!]).orWhereIn("to_org", [...f.orgIds!]));
  if (f.status) q.where("status", f.status);
  if (f.fromOrg) q.where("from_org", f.fromOrg);
  if (f.toOrg) q.where("to_org", f.toOrg);
  if (f.after) q.where("id", ">", f.after);
  return (await q).map(toRecord);
}

/** The history of a proposal, oldest first. */
export async function proposalHistory(knex: Knex, id: string): Promise<HistoryEntry[]> {
  const rows = await knex("proposal_status_history").where({ proposal_id: id }).orderBy("id");
  return rows.map((r) => ({
    kind: r.kind,
    from: r.from_state,
    to: r.to_state,
    actor: r.actor,
    onBehalfOf: r.on_behalf_of ?? null,
    mandateId: r.mandate_id ?? null,
    note: r.note,
    reason: r.reason,
    attachments: r.attachments,
    at: (r.at as Date).toISOString(),
  }));
}

/** A change to apply to a locked proposal, with the history lines it writes. */
export interface ProposalChange {
  readonly status?: ProposalStatus;
  readonly dealState?: DealState;
  readonly dealReason?: DealReason | null;
  /** Replaces the consents to contract (cleared whenever the deal leaves `reserved`). */
  readonly contractConsents?: readonly string[];
  readonly history: readonly Omit<HistoryEntry, "at">[];
}

/**
 * Lock a proposal, let `decide` compute the change from its current record (throwing to
 * refuse), apply it with a version bump, and append its history — atomically.
 */
export async function changeProposal(
  knex: Knex,
  id: string,
  decide: (current: ProposalRecord) => ProposalChange,
): Promise<{ before: ProposalRecord; after: ProposalRecord }> {
  return knex.transaction(async (trx) => {
    const row = await trx<Row>("proposals").where({ id }).forUpdate().first();
    if (!row) throw Object.assign(new Error("not found"), { notFound: true });
    const before = toRecord(row);
    const change = decide(before);
    const [updated] = await trx<Row>("proposals")
      .where({ id })
      .update({
        ...(change.status ? { status: change.status } : {}),
        ...(change.dealState ? { deal_state: change.dealState } : {}),
        ...(change.dealReason !== undefined ? { deal_reason: change.dealReason as never } : {}),
        ...(change.contractConsents !== undefined ? { contract_consents: [...change.contractConsents] as never } : {}),
        version: before.version + 1,
        updated_at: trx.fn.now() as never,
      })
      .returning("*");
    if (change.history.length) {
      await trx("proposal_status_history").insert(
        change.history.map((h) => ({
          proposal_id: id,
          kind: h.kind,
          from_state: h.from,
          to_state: h.to,
          actor: h.actor,
          on_behalf_of: h.onBehalfOf,
          mandate_id: h.mandateId,
          note: h.note,
          reason: h.reason ? JSON.stringify(h.reason) : null,
          attachments: JSON.stringify(h.attachments),
        })),
      );
    }
    return { before, after: toRecord(updated!) };
  });
}
