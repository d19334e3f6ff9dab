/**
 * Full-region rematch: every offer flow of the index scored against its candidates in
 * one pass, in memory — the nightly job, or what runs after a bulk import. Same engine,
 * same compatibility, radius and candidate budget as the online path (prefilter.ts), but
 * candidates come from an in-memory grid instead of one SQL query per flow, and the graph
 * context is read once for every organization. The whole region is compiled once into
 * the engine's typed-array table; each offer's candidates are scored numerically and only
 * the best few go through `matchFlow` for explanations and economics. The top matches of
 * each offer are persisted in batches. Unlike the online path, an offer with no passing
 * candidate is not retried with relaxed radius and margins.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { getResourceType } from "../domain/taxonomy.ts";
import {
  compileFlows,
  haversineKm,
  matchFlow,
  needTypesFor,
  pairKey,
  scorePairs,
  scoringParams,
  type FlowTable,
  type MatchableFlow,
  type MatchContext,
  type MatchOptions,
} from "../matching/index.ts";
import { newScratch } from "../matching/slots.ts";
import { CANDIDATES_PER_TYPE } from "./prefilter.ts";
import { FLOW_COLUMNS, toMatchable, type FlowIndexRecord } from "./rows.ts";
import { matchId } from "./ids.ts";
import { persistMatches } from "./store.ts";
import { storedMatch, type StoredMatch } from "./stored-match.ts";

/** What a rematch did and how long each part took. */
export interface RematchReport {
  readonly flows: number;
  readonly offers: number;
  readonly candidatePairs: number;
  readonly matches: number;
  readonly autoShare: number;
  readonly loadSeconds: number;
  readonly scoreSeconds: number;
  readonly persistSeconds: number;
  readonly seconds: number;
}

/** Options of {@link rematchRegion}. */
export interface RematchOptions {
  /** Matches kept per offer (default 10). */
  readonly topN?: number;
  /** Write :Match nodes and ledger rows (default true). */
  readonly persist?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stop after this many offers (profiling, sampling). */
  readonly maxOffers?: number;
  /** Sees each offer's candidate flow ids and each batch of rows before it is written (the benchmark's floor replays them). */
  readonly observe?: {
    readonly candidates?: (offerId: string, candidateIds: readonly string[]) => void;
    readonly rows?: (rows: readonly StoredMatch[]) => void;
  };
}

const CELL_DEG = 0.25;
const KM_PER_DEG_LAT = 111.32;

/** A uniform lat/lon grid of flows of one (type, direction), for radius queries. */
interface Grid {
  readonly cells: Map<string, number[]>;
}

const cellKey = (i: number, j: number) => `${i}:${j}`;

function buildGrids(flows: readonly MatchableFlow[], direction: "offer" | "need"): Map<string, Grid> {
  const grids = new Map<string, Grid>();
  for (let n = 0; n < flows.length; n++) {
    const f = flows[n]!;
    if (f.direction !== direction) continue;
    const key = `${f.resourceType}|${f.direction}`;
    let grid = grids.get(key);
    if (!grid) grids.set(key, (grid = { cells: new Map() }));
    const k = cellKey(Math.floor(f.lat / CELL_DEG), Math.floor(f.lon / CELL_DEG));
    const cell = grid.cells.get(k);
    if (cell) cell.push(n);
    else grid.cells.set(k, [n]);
  }
  return grids;
}

/**
 * Indices of a grid's flows within `radiusKm` of flow `at`, nearest first, at most `limit`.
 * Distances by the engine's kernel over the compiled table (the same figure as
 * domain/geodesy.ts, without allocating per candidate: this runs for every offer × cell).
 */
function within(table: FlowTable, grid: Grid, at: number, radiusKm: number, limit: number): number[] {
  const { latR, lonR, cosLat } = table;
  const { lat, lon } = table.flows[at]!;
  const dLat = radiusKm / KM_PER_DEG_LAT;
  const dLon = radiusKm / (KM_PER_DEG_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const found: { n: number; d: number }[] = [];
  for (let i = Math.floor((lat - dLat) / CELL_DEG); i <= Math.floor((lat + dLat) / CELL_DEG); i++) {
    for (let j = Math.floor((lon - dLon) / CELL_DEG); j <= Math.floor((lon + dLon) / CELL_DEG); j++) {
      for (const n of grid.cells.get(cellKey(i, j)) ?? []) {
        const d = haversineKm(latR[at]!, lonR[at]!, cosLat[at]!, latR[n]!, lonR[n]!, cosLat[n]!);
        if (d <= radiusKm) found.push({ n, d });
      }
    }
  }
  if (found.length > limit) found.sort((a, b) => a.d - b.d).length = limit;
  return found.map((x) => x.n);
}

/** Partnerships, exchange counts and rejected pairs of the whole region, read once. */
async function regionContext(neo4j: Driver, knex: Knex): Promise<MatchContext> {
  const { records } = await neo4j.executeQuery("MATCH (a:Business)-[:PARTNERS_WITH]->(b:Business) RETURN a.id AS a, b.id AS b", {}, { routing: "READ" });
  const partnerships = new Map<string, Set<string>>();
  const successfulExchanges = new Map<string, number>();
  for (const r of records) {
    const [a, b] = [r.get("a") as string, r.get("b") as string];
    for (const [x, y] of [[a, b], [b, a]] as const) {
      (partnerships.get(x) ?? partnerships.set(x, new Set()).get(x)!).add(y);
      successfulExchanges.set(x, (successfulExchanges.get(x) ?? 0) + 1);
    }
  }
  const rejected = (await knex("match_decisions").where({ decision: "rejected" }).whereNotNull("supply_flow_id").select("supply_flow_id", "demand_flow_id")) as {
    supply_flow_id: string;
    demand_flow_id: string;
  }[];
  return { partnerships, successfulExchanges, rejectedPairs: new Set(rejected.map((r) => pairKey(r.supply_flow_id, r.demand_flow_id))) };
}

/** Rematch every offer flow of the region. */
export async function rematchRegion(deps: { neo4j: Driver; knex: Knex; idSecret: string }, options: RematchOptions = {}): Promise<RematchReport> {
  const started = performance.now();
  const { idSecret } = deps;
  const topN = options.topN ?? 10;
  const { rows } = (await deps.knex.raw(`select ${FLOW_COLUMNS} from flow_index f`)) as { rows: FlowIndexRecord[] };
  const flows = rows.map(toMatchable);
  const context = await regionContext(deps.neo4j, deps.knex);
  const grids = buildGrids(flows, "need");
  const offerIdx = flows.flatMap((f, n) => (f.direction === "offer" ? [n] : []));
  const offers = offerIdx.map((n) => flows[n]!);
  const table = compileFlows(flows, context);
  const loadSeconds = (performance.now() - started) / 1000;

  const engine: MatchOptions = { topN, nearMisses: 0, relax: false };
  const { params } = scoringParams(undefined, engine);
  const scratch = newScratch();
  // The numerically best few go through matchFlow; 3× topN leaves room for its diversity cap.
  const shortlist = topN * 3;
  const figures = new Map(flows.map((f) => [f.id, f]));
  const now = new Date().toISOString();
  const pending: StoredMatch[] = [];
  let candidatePairs = 0;
  let matches = 0;
  let auto = 0;
  let scoreMs = 0;
  let persistMs = 0;
  const batchSize = options.batchSize ?? 5_000;
  const flush = async (all = false) => {
    while (pending.length >= batchSize || (all && pending.length > 0)) {
      const t = performance.now();
      if (options.observe?.rows) options.observe.rows(pending.slice(0, batchSize));
      if (options.persist !== false) await persistMatches(deps.neo4j, deps.knex, pending.splice(0, batchSize));
      else pending.length = 0;
      persistMs += performance.now() - t;
    }
  };

  const offerCount = Math.min(offers.length, options.maxOffers ?? Infinity);
  for (let k = 0; k < offerCount; k++) {
    const offer = offers[k]!;
    const t = performance.now();
    const radiusKm = getResourceType(offer.resourceType).radiusKm;
    const found: number[] = [];
    for (const needType of needTypesFor(offer.resourceType)) {
      const grid = grids.get(`${needType}|need`);
      if (!grid) continue;
      for (const n of within(table, grid, offerIdx[k]!, radiusKm, CANDIDATES_PER_TYPE)) if (flows[n]!.orgId !== offer.orgId) found.push(n);
    }
    candidatePairs += found.length;
    if (options.observe?.candidates) options.observe.candidates(offer.id, found.map((n) => flows[n]!.id));
    if (found.length > 0) {
      const indices = Int32Array.from(found);
      const scores = new Float64Array(indices.length);
      if (scorePairs(table, offerIdx[k]!, params, scores, 0, 0, indices, scratch) > 0) {
        const best = [...indices.keys()].filter((i) => scores[i]! >= 0).sort((a, b) => scores[b]! - scores[a]!).slice(0, shortlist);
        const result = matchFlow(offer, best.map((i) => flows[indices[i]!]!), context, engine);
        for (const m of result.matches) {
          pending.push(storedMatch(matchId(m.supplyFlowId, m.demandFlowId, idSecret), m, figures, false, now));
          if (m.route.decision === "auto") auto++;
        }
        matches += result.matches.length;
      }
    }
    scoreMs += performance.now() - t;
    if (pending.length >= batchSize) await flush();
    if (options.onProgress && (k + 1) % 10_000 === 0) options.onProgress(k + 1, offers.length);
  }
  await flush(true);
  return {
    flows: flows.length,
    offers: offers.length,
    candidatePairs,
    matches,
    autoShare: matches ? auto / matches : 0,
    loadSeconds,
    scoreSeconds: scoreMs / 1000,
    persistSeconds: persistMs / 1000,
    seconds: (performance.now() - started) / 1000,
  };
}
