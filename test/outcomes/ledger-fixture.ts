/**
 * A hand-built lifecycle ledger for the outcomes tests: sites and flows in the spatial
 * index, first suggestions in match_history, decisions, proposals and their deal history,
 * written straight into the tables the API writes, so the known answer can be worked out
 * by hand.
 */
import type { Knex } from "knex";

export const T0 = "2026-03-01T00:00:00.000Z";
export const hoursAfter = (h: number, from = T0) => new Date(Date.parse(from) + h * 3_600_000).toISOString();

/** A site in the spatial index. */
export async function aSite(knex: Knex, siteId: string, orgId: string, region: string | null): Promise<void> {
  await knex.raw("insert into site_index (site_id, org_id, name, region_code, geog, version) values (?, ?, ?, ?, st_makepoint(10.4, 55.4)::geography, 1)", [siteId, orgId, siteId, region]);
}

/** A flow in the spatial index. */
export async function aFlow(knex: Knex, flowId: string, siteId: string, orgId: string, direction: "offer" | "need", resourceType: string): Promise<void> {
  await knex.raw(
    "insert into flow_index (flow_id, site_id, org_id, direction, resource_type, annual_quantity, canonical_unit, precision, geog, version) values (?, ?, ?, ?, ?, 1000, 'MWh/yr', 'measured', st_makepoint(10.4, 55.4)::geography, 1)",
    [flowId, siteId, orgId, direction, resourceType],
  );
}

/** A match's first suggestion (and, with `later`, a rescored row after it). */
export async function aSuggestion(knex: Knex, m: { id: string; supply: string; demand: string; score: number; route?: "auto" | "facilitator"; at?: string }): Promise<void> {
  await knex("match_history").insert({
    match_id: m.id,
    supply_flow_id: m.supply,
    demand_flow_id: m.demand,
    supply_version: 1,
    demand_version: 1,
    score: m.score,
    route: m.route ?? "auto",
    factors: JSON.stringify({}),
    economics: JSON.stringify({}),
    event: "created",
    at: m.at ?? T0,
  });
}

/** A party's decision. */
export async function aDecision(knex: Knex, matchId: string, orgId: string, side: "supply" | "demand", decision: "interested" | "rejected"): Promise<void> {
  await knex("match_decisions").insert({ match_id: matchId, org_id: orgId, org_side: side, decision, at: T0 });
}

/** A proposal on a match whose deal went through `steps` ([state, hours after T0, reason code?]). */
export async function aDeal(
  knex: Knex,
  p: { id: string; matchId: string; supply: string; demand: string; supplier: string; consumer: string; status: "accepted" | "rejected" | "pending"; steps: readonly (readonly [string, number, string?])[] },
): Promise<void> {
  const last = p.steps.at(-1);
  await knex("proposals").insert({
    id: p.id,
    match_id: p.matchId,
    supply_flow_id: p.supply,
    demand_flow_id: p.demand,
    from_org: p.supplier,
    to_org: p.consumer,
    supplier_org: p.supplier,
    consumer_org: p.consumer,
    resource_type: "waste_heat_low",
    message: "hand-built",
    status: p.status,
    deal_state: last?.[0] ?? "suggested",
    deal_reason: last?.[2] ? JSON.stringify({ code: last[2] }) : null,
    content_hash: "test",
    created_by: "test",
    version: 1 + p.steps.length,
  });
  let from = "suggested";
  await knex("proposal_status_history").insert([
    { proposal_id: p.id, kind: "deal", from_state: null, to_state: "suggested", actor: "test", at: T0 },
    ...p.steps.map(([to, h, code]) => {
      const row = { proposal_id: p.id, kind: "deal", from_state: from, to_state: to, actor: "test", at: hoursAfter(h), ...(code ? { reason: JSON.stringify({ code }) } : {}) };
      from = to;
      return row;
    }),
  ]);
}
