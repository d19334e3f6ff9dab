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

export const SYD = "DK03 Syddanmark";
export const HOV = "DK01 Hovedstaden";

/**
 * The ledger with the known answer. Syddanmark: need1 (Bakery) has m1 0.9 → live, m2 0.7 →
 * proposal rejected, m3 0.5 (fly ash) ignored; need2 (Dairy) has m4 0.8 (facilitator) →
 * negotiating then failed on price, m5 0.6 → contracted. Hovedstaden: need3 has m6 0.9,
 * rejected by its need's owner, suggested in May.
 */
export async function aKnownLedger(k: Knex): Promise<void> {
    await aSite(k, "site-plant", "org-plant", SYD);
    await aSite(k, "site-bakery", "org-bakery", SYD);
    await aSite(k, "site-dairy", "org-dairy", SYD);
    await aSite(k, "site-pool", "org-pool", HOV);
    await aFlow(k, "sup1", "site-plant", "org-plant", "offer", "waste_heat_low");
    await aFlow(k, "sup2", "site-plant", "org-plant", "offer", "waste_heat_low");
    await aFlow(k, "sup3", "site-plant", "org-plant", "offer", "fly_ash");
    await aFlow(k, "need1", "site-bakery", "org-bakery", "need", "waste_heat_low");
    await aFlow(k, "need2", "site-dairy", "org-dairy", "need", "waste_heat_low");
    await aFlow(k, "need3", "site-pool", "org-pool", "need", "waste_heat_low");
    await aSuggestion(k, { id: "m1", supply: "sup1", demand: "need1", score: 0.9 });
    await aSuggestion(k, { id: "m2", supply: "sup2", demand: "need1", score: 0.7 });
    await aSuggestion(k, { id: "m3", supply: "sup3", demand: "need1", score: 0.5 });
    await aSuggestion(k, { id: "m4", supply: "sup1", demand: "need2", score: 0.8, route: "facilitator" });
    await aSuggestion(k, { id: "m5", supply: "sup2", demand: "need2", score: 0.6 });
    await aSuggestion(k, { id: "m6", supply: "sup1", demand: "need3", score: 0.9, at: "2026-05-10T12:00:00.000Z" });
    // A later rescoring of m3 above m1 must not change the ranked list as it was suggested.
    await k("match_history").insert({ match_id: "m3", supply_flow_id: "sup3", demand_flow_id: "need1", supply_version: 1, demand_version: 1, score: 0.99, route: "auto", factors: "{}", economics: "{}", event: "updated", at: "2026-03-05T00:00:00Z" });
    const sides = { supplier: "org-plant" } as const;
    await aDecision(k, "m1", "org-plant", "supply", "interested");
    await aDecision(k, "m1", "org-bakery", "demand", "interested");
    await aDecision(k, "m2", "org-plant", "supply", "interested");
    await aDecision(k, "m4", "org-plant", "supply", "interested");
    await aDecision(k, "m4", "org-dairy", "demand", "interested");
    await aDecision(k, "m5", "org-plant", "supply", "interested");
    await aDecision(k, "m5", "org-dairy", "demand", "interested");
    await aDecision(k, "m6", "org-pool", "demand", "rejected");
    await aDeal(k, { id: "p1", matchId: "m1", supply: "sup1", demand: "need1", ...sides, consumer: "org-bakery", status: "accepted", steps: [["negotiating", 24], ["reserved", 240], ["contracted", 480], ["live", 960]] });
    await aDeal(k, { id: "p2", matchId: "m2", supply: "sup2", demand: "need1", ...sides, consumer: "org-bakery", status: "rejected", steps: [["failed", 30, "counterparty"]] });
    await aDeal(k, { id: "p4", matchId: "m4", supply: "sup1", demand: "need2", ...sides, consumer: "org-dairy", status: "accepted", steps: [["negotiating", 48], ["failed", 200, "price"]] });
    await aDeal(k, { id: "p5", matchId: "m5", supply: "sup2", demand: "need2", ...sides, consumer: "org-dairy", status: "accepted", steps: [["negotiating", 72], ["reserved", 100], ["contracted", 500]] });
}
