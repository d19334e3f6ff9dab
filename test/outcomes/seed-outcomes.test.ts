/**
 * npm run seed:outcomes against the real PostgreSQL: generated histories are legal deal
 * histories the projection reads like real ones, a match someone acted on keeps its
 * history, and a second run changes nothing.
 */
import { describe, expect, it } from "vitest";
import { replayDealLog } from "../../domain/deal-lifecycle.ts";
import type { NegotiationLogEntry } from "../../domain/schemas/deal.ts";
import { outcomesReport } from "../../domain/outcomes/report.ts";
import { readOutcomeFacts } from "../../ledgers/outcomes.ts";
import { seedOutcomeHistories } from "../../seed/outcome-histories.ts";
import { withTestStores } from "../helpers/stores.ts";
import { aDecision, aFlow, aSite, aSuggestion } from "./ledger-fixture.ts";

const NOW = "2026-11-30T00:00:00.000Z";
const MATCHES = 80;

describe("seedOutcomeHistories", () => {
  const ctx = withTestStores();

  async function aRegion(): Promise<void> {
    const k = ctx.stores.db.knex;
    await aSite(k, "s-supply", "org-supply", "DK03 Syddanmark");
    await aFlow(k, "offer", "s-supply", "org-supply", "offer", "waste_heat_low");
    for (let i = 0; i < MATCHES; i += 1) {
      await aSite(k, `s-${i}`, `org-${i}`, "DK03 Syddanmark");
      await aFlow(k, `need-${i}`, `s-${i}`, `org-${i}`, "need", "waste_heat_low");
      await aSuggestion(k, { id: `gm-${i}`, supply: "offer", demand: `need-${i}`, score: (i % 10) / 10, route: i % 5 === 0 ? "facilitator" : "auto", at: NOW });
    }
    // Someone really turned this one down: it keeps that and gets nothing generated.
    await aDecision(k, "gm-7", "org-7", "demand", "rejected");
  }

  it("writes legal deal histories, dated in the window, that the projection reads", async () => {
    await aRegion();
    const knex = ctx.stores.db.knex;
    const report = await seedOutcomeHistories(knex, { seed: 42, now: NOW, days: 365 });
    expect(report).toMatchObject({ suggestions: MATCHES, untouched: 1, backdated: MATCHES - 1 });
    expect(report.proposals).toBeGreaterThan(10);

    const proposals = (await knex("proposals").select("id", "match_id", "deal_state")) as { id: string; match_id: string; deal_state: string }[];
    expect(proposals.map((p) => p.match_id)).not.toContain("gm-7");
    for (const p of proposals) {
      const lines = (await knex("proposal_status_history").where({ proposal_id: p.id, kind: "deal" }).whereNotNull("from_state").orderBy("id")) as { from_state: string; to_state: string; at: Date; actor: string }[];
      const log = lines.map((l) => ({ from: l.from_state, to: l.to_state, at: l.at.toISOString(), actor: l.actor, attachments: [] }) as unknown as NegotiationLogEntry);
      expect(replayDealLog(log)).toBe(p.deal_state);
      expect(lines.every((l) => l.at.toISOString() <= NOW)).toBe(true);
    }
    expect((await knex("match_decisions").where({ match_id: "gm-7" })).map((d: { decision: string }) => d.decision)).toEqual(["rejected"]);

    const facts = await readOutcomeFacts(knex, {});
    const first = facts.map((f) => Date.parse(f.suggestedAt)).filter((t) => t < Date.parse(NOW));
    expect(first).toHaveLength(MATCHES - 1);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(Date.parse(NOW) - 365 * 86_400_000);
    const r = outcomesReport(facts, 3);
    expect(r.funnel.suggested).toBe(MATCHES);
    // Every accepted proposal opened a negotiation; a rejected one failed its deal at once.
    const accepted = (await knex("proposals").where({ status: "accepted" }).count<{ count: string }[]>("* as count"))[0]!.count;
    expect(r.funnel.negotiating).toBe(Number(accepted));
    expect(r.funnel.live).toBeGreaterThan(0);
    expect(r.failureReasons.some((x) => x.code !== "counterparty" && x.failed > 0)).toBe(true);
  });

  it("changes nothing when run again", async () => {
    await aRegion();
    const knex = ctx.stores.db.knex;
    await seedOutcomeHistories(knex, { seed: 42, now: NOW });
    const before = await readOutcomeFacts(knex, {});
    const again = await seedOutcomeHistories(knex, { seed: 42, now: NOW });
    expect(again).toMatchObject({ proposals: 0, decisions: 0, reveals: 0, backdated: 0 });
    expect(await readOutcomeFacts(knex, {})).toEqual(before);
  });
});
