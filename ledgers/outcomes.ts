/**
 * The outcomes projection's queries (DESIGN.md "Other domains as graph projections"):
 * what became of every suggested match, read from the ledgers that record it —
 * `match_history` (when and with what score and route a match was first suggested),
 * `match_decisions`, `proposals` and their `proposal_status_history` — with resource type
 * and region from the spatial index. It adds no table: the figures are recomputed from
 * these on every read, so they cannot drift from the lifecycle ledger.
 *
 * Also the writer of generated decision histories (npm run seed:outcomes), through the
 * same tables the API writes, so generated and real histories are read the same way.
 */
import type { Knex } from "knex";
import { OUTCOME_STAGES, type DealEnding, type MatchFacts, type OutcomeStage } from "../domain/outcomes/facts.ts";
import { GENERATOR_ACTOR, type PlannedHistory, type SuggestedMatch } from "../domain/outcomes/history-generator.ts";
import { DEAL_REASON_CODES, type DealReasonCode } from "../domain/schemas/deal.ts";

/** Which suggestions to read. */
export interface OutcomeFilter {
  /** Region code of the need's site (else the supply's). */
  readonly region?: string;
  /** Resource type of the supply (else the need). */
  readonly resourceType?: string;
  /** Suggested at or after this instant. */
  readonly from?: string;
  /** Suggested before this instant. */
  readonly to?: string;
}

// The first row of a match in match_history is its first suggestion: the score and route
// the parties were shown. Resource type and region come from the flows' index rows; a
// flow deleted since is "unknown" rather than dropped, so the denominator stays honest.
const SUGGESTIONS = `
with first as (
  select distinct on (h.match_id) h.match_id, h.supply_flow_id, h.demand_flow_id, h.score, h.route, h.at
  from match_history h
  order by h.match_id, h.id
), placed as (
  select f.*,
         coalesce(sf.resource_type, df.resource_type, 'unknown') as resource_type,
         coalesce(ds.region_code, ss.region_code, 'unknown') as region,
         sf.org_id as supply_org_id, df.org_id as demand_org_id
  from first f
  left join flow_index sf on sf.flow_id = f.supply_flow_id
  left join flow_index df on df.flow_id = f.demand_flow_id
  left join site_index ss on ss.site_id = sf.site_id
  left join site_index ds on ds.site_id = df.site_id
)
select * from placed
where (?::text is null or region = ?)
  and (?::text is null or resource_type = ?)
  and (?::timestamptz is null or at >= ?)
  and (?::timestamptz is null or at < ?)
order by match_id`;

interface SuggestionRow {
  match_id: string;
  supply_flow_id: string;
  demand_flow_id: string;
  score: number;
  route: "auto" | "facilitator";
  at: Date;
  resource_type: string;
  region: string;
  supply_org_id: string | null;
  demand_org_id: string | null;
}

async function suggestions(knex: Knex, f: OutcomeFilter): Promise<SuggestionRow[]> {
  const pair = (v: string | undefined) => [v ?? null, v ?? null];
  const { rows } = await knex.raw<{ rows: SuggestionRow[] }>(SUGGESTIONS, [...pair(f.region), ...pair(f.resourceType), ...pair(f.from), ...pair(f.to)]);
  return rows;
}

const DECISIONS = `
select match_id,
       count(*) filter (where decision = 'interested')::int as interested,
       bool_or(decision = 'rejected') as rejected
from match_decisions where match_id = any(?::text[]) group by match_id`;

// Per proposal, the first time its deal entered each state, and how it stands now.
const DEAL_STEPS = `
select p.id, p.match_id, p.deal_state, p.deal_reason, h.to_state, min(h.at) as at
from proposals p
join proposal_status_history h on h.proposal_id = p.id and h.kind = 'deal'
where p.match_id = any(?::text[])
group by p.id, p.match_id, p.deal_state, p.deal_reason, h.to_state`;

interface DealStepRow {
  id: string;
  match_id: string;
  deal_state: string;
  deal_reason: { code?: string } | null;
  to_state: string;
  at: Date;
}

const isStage = (s: string): s is OutcomeStage => (OUTCOME_STAGES as readonly string[]).includes(s);
const codeOf = (reason: { code?: string } | null): DealReasonCode =>
  (DEAL_REASON_CODES as readonly string[]).includes(reason?.code ?? "") ? (reason!.code as DealReasonCode) : "other";

/** The facts of every suggestion the filter selects, by match id. */
export async function readOutcomeFacts(knex: Knex, filter: OutcomeFilter): Promise<MatchFacts[]> {
  const rows = await suggestions(knex, filter);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.match_id);
  const [{ rows: decisions }, { rows: steps }] = await Promise.all([
    knex.raw<{ rows: { match_id: string; interested: number; rejected: boolean }[] }>(DECISIONS, [ids]),
    knex.raw<{ rows: DealStepRow[] }>(DEAL_STEPS, [ids]),
  ]);
  const decided = new Map(decisions.map((d) => [d.match_id, d]));
  const reached = new Map<string, Partial<Record<OutcomeStage, string>>>();
  const deals = new Map<string, { matchId: string; state: string; reason: DealStepRow["deal_reason"]; furthest: number }>();
  for (const s of steps) {
    const deal = deals.get(s.id) ?? { matchId: s.match_id, state: s.deal_state, reason: s.deal_reason, furthest: -1 };
    deals.set(s.id, deal);
    if (!isStage(s.to_state)) continue;
    deal.furthest = Math.max(deal.furthest, OUTCOME_STAGES.indexOf(s.to_state));
    const byStage = reached.get(s.match_id) ?? {};
    const at = s.at.toISOString();
    if (byStage[s.to_state] === undefined || at < byStage[s.to_state]!) byStage[s.to_state] = at;
    reached.set(s.match_id, byStage);
  }
  const endings = new Map<string, DealEnding[]>();
  for (const d of deals.values()) {
    if (d.state !== "failed" && d.state !== "cancelled") continue;
    const list = endings.get(d.matchId) ?? [];
    list.push({ state: d.state, code: codeOf(d.reason), after: d.furthest < 0 ? "suggested" : OUTCOME_STAGES[d.furthest]! });
    endings.set(d.matchId, list);
  }
  return rows.map((r) => {
    const d = decided.get(r.match_id);
    return {
      matchId: r.match_id,
      demandFlowId: r.demand_flow_id,
      score: r.score,
      route: r.route,
      resourceType: r.resource_type,
      region: r.region,
      suggestedAt: r.at.toISOString(),
      interested: Math.min(2, d?.interested ?? 0) as 0 | 1 | 2,
      rejected: d?.rejected ?? false,
      reached: reached.get(r.match_id) ?? {},
      endings: endings.get(r.match_id) ?? [],
    };
  });
}

/**
 * The suggestions a history can be generated for: those whose two flows are still in the
 * index (so both organizations are known) and that were not withdrawn since.
 */
export async function currentSuggestions(knex: Knex, region?: string): Promise<SuggestedMatch[]> {
  const { rows: withdrawn } = await knex.raw<{ rows: { match_id: string }[] }>(
    `select match_id from (select distinct on (match_id) match_id, event from match_history order by match_id, id desc) last where event = 'withdrawn'`,
  );
  const gone = new Set(withdrawn.map((w) => w.match_id));
  return (await suggestions(knex, { region }))
    .filter((r) => !gone.has(r.match_id) && r.supply_org_id !== null && r.demand_org_id !== null)
    .map((r) => ({ matchId: r.match_id, score: r.score, route: r.route, suggestedAt: r.at.toISOString(), supplyOrgId: r.supply_org_id!, demandOrgId: r.demand_org_id! }));
}

/** The matches among `ids` that a party decided on or that have a proposal: their history is real (or already generated). */
export async function matchesWithHistory(knex: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await knex.raw<{ rows: { match_id: string }[] }>(
    "select match_id from match_decisions where match_id = any(?::text[]) union select match_id from proposals where match_id = any(?::text[])",
    [[...ids], [...ids]],
  );
  return new Set(rows.map((r) => r.match_id));
}

/** What writing generated histories did. */
export interface GeneratedWrite {
  readonly proposals: number;
  readonly decisions: number;
  readonly reveals: number;
  /** Matches left alone because they already had a proposal or a decision (real or generated). */
  readonly untouched: number;
}

/** Id of the proposal generated for a match: fixed, so a re-run finds it. */
export const generatedProposalId = (matchId: string) => `${GENERATOR_ACTOR}:${matchId}`;

const MESSAGE = "Generated decision history (npm run seed:outcomes), to try the outcomes projection.";

/**
 * Writes the planned histories of matches that have none yet. A match any party already
 * decided on, or that has a proposal, keeps its real history untouched, so running this
 * again — or after people used the demo — changes nothing that happened.
 */
export async function writeGeneratedHistories(knex: Knex, matches: readonly SuggestedMatch[], plans: readonly PlannedHistory[]): Promise<GeneratedWrite> {
  const byId = new Map(matches.map((m) => [m.matchId, m]));
  const flows = new Map<string, { supply_flow_id: string; demand_flow_id: string }>();
  const ids = plans.filter((p) => p.decisions.length > 0).map((p) => p.matchId);
  if (ids.length === 0) return { proposals: 0, decisions: 0, reveals: 0, untouched: 0 };
  const { rows: pairs } = await knex.raw<{ rows: { match_id: string; supply_flow_id: string; demand_flow_id: string }[] }>(
    "select distinct on (match_id) match_id, supply_flow_id, demand_flow_id from match_history where match_id = any(?::text[]) order by match_id, id",
    [ids],
  );
  for (const p of pairs) flows.set(p.match_id, p);
  const taken = await matchesWithHistory(knex, ids);
  let proposals = 0, decisions = 0, reveals = 0, untouched = 0;
  for (const plan of plans) {
    if (plan.decisions.length === 0) continue;
    const m = byId.get(plan.matchId);
    const f = flows.get(plan.matchId);
    if (!m || !f) continue;
    if (taken.has(plan.matchId)) {
      untouched += 1;
      continue;
    }
    await knex.transaction(async (trx) => {
      for (const d of plan.decisions) {
        await trx("match_decisions")
          .insert({ match_id: m.matchId, org_id: d.orgId, org_side: d.side, decision: d.decision, decided_by: null, supply_flow_id: f.supply_flow_id, demand_flow_id: f.demand_flow_id, at: d.at })
          .onConflict(["match_id", "org_id"])
          .ignore();
        decisions += 1;
      }
      if (plan.decisions.filter((d) => d.decision === "interested").length === 2) {
        await trx("match_reveals")
          .insert({ match_id: m.matchId, supply_flow_id: f.supply_flow_id, demand_flow_id: f.demand_flow_id, supply_org_id: m.supplyOrgId, demand_org_id: m.demandOrgId, revealed_at: plan.decisions[1]!.at })
          .onConflict("match_id")
          .ignore();
        reveals += 1;
      }
      const p = plan.proposal;
      if (!p) return;
      const id = generatedProposalId(m.matchId);
      const last = p.steps.at(-1);
      await trx("proposals").insert({
        id,
        match_id: m.matchId,
        supply_flow_id: f.supply_flow_id,
        demand_flow_id: f.demand_flow_id,
        from_org: m.supplyOrgId,
        to_org: m.demandOrgId,
        supplier_org: m.supplyOrgId,
        consumer_org: m.demandOrgId,
        resource_type: (await trx("flow_index").where({ flow_id: f.supply_flow_id }).first("resource_type"))?.resource_type ?? "unknown",
        message: MESSAGE,
        status: p.status,
        deal_state: p.dealState,
        deal_reason: last?.reason ? JSON.stringify(last.reason) : null,
        content_hash: GENERATOR_ACTOR,
        created_by: GENERATOR_ACTOR,
        version: 1 + (p.decidedAt ? 1 : 0) + p.steps.length,
        created_at: p.proposedAt,
        updated_at: last?.at ?? p.decidedAt ?? p.proposedAt,
      });
      const line = (kind: "status" | "deal", from: string | null, to: string, at: string, onBehalfOf: string, reason?: unknown) => ({
        proposal_id: id, kind, from_state: from, to_state: to, actor: GENERATOR_ACTOR, on_behalf_of: onBehalfOf, at, ...(reason ? { reason: JSON.stringify(reason) } : {}),
      });
      await trx("proposal_status_history").insert([
        line("status", null, "pending", p.proposedAt, m.supplyOrgId),
        line("deal", null, "suggested", p.proposedAt, m.supplyOrgId),
        ...(p.decidedAt ? [line("status", "pending", p.status, p.decidedAt, m.demandOrgId)] : []),
        ...p.steps.map((s) => line("deal", s.from, s.to, s.at, m.demandOrgId, s.reason)),
      ]);
      proposals += 1;
    });
  }
  return { proposals, decisions, reveals, untouched };
}

/**
 * Moves the first suggestion of each match back to the given instant (never forward), so
 * a generated history has the time it needs: a demo region's matches were all computed
 * minutes ago. Only generated demo data is meant to pass through here (seed:outcomes);
 * returns how many suggestions moved.
 */
export async function backdateSuggestions(knex: Knex, at: ReadonlyMap<string, string>): Promise<number> {
  if (at.size === 0) return 0;
  const { rowCount } = await knex.raw<{ rowCount: number }>(
    `update match_history h set at = r.at
     from json_to_recordset(?::json) as r(match_id text, at timestamptz),
          lateral (select min(id) as id from match_history where match_id = r.match_id) first
     where h.id = first.id and h.at > r.at`,
    [JSON.stringify([...at].map(([match_id, t]) => ({ match_id, at: t })))],
  );
  return rowCount;
}
