/**
 * Allocated shares for a list of matches: the matches that compete with them for the same
 * supplies (or the same needs) are read from the stored `:Match` nodes, and the supplies'
 * capacities shared among all of them by the optimiser (matching/allocation.ts).
 *
 * The neighbourhood is one ring: every stored match of the listed matches' supplies and
 * needs. A competitor's need may also be served by a further supply outside the ring; it is
 * counted as wanting its whole demand here, so a share is never overstated (the ring can
 * only make a supply look more contested than the whole region would).
 *
 * Solved components are kept in this process (`solvedComponents`) by a hash of every number
 * their programme reads (matching/allocation.ts `componentKey`): the ring is read from the
 * graph on every request, so a changed quantity, value or competitor is a new key and is
 * solved afresh — nothing is invalidated because nothing stale can be looked up. A repeated
 * read of an unchanged ring solves nothing (issue 16: one HiGHS solve per read was tens of
 * ms on 2 cores).
 */
import { part, reasonText } from "../matching/reasons.ts";
import { createHash } from "node:crypto";
import type { Driver } from "neo4j-driver";
import { allocate, type AllocationEdge, type AllocationMemo, type ComponentShares, type EdgeAllocation } from "../matching/allocation.ts";
import type { MatchAllocationView } from "../contract/matches.ts";
import type { MatchEconomics } from "../matching/index.ts";
import { competingMatches } from "./store.ts";
import { storedJson, type StoredMatch } from "./stored-match.ts";

/** What the allocation needs of a match on the list. */
export interface ListedMatch {
  readonly id: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly economics: Pick<MatchEconomics, "suppliedQuantity" | "deliveredQuantity" | "annualSavingsEur">;
}

/** A listed match's allocation, with whether its supply is mostly taken by others. */
export interface MatchAllocation extends EdgeAllocation {
  /** Less than half of what this match would take alone is left for it. */
  readonly mostlyTaken: boolean;
}

const edgeOf = (m: StoredMatch): AllocationEdge | undefined => {
  const e = storedJson(m.economics);
  const supplied = Number(e.suppliedQuantity);
  const delivered = Number(e.deliveredQuantity);
  return Number.isFinite(supplied) && Number.isFinite(delivered)
    ? { id: m.id, supplyId: m.supplyFlowId, demandId: m.demandFlowId, suppliedQuantity: supplied, deliveredQuantity: delivered, annualValueEur: m.annualValueEur }
    : undefined;
};

/** Components kept at most; a ring of a few hundred matches keeps a few KB of shares. */
const MEMO_ENTRIES = 2_000;

/**
 * A least-recently-used memo of solved components, keyed by the SHA-256 of their
 * `componentKey` (a ring's key text can run to a few hundred KB; its hash is 64 bytes).
 */
export function lruAllocationMemo(maxEntries = MEMO_ENTRIES): AllocationMemo & { readonly size: number } {
  const kept = new Map<string, ComponentShares>();
  const hash = (key: string) => createHash("sha256").update(key).digest("hex");
  return {
    get(key) {
      const h = hash(key);
      const hit = kept.get(h);
      if (hit) {
        // Map order is insertion order: re-inserting marks it the most recently used.
        kept.delete(h);
        kept.set(h, hit);
      }
      return hit;
    },
    set(key, value) {
      const h = hash(key);
      kept.delete(h);
      kept.set(h, value);
      while (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
    },
    get size() {
      return kept.size;
    },
  };
}

/** The process's solved components, shared by every match-list read. */
const solvedComponents = lruAllocationMemo();

/**
 * A match's allocation as a party sees it: exact while the counterpart is named, shares
 * rounded to tenths (and no quantity) while it is anonymous, so the allocation says no more
 * of the other side's volumes than the match's bands do.
 */
export function allocationForParty(a: MatchAllocation, named: boolean): MatchAllocationView {
  const round = (x: number) => (named ? x : Math.round(x * 10) / 10);
  const shareOfWish = round(a.shareOfWish);
  // Coded from the share the view shows (tenths while anonymous), so the words say no more than it.
  const reasonCodes = [
    a.competitors === 0 ? part("allocation.uncontested") : part(a.mostlyTaken ? "allocation.mostlyTaken" : "allocation.shared", { count: a.competitors, wishShare: shareOfWish }),
  ];
  return {
    shareOfWish,
    shareOfSupply: round(a.shareOfSupply),
    competitors: a.competitors,
    mostlyTaken: a.mostlyTaken,
    ...(named ? { suppliedQuantity: a.suppliedQuantity } : {}),
    reason: reasonText(reasonCodes),
    reasonCodes,
  };
}

/** The allocation of each listed match (by id), among every stored match it competes with. */
export async function allocationsFor(neo4j: Driver, listed: readonly ListedMatch[]): Promise<Map<string, MatchAllocation>> {
  if (listed.length === 0) return new Map();
  const stored = await competingMatches(neo4j, [...new Set(listed.map((m) => m.supplyFlowId))], [...new Set(listed.map((m) => m.demandFlowId))]);
  const edges = new Map<string, AllocationEdge>();
  for (const m of stored) {
    const edge = edgeOf(m);
    if (edge) edges.set(m.id, edge);
  }
  // The list is what the caller sees now; it wins over a stored row computed earlier.
  for (const m of listed) {
    edges.set(m.id, { id: m.id, supplyId: m.supplyFlowId, demandId: m.demandFlowId, suppliedQuantity: m.economics.suppliedQuantity, deliveredQuantity: m.economics.deliveredQuantity, annualValueEur: m.economics.annualSavingsEur });
  }
  const supplies = new Map<string, number>();
  const demands = new Map<string, number>();
  for (const m of stored) {
    if (m.supplyQuantity > 0) supplies.set(m.supplyFlowId, m.supplyQuantity);
    if (m.demandQuantity > 0) demands.set(m.demandFlowId, m.demandQuantity);
  }
  // A node stored before quantities were recorded: the most any of its matches takes (never more than there is).
  const largest = (into: Map<string, number>, id: string, quantity: number) => into.set(id, Math.max(into.get(id) ?? 0, quantity));
  const largestSupplied = new Map<string, number>();
  const largestDelivered = new Map<string, number>();
  for (const e of edges.values()) {
    largest(largestSupplied, e.supplyId, e.suppliedQuantity);
    largest(largestDelivered, e.demandId, e.deliveredQuantity);
  }
  for (const [id, quantity] of largestSupplied) if (!supplies.has(id)) supplies.set(id, quantity);
  for (const [id, quantity] of largestDelivered) if (!demands.has(id)) demands.set(id, quantity);
  const { edges: allocated } = await allocate({ supplies, demands, edges: [...edges.values()] }, { memo: solvedComponents });
  return new Map(
    listed.map((m) => {
      const a = allocated.get(m.id)!;
      return [m.id, { ...a, mostlyTaken: a.shareOfWish < 0.5 && a.competitors > 0 && m.economics.annualSavingsEur > 0 }];
    }),
  );
}
