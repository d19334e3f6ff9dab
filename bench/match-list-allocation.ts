/**
 * Match-list allocation benchmark (`npm run bench:allocation`, issue 16): what the
 * allocated shares cost a match-list read, before and after solving per connected
 * component, short-cutting lone matches and keeping solved components in the process.
 *
 * Every match-list read shares the listed matches' supplies among the ring of matches that
 * compete with them (match-service/allocation.ts): the listed flow's matches and every match
 * of the listed needs. Here the rings come from a seeded region (seed 42) shaped like
 * bench:load's 3,000 sites: offers and needs placed in a 60 × 60 km square, each flow
 * matched to its nearest 10 counterparts within 15 km (the union of both sides' top 10,
 * as the stored `:Match` nodes are), with random capacities, demands, ratios and values
 * (some matches worth nothing). No services: the allocation is pure; the graph read of the
 * ring (one Cypher query) is not in these figures.
 *
 * Scenarios, each reading the same offers' match lists (the "cached reads" of bench:load):
 * - `before`: one HiGHS programme over the whole ring per read (allocate's `whole` option,
 *   how every read solved before);
 * - `after_first_read`: per component, lone matches by closed form, no memo (a ring read for
 *   the first time, or after any of its numbers changed);
 * - `after_repeat_read`: the same with the process's memo warm (an unchanged ring read again).
 *
 * The scenarios are interleaved ring by ring after an untimed warm-up round. Writes
 * bench/results/match-list-allocation.json: per scenario the median and p95 ms per read, the ring sizes, the load average and the machine.
 *
 * Env: BENCH_SUPPLIES=1500  BENCH_NEEDS=1500  BENCH_READS=100  BENCH_ROUNDS=5
 */
import os from "node:os";
import { allocate, connectedComponents, type AllocationEdge, type AllocationProblem } from "../matching/allocation.ts";
import { lruAllocationMemo } from "../match-service/allocation.ts";
import { mulberry32 } from "../domain/prng.ts";
import { log, machine, median, round, writeResult } from "./report.ts";

const SUPPLIES = Number(process.env.BENCH_SUPPLIES ?? 1_500);
const NEEDS = Number(process.env.BENCH_NEEDS ?? 1_500);
const READS = Number(process.env.BENCH_READS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEED = 42;
const TOP_N = 10;
const RADIUS_KM = 15;

interface Place {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly quantity: number;
}

/** The seeded region's supplies, demands and stored matches. */
function region(): { supplies: Map<string, number>; demands: Map<string, number>; edges: AllocationEdge[] } {
  const random = mulberry32(SEED);
  const place = (prefix: string, n: number): Place[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, x: random() * 60, y: random() * 60, quantity: Math.round(10 ** (3 + random() * 2)) }));
  const offers = place("s", SUPPLIES);
  const needs = place("d", NEEDS);
  const dist = (a: Place, b: Place) => Math.hypot(a.x - b.x, a.y - b.y);
  const pairs = new Map<string, [Place, Place]>();
  const nearest = (from: Place, among: readonly Place[]) =>
    among
      .map((p) => [p, dist(from, p)] as const)
      .filter(([, d]) => d <= RADIUS_KM)
      .sort((a, b) => a[1] - b[1])
      .slice(0, TOP_N)
      .map(([p]) => p);
  for (const s of offers) for (const d of nearest(s, needs)) pairs.set(`${s.id}|${d.id}`, [s, d]);
  for (const d of needs) for (const s of nearest(d, offers)) pairs.set(`${s.id}|${d.id}`, [s, d]);
  const edges: AllocationEdge[] = [];
  for (const [key, [s, d]] of [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ratio = 0.85 + random() * 0.15;
    const wish = Math.min(s.quantity, d.quantity / ratio);
    // €/MWh of value less a distance cost: the farther and cheaper pairs are worth nothing.
    const value = wish * (5 + random() * 35) - dist(s, d) * 2_000;
    edges.push({ id: `m-${key}`, supplyId: s.id, demandId: d.id, suppliedQuantity: wish, deliveredQuantity: wish * ratio, annualValueEur: value });
  }
  return { supplies: new Map(offers.map((p) => [p.id, p.quantity])), demands: new Map(needs.map((p) => [p.id, p.quantity])), edges };
}

/** The problem a read of `supplyId`'s match list solves: its best matches and every match of their needs. */
function ringOf(r: ReturnType<typeof region>, bySupply: Map<string, AllocationEdge[]>, byDemand: Map<string, AllocationEdge[]>, supplyId: string): AllocationProblem {
  const listed = [...(bySupply.get(supplyId) ?? [])].sort((a, b) => b.annualValueEur - a.annualValueEur).slice(0, TOP_N);
  const ring = new Map<string, AllocationEdge>();
  for (const e of bySupply.get(supplyId) ?? []) ring.set(e.id, e);
  for (const m of listed) for (const e of byDemand.get(m.demandId) ?? []) ring.set(e.id, e);
  return { supplies: r.supplies, demands: r.demands, edges: [...ring.values()] };
}

const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/**
 * Each scenario's ms per read, interleaved ring by ring (every ring read by each scenario in
 * turn), so drift in the machine's load and the solver's warm-up weigh on all alike.
 */
async function timeReads(rings: readonly AllocationProblem[], scenarios: readonly ((p: AllocationProblem) => Promise<unknown>)[]): Promise<number[][]> {
  const ms = scenarios.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const ring of rings) {
      for (const [k, read] of scenarios.entries()) {
        const t0 = performance.now();
        await read(ring);
        ms[k]!.push(performance.now() - t0);
      }
    }
  }
  return ms;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const r = region();
  const bySupply = new Map<string, AllocationEdge[]>();
  const byDemand = new Map<string, AllocationEdge[]>();
  for (const e of r.edges) {
    (bySupply.get(e.supplyId) ?? bySupply.set(e.supplyId, []).get(e.supplyId)!).push(e);
    (byDemand.get(e.demandId) ?? byDemand.set(e.demandId, []).get(e.demandId)!).push(e);
  }
  // The offers read: every fifteenth offer that has a match, as bench:load reads 100 of its flows.
  const readers = [...bySupply.keys()].filter((_, i) => i % 15 === 0).slice(0, READS);
  const rings = readers.map((id) => ringOf(r, bySupply, byDemand, id));
  const usable = (p: AllocationProblem) => p.edges.filter((e) => e.suppliedQuantity > 0 && e.deliveredQuantity > 0 && e.annualValueEur > 0);
  const shapes = rings.map((p) => {
    const groups = connectedComponents(usable(p));
    return { edges: p.edges.length, usable: usable(p).length, components: groups.length, lone: groups.filter((g) => g.length === 1).length, largest: Math.max(0, ...groups.map((g) => g.length)) };
  });
  log(`region: ${SUPPLIES} offers, ${NEEDS} needs, ${r.edges.length} matches; ${rings.length} match lists read ${ROUNDS}× each`);

  // Untimed: load the HiGHS WebAssembly module, warm the JIT and fill the memo with every ring.
  const memo = lruAllocationMemo();
  for (const ring of rings) await Promise.all([allocate(ring, { whole: true }), allocate(ring), allocate(ring, { memo })]);
  const [before, firstRead, repeatRead] = (await timeReads(rings, [(p) => allocate(p, { whole: true }), (p) => allocate(p), (p) => allocate(p, { memo })])) as [number[], number[], number[]];

  // The same answers: every listed share of every ring, the new way against the old.
  let maxDifference = 0;
  for (const ring of rings) {
    const [a, b] = [await allocate(ring, { whole: true }), await allocate(ring, { memo })];
    for (const e of ring.edges) maxDifference = Math.max(maxDifference, Math.abs(a.edges.get(e.id)!.shareOfWish - b.edges.get(e.id)!.shareOfWish));
  }

  const figure = (ms: number[]) => ({ median_ms: round(median(ms), 3), p95_ms: round(p95(ms), 3), reads: ms.length });
  const result = {
    seed: SEED,
    region: { supplies: SUPPLIES, needs: NEEDS, matches: r.edges.length, top_n: TOP_N, radius_km: RADIUS_KM },
    ring: {
      median_edges: median(shapes.map((s) => s.edges)),
      median_usable: median(shapes.map((s) => s.usable)),
      median_components: median(shapes.map((s) => s.components)),
      median_lone: median(shapes.map((s) => s.lone)),
      median_largest_component: median(shapes.map((s) => s.largest)),
    },
    before: figure(before),
    after_first_read: figure(firstRead),
    after_repeat_read: figure(repeatRead),
    speedup_repeat_read: round(median(before) / median(repeatRead), 1),
    max_share_difference: maxDifference,
    load_average_before: loadBefore.map((x) => round(x)),
    load_average_after: os.loadavg().map((x) => round(x)),
    machine: machine(),
    note: process.env.BENCH_NOTE ?? null,
    date: new Date().toISOString(),
  };
  writeResult("match-list-allocation.json", result);
}

await main();
