/**
 * Allocation of shared supplies: when several needs want the same by-product, whose match
 * gets how much of it. Each match alone assumes it gets all it can use (`suppliedQuantity`),
 * so one 13,100 MWh/yr supply can look like it delivers in full to two needs; here the
 * supply's yearly capacity is shared among its matches, and each need takes no more than it
 * asks, by a linear programme solved with HiGHS (WebAssembly):
 *
 *   maximize   Σₑ vₑ·xₑ                          (vₑ: net yearly value per supply unit of match e)
 *   subject to Σ_{e of supply s} xₑ ≤ capacity(s)  for every supply
 *              Σ_{e of need d} rₑ·xₑ ≤ demand(d)   for every need (rₑ: need units per supply unit)
 *              0 ≤ xₑ ≤ suppliedQuantityₑ
 *
 * (solved in shares xₑ / suppliedQuantityₑ with each row divided by its limit: see
 * `allocationLp`).
 *
 * Invariants (matching/allocation.test.ts): no supply gives more than its capacity, no need
 * receives more than it asks, an uncontested match keeps its whole quantity, the result does
 * not depend on the order of the input, and it is worth at least what a greedy
 * best-value-first assignment is. The value is linear in the quantity (capex is taken
 * pro rata): a model that shares what is there, not an investment decision.
 *
 * HiGHS runs without presolve: its presolve (highs 1.15.3) called a feasible programme
 * infeasible when a match's wish times its ratio exceeds its need's demand by a rounding
 * error (294,838.888889 × 0.9 against 265,355 — every match that exactly fills a need;
 * matching/allocation.test.ts keeps the case), and the programmes here are small enough for
 * the simplex alone. Should the solver still report no optimum, the greedy best-value-first
 * assignment is returned and says so (`solvedBy`), so a shared supply is never promised
 * twice; so it is when HiGHS cannot read the programme (it refuses a coefficient of 1e20 or
 * more, which the programme's scaling to shares keeps away from any real region).
 */
import highsModule, { type Highs } from "highs";

// highs ships one declaration file for its CommonJS and ES builds; under NodeNext the
// default import is typed as the CommonJS namespace, while the ES build (which Node loads
// here) default-exports the loader itself.
const highsLoader = highsModule as unknown as (typeof highsModule)["default"];

/** One match as the allocation sees it. */
export interface AllocationEdge {
  readonly id: string;
  readonly supplyId: string;
  readonly demandId: string;
  /** The most the match would take alone, supply units per year. */
  readonly suppliedQuantity: number;
  /** Need units per year the match would deliver alone (same ratio for any share). */
  readonly deliveredQuantity: number;
  /** Net yearly value of the match alone, € (what it is worth at `suppliedQuantity`). */
  readonly annualValueEur: number;
}

/** Supplies' capacities, needs' demands (their own units per year) and the matches between them. */
export interface AllocationProblem {
  readonly supplies: ReadonlyMap<string, number>;
  readonly demands: ReadonlyMap<string, number>;
  readonly edges: readonly AllocationEdge[];
}

/** What one match is allocated. */
export interface EdgeAllocation {
  /** Supply units per year this match gets. */
  readonly suppliedQuantity: number;
  /** Share of what the match would take alone, 0..1. */
  readonly shareOfWish: number;
  /** Share of the supply's capacity, 0..1. */
  readonly shareOfSupply: number;
  /** Other matches of the same supply with an allocation above zero or a wish. */
  readonly competitors: number;
}

/** The allocation of every match, and the total yearly value it achieves. */
export interface Allocation {
  readonly edges: ReadonlyMap<string, EdgeAllocation>;
  readonly annualValueEur: number;
  /** `highs`: the optimum; `greedy`: best value first, when the solver reported no optimum. */
  readonly solvedBy: "highs" | "greedy";
}

let solver: Promise<Highs> | undefined;
/** The solver, loaded once per process (the WebAssembly module takes ~50 ms to start). */
const highs = () => (solver ??= highsLoader());

/**
 * Load the solver now rather than on the first allocation: a process serving match lists
 * calls this at start, so its first reader does not wait for the WebAssembly module (104 ms
 * on 2 loaded cores, against well under 2 ms for a warm solve of a two-match ring).
 */
export async function loadAllocationSolver(): Promise<void> {
  await highs();
}

const num = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(12)).toString() : "0");

const valuePerUnit = (e: AllocationEdge) => e.annualValueEur / e.suppliedQuantity;
const ratioOf = (e: AllocationEdge) => e.deliveredQuantity / e.suppliedQuantity;
/** A match that can take a share: some quantity on both sides and a positive value. */
const isUsable = (e: AllocationEdge) => e.suppliedQuantity > 0 && e.deliveredQuantity > 0 && e.annualValueEur > 0;
const byId = (a: AllocationEdge, b: AllocationEdge) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The LP text of a problem (CPLEX LP format, which HiGHS reads), in shares rather than
 * quantities: column i is the share of match i's wish it gets (0..1), every supply and need
 * row is divided by its own capacity or demand (so it reads "≤ 1"), and the objective by the
 * largest match value. Quantities of 1e20 or more, or a region mixing 10 MWh/yr with 1e9 t/yr,
 * then give coefficients HiGHS reads and solves well; unscaled, a coefficient of 1e20 made it
 * refuse the programme. A match whose supply or need has nothing is bounded to 0.
 */
export function allocationLp(problem: AllocationProblem, edges: readonly AllocationEdge[]): string {
  const terms = (list: readonly [number, number][]) => list.map(([c, i], k) => `${k === 0 ? "" : " + "}${num(c)} x${i}`).join("");
  const bySupply = new Map<string, [number, number][]>();
  const byDemand = new Map<string, [number, number][]>();
  const upper = edges.map(() => 1);
  const topValue = edges.reduce((top, e) => Math.max(top, e.annualValueEur), 0);
  edges.forEach((e, i) => {
    const capacity = problem.supplies.get(e.supplyId) ?? 0;
    const demand = problem.demands.get(e.demandId) ?? 0;
    if (!(capacity > 0) || !(demand > 0)) upper[i] = 0;
    else {
      (bySupply.get(e.supplyId) ?? bySupply.set(e.supplyId, []).get(e.supplyId)!).push([e.suppliedQuantity / capacity, i]);
      (byDemand.get(e.demandId) ?? byDemand.set(e.demandId, []).get(e.demandId)!).push([e.deliveredQuantity / demand, i]);
    }
  });
  const rows: string[] = [];
  [...bySupply].forEach(([, list], k) => rows.push(` s${k}: ${terms(list)} <= 1`));
  [...byDemand].forEach(([, list], k) => rows.push(` d${k}: ${terms(list)} <= 1`));
  return [
    "Maximize",
    ` obj: ${terms(edges.map((e, i) => [e.annualValueEur / topValue, i]))}`,
    "Subject To",
    ...rows,
    "Bounds",
    ...edges.map((_, i) => ` 0 <= x${i} <= ${upper[i]}`),
    "End",
  ].join("\n");
}

/**
 * The solver's shares made exact: a row the simplex left over its capacity or demand by its
 * feasibility tolerance (1e-7 of the row) is scaled back, so a supply never gives, and a
 * need never receives, more than it has or asks.
 */
function withinLimits(problem: AllocationProblem, edges: readonly AllocationEdge[], taken: Map<string, number>): Map<string, number> {
  const scaleBack = (limitOf: (e: AllocationEdge) => number, keyOf: (e: AllocationEdge) => string, amount: (e: AllocationEdge, x: number) => number) => {
    const used = new Map<string, number>();
    for (const e of edges) used.set(keyOf(e), (used.get(keyOf(e)) ?? 0) + amount(e, taken.get(e.id) ?? 0));
    for (const e of edges) {
      const total = used.get(keyOf(e)) ?? 0;
      const limit = limitOf(e);
      if (total > limit) taken.set(e.id, ((taken.get(e.id) ?? 0) * limit) / total);
    }
  };
  scaleBack((e) => problem.supplies.get(e.supplyId) ?? 0, (e) => e.supplyId, (_, x) => x);
  scaleBack((e) => problem.demands.get(e.demandId) ?? 0, (e) => e.demandId, (e, x) => x * ratioOf(e));
  return taken;
}

/** HiGHS's shares of a programme, or undefined when it gives no optimum or cannot read it. */
async function solveShares(problem: AllocationProblem, usable: readonly AllocationEdge[]): Promise<Map<string, number> | undefined> {
  let solution;
  try {
    solution = (await highs()).solve(allocationLp(problem, usable), { presolve: "off" });
  } catch {
    // The WebAssembly module throws on a model it cannot read; the greedy answer stands in.
    return undefined;
  }
  if (solution.Status !== "Optimal") return undefined;
  const taken = new Map<string, number>();
  usable.forEach((e, i) => {
    const share = Math.max(0, Math.min(1, Number(solution.Columns[`x${i}`]?.Primal ?? 0)));
    taken.set(e.id, share * e.suppliedQuantity);
  });
  return withinLimits(problem, usable, taken);
}

/**
 * The greedy assignment: matches in order of value per supply unit (then id), each taking
 * all it can of what its supply has left and its need still asks. The floor the optimum
 * is checked against, and the answer when the solver gives none.
 */
export function greedyAllocation(problem: AllocationProblem): Map<string, number> {
  const left = new Map(problem.supplies);
  const wanted = new Map(problem.demands);
  const taken = new Map<string, number>();
  for (const e of problem.edges.filter(isUsable).sort((a, b) => valuePerUnit(b) - valuePerUnit(a) || byId(a, b))) {
    const x = Math.max(0, Math.min(e.suppliedQuantity, left.get(e.supplyId) ?? 0, (wanted.get(e.demandId) ?? 0) / ratioOf(e)));
    left.set(e.supplyId, (left.get(e.supplyId) ?? 0) - x);
    wanted.set(e.demandId, (wanted.get(e.demandId) ?? 0) - x * ratioOf(e));
    taken.set(e.id, x);
  }
  return taken;
}

/** What a programme's solve gave: each match's supply units per year, and whether the solver gave no optimum. */
export interface ComponentShares {
  readonly taken: ReadonlyMap<string, number>;
  readonly greedy: boolean;
}

/**
 * Where solved components are kept between calls, by `componentKey` (match-service keeps one
 * per process). A hit is exactly what a solve of the same key would give: the key holds every
 * number the programme and its conversion back to quantities read, and the solve is
 * deterministic.
 */
export interface AllocationMemo {
  get(key: string): ComponentShares | undefined;
  set(key: string, value: ComponentShares): void;
}

/** Options of `allocate`. */
export interface AllocateOptions {
  /** Solved components kept between calls; absent: every component is solved. */
  readonly memo?: AllocationMemo | undefined;
  /**
   * One programme over every match instead of one per connected component, with no
   * short-cut: how `allocate` solved before issue 16, kept as the reference the split is
   * checked against (matching/allocation.test.ts).
   */
  readonly whole?: boolean | undefined;
}

/**
 * The connected components of the matches (two matches are connected when they share a
 * supply or a need), each in the order of `edges`. Matches of different components share
 * no row of the programme, so its optimum is the optimum of each component on its own.
 */
export function connectedComponents(edges: readonly AllocationEdge[]): AllocationEdge[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const e of edges) {
    // Supplies and needs are kept apart by prefix: a supply and a need may share an id string.
    for (const node of [`s:${e.supplyId}`, `d:${e.demandId}`]) if (!parent.has(node)) parent.set(node, node);
    const a = find(`s:${e.supplyId}`);
    const b = find(`d:${e.demandId}`);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, AllocationEdge[]>();
  for (const e of edges) {
    const root = find(`s:${e.supplyId}`);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(e);
  }
  return [...groups.values()];
}

/**
 * The share of a match alone in its component (its supply and its need have no other usable
 * match): all it wishes, unless its supply has less or its need asks less — the programme's
 * one vertex of positive value, min(wish, capacity, demand / ratio), without a solve.
 */
export function soleShare(problem: AllocationProblem, e: AllocationEdge): Map<string, number> {
  const capacity = problem.supplies.get(e.supplyId) ?? 0;
  const demand = problem.demands.get(e.demandId) ?? 0;
  const x = capacity > 0 && demand > 0 ? Math.min(e.suppliedQuantity, capacity, demand / ratioOf(e)) : 0;
  return withinLimits(problem, [e], new Map([[e.id, x]]));
}

/**
 * The memo key of a component: every number its programme and the conversion of its shares
 * back to quantities read — each match's ids, wish, delivery and value, and each of its
 * supplies' capacity and needs' demand — in the component's order (by match id). Any change
 * to any of them is another key, so a memo never answers for inputs it was not solved for.
 */
export function componentKey(problem: AllocationProblem, edges: readonly AllocationEdge[]): string {
  const supplies = [...new Set(edges.map((e) => e.supplyId))].sort().map((id) => [id, problem.supplies.get(id) ?? 0]);
  const demands = [...new Set(edges.map((e) => e.demandId))].sort().map((id) => [id, problem.demands.get(id) ?? 0]);
  return JSON.stringify([edges.map((e) => [e.id, e.supplyId, e.demandId, e.suppliedQuantity, e.deliveredQuantity, e.annualValueEur]), supplies, demands]);
}

/** One programme over `edges` (usable, sorted by id): HiGHS's shares, or the greedy ones when it gives no optimum. */
async function solveComponent(problem: AllocationProblem, edges: readonly AllocationEdge[]): Promise<ComponentShares> {
  const solved = await solveShares(problem, edges);
  return solved ? { taken: solved, greedy: false } : { taken: greedyAllocation({ ...problem, edges }), greedy: true };
}

/**
 * Share every supply among its matches so that the region's yearly value is largest.
 * Matches worth nothing or with no quantity get nothing. The optimum always exists (x = 0
 * is feasible and the value is bounded); when the solver still reports none, the greedy
 * assignment is returned, marked `solvedBy: "greedy"`.
 *
 * Each connected component is its own programme (they share no row), and a component of one
 * match is not solved at all (`soleShare`): a match-list read was one HiGHS solve over the
 * whole ring of competing matches, tens of ms on 2 cores (issue 16). With a memo, a component
 * solved before with the same numbers is not solved again. Greedy per component is the
 * greedy assignment of the whole problem restricted to it (its choices only read their own
 * supply's and need's remainders).
 */
export async function allocate(problem: AllocationProblem, options: AllocateOptions = {}): Promise<Allocation> {
  // Sorted by id: the solver's choice among equal-value vertices must not follow input order.
  const usable = problem.edges.filter(isUsable).sort(byId);
  const taken = new Map<string, number>();
  let solvedBy: Allocation["solvedBy"] = "highs";
  const groups = options.whole ? (usable.length > 0 ? [usable] : []) : connectedComponents(usable);
  for (const group of groups) {
    let shares: ComponentShares;
    if (!options.whole && group.length === 1) shares = { taken: soleShare(problem, group[0]!), greedy: false };
    else {
      const key = options.memo ? componentKey(problem, group) : "";
      const kept = options.memo?.get(key);
      shares = kept ?? (await solveComponent(problem, group));
      if (!kept) options.memo?.set(key, shares);
    }
    if (shares.greedy) solvedBy = "greedy";
    for (const [id, x] of shares.taken) taken.set(id, x);
  }
  let total = 0;
  for (const e of usable) total += valuePerUnit(e) * (taken.get(e.id) ?? 0);
  const perSupply = new Map<string, number>();
  for (const e of problem.edges) perSupply.set(e.supplyId, (perSupply.get(e.supplyId) ?? 0) + 1);
  const edges = new Map<string, EdgeAllocation>();
  for (const e of problem.edges) {
    const x = taken.get(e.id) ?? 0;
    const capacity = problem.supplies.get(e.supplyId) ?? 0;
    edges.set(e.id, {
      suppliedQuantity: x,
      shareOfWish: e.suppliedQuantity > 0 ? x / e.suppliedQuantity : 0,
      shareOfSupply: capacity > 0 ? x / capacity : 0,
      competitors: (perSupply.get(e.supplyId) ?? 1) - 1,
    });
  }
  return { edges, annualValueEur: total, solvedBy };
}
