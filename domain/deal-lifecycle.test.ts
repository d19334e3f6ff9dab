import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedDealTransitions,
  allowedProposalTransitions,
  canTransitionDeal,
  dealStepForProposal,
  replayDealLog,
  startDeal,
  transitionDeal,
  transitionProposal,
  type DealProgress,
} from "./deal-lifecycle.ts";
import { thrown } from "./test-helpers.ts";
import { DEAL_REASON_CODES, DEAL_STATES, NegotiationLogEntrySchema, type DealState } from "./schemas/deal.ts";
import { PROPOSAL_STATUSES } from "./schemas/proposal.ts";


const pdf = { name: "heat-supply-contract.pdf", mediaType: "application/pdf", bytes: 412_000, sha256: "0f".repeat(32) };

describe("a data centre's waste heat becomes a district heating partnership", () => {
  it("goes suggested → negotiating → reserved → contracted → live, logging every step", () => {
    let deal: DealProgress = startDeal();
    const steps: Array<[DealState, string]> = [
      ["negotiating", "2025-03-01T09:00:00Z"],
      ["reserved", "2025-04-02T09:00:00Z"],
      ["contracted", "2025-06-30T15:00:00Z"],
    ];
    for (const [to, at] of steps) deal = transitionDeal(deal, { to, at, actor: "facilitator-anna", note: `moved to ${to}` });
    deal = transitionDeal(deal, { to: "live", at: "2025-10-01T00:00:00Z", actor: "dh-operator", attachments: [pdf] });
    expect(deal.state).toBe("live");
    expect(deal.log.map((e) => `${e.from}→${e.to}`)).toEqual([
      "suggested→negotiating",
      "negotiating→reserved",
      "reserved→contracted",
      "contracted→live",
    ]);
    expect(deal.log.at(-1)).toMatchObject({ actor: "dh-operator", attachments: [pdf] });
    for (const entry of deal.log) expect(NegotiationLogEntrySchema.safeParse(entry).success).toBe(true);
    expect(replayDealLog(deal.log)).toBe("live");
  });

  it("does not change the deal it was given", () => {
    const deal = startDeal();
    transitionDeal(deal, { to: "negotiating", at: "2025-01-01T00:00:00Z", actor: "a" });
    expect(deal).toEqual({ state: "suggested", log: [] });
  });

  it("a reservation that lapses goes back to negotiating", () => {
    expect(allowedDealTransitions("reserved")).toContain("negotiating");
  });
});

describe("a deal that falls through", () => {
  const negotiating = transitionDeal(startDeal(), { to: "negotiating", at: "2025-01-01T00:00:00Z", actor: "a" });

  it("fails with a coded reason that is kept on the deal and in the log", () => {
    const failed = transitionDeal(negotiating, {
      to: "failed",
      at: "2025-02-01T00:00:00Z",
      actor: "b",
      reason: { code: "distance", note: "pipe would cross the E45" },
    });
    expect(failed.state).toBe("failed");
    expect(failed.reason).toEqual({ code: "distance", note: "pipe would cross the E45" });
    expect(failed.log.at(-1)?.reason?.code).toBe("distance");
    expect(allowedDealTransitions("failed")).toEqual([]);
  });

  it("cannot end without a reason, nor carry one while still alive", () => {
    const noReason = thrown(() => transitionDeal(negotiating, { to: "cancelled", at: "2025-02-01T00:00:00Z", actor: "b" }));
    expect(noReason.code).toBe("VALIDATION_FAILED");
    expect(noReason.errors?.[0]?.field).toBe("reason");
    const stray = thrown(() =>
      transitionDeal(negotiating, { to: "reserved", at: "2025-02-01T00:00:00Z", actor: "b", reason: { code: "price" } }),
    );
    expect(stray.errors?.[0]?.field).toBe("reason");
  });

  it("cannot be dated before its previous step", () => {
    const err = thrown(() => transitionDeal(negotiating, { to: "reserved", at: "2024-12-31T00:00:00Z", actor: "b" }));
    expect(err.errors?.[0]?.field).toBe("at");
  });
});

describe("an illegal move", () => {
  it("is ILLEGAL_TRANSITION naming the allowed transitions", () => {
    const err = thrown(() => transitionDeal(startDeal(), { to: "live", at: "2025-01-01T00:00:00Z", actor: "a" }));
    expect(err.code).toBe("ILLEGAL_TRANSITION");
    expect(err.status).toBe(409);
    expect(err.extensions).toMatchObject({ from: "suggested", to: "live", allowed: ["negotiating", "failed", "cancelled"] });
  });

  it("is caught when replaying a tampered log", () => {
    const log = [{ at: "2025-01-01T00:00:00Z", actor: "a", from: "suggested" as const, to: "contracted" as const, attachments: [] }];
    expect(thrown(() => replayDealLog(log)).code).toBe("ILLEGAL_TRANSITION");
    expect(thrown(() => replayDealLog([{ ...log[0]!, from: "reserved", to: "contracted" }])).errors?.[0]?.field).toBe("log.0.from");
  });
});

describe("proposals", () => {
  it("are decided once: pending → accepted | rejected | withdrawn", () => {
    expect(allowedProposalTransitions("pending")).toEqual(["accepted", "rejected", "withdrawn"]);
    const { proposal, entry } = transitionProposal({ id: "p1", status: "pending" as const }, { to: "accepted", actor: "u", at: "2025-01-01T00:00:00Z" });
    expect(proposal).toEqual({ id: "p1", status: "accepted" });
    expect(entry).toMatchObject({ from: "pending", to: "accepted", actor: "u" });
    const again = thrown(() => transitionProposal(proposal, { to: "withdrawn", actor: "u", at: "2025-01-02T00:00:00Z" }));
    expect(again.code).toBe("ILLEGAL_TRANSITION");
    expect(again.extensions.allowed).toEqual([]);
  });

  it("drive their deal: accepted opens negotiation, rejected fails it, withdrawn cancels it", () => {
    expect(dealStepForProposal("pending")).toBeUndefined();
    expect(dealStepForProposal("accepted")?.to).toBe("negotiating");
    expect(dealStepForProposal("rejected")).toMatchObject({ to: "failed", reason: { code: "counterparty" } });
    expect(dealStepForProposal("withdrawn")?.to).toBe("cancelled");
    for (const status of PROPOSAL_STATUSES) {
      const step = dealStepForProposal(status);
      if (step) expect(canTransitionDeal("suggested", step.to)).toBe(true);
    }
  });
});

describe("property: random walks only ever visit legal states", () => {
  it("whatever moves are attempted, the deal stays in a legal state with a replayable log", () => {
    const attempt = fc.record({
      to: fc.constantFrom(...DEAL_STATES),
      reasonCode: fc.constantFrom(...DEAL_REASON_CODES),
      minutes: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 30 }), (attempts) => {
        let deal = startDeal();
        let time = Date.parse("2025-01-01T00:00:00Z");
        for (const { to, reasonCode, minutes } of attempts) {
          time += minutes * 60_000;
          const ending = to === "failed" || to === "cancelled";
          const step = { to, actor: "walker", at: new Date(time).toISOString(), ...(ending ? { reason: { code: reasonCode, note: "walk" } } : {}) };
          const legal = allowedDealTransitions(deal.state).includes(to);
          if (legal) {
            deal = transitionDeal(deal, step);
          } else {
            expect(thrown(() => transitionDeal(deal, step)).code).toBe("ILLEGAL_TRANSITION");
          }
          expect(DEAL_STATES).toContain(deal.state);
        }
        expect(replayDealLog(deal.log)).toBe(deal.state);
        for (const entry of deal.log) expect(canTransitionDeal(entry.from, entry.to)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("every state can reach an end, and only failed/cancelled are dead ends", () => {
    for (const state of DEAL_STATES) {
      const next = allowedDealTransitions(state);
      if (state === "failed" || state === "cancelled") expect(next).toEqual([]);
      else expect(next).toEqual(expect.arrayContaining(["failed", "cancelled"]));
    }
  });
});
