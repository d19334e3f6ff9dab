/**
 * The floor under a full-region rematch (issue 16 item 3): the least any rematch of the
 * same region could cost — pure scoring of the same candidate pairs (scorePairs over the
 * compiled table, no shortlist, no explanations) plus one bulk write of the same match
 * rows: COPY into a PostgreSQL table shaped like match_history, and batched UNWIND …
 * CREATE into Neo4j linked to both flows. Nodes are written as `:FloorMatch` and removed
 * afterwards, so the floor leaves the bench stores as the rematch left them.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { compileFlows, DEFAULT_SCORING_PARAMS, scorePairs, type MatchableFlow } from "../../matching/index.ts";
import { newScratch } from "../../matching/slots.ts";
import type { StoredMatch } from "../../match-service/stored-match.ts";

/** What the rematch handed over to replay: each offer's candidate ids and every match row. */
export interface RematchRecording {
  readonly candidates: Map<string, readonly string[]>;
  readonly rows: StoredMatch[];
}

/** An empty recording with the observer callbacks rematchRegion takes. */
export function recordRematch(): RematchRecording & { observe: { candidates: (o: string, c: readonly string[]) => void; rows: (r: readonly StoredMatch[]) => void } } {
  const candidates = new Map<string, readonly string[]>();
  const rows: StoredMatch[] = [];
  return { candidates, rows, observe: { candidates: (o, c) => void candidates.set(o, c), rows: (r) => void rows.push(...r) } };
}

/** One COPY text field: NULL as \N, backslash, tab and newlines escaped. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  return String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

const COPY_COLUMNS = ["match_id", "supply_flow_id", "demand_flow_id", "supply_version", "demand_version", "score", "route", "factors", "economics", "event"] as const;

/** Time the scoring of the recorded pairs and the bulk write of the recorded rows. */
export async function rematchFloor(
  deps: { neo4j: Driver; knex: Knex; databaseUrl: string },
  flows: readonly MatchableFlow[],
  rec: RematchRecording,
  options: { write: boolean; batchSize?: number },
): Promise<{ scoreSeconds: number; writeSeconds: number; seconds: number; pairs: number; rows: number }> {
  const table = compileFlows(flows);
  const index = new Map(flows.map((f, n) => [f.id, n]));
  const work = [...rec.candidates].map(([offer, cands]) => ({ s: index.get(offer)!, idx: Int32Array.from(cands, (id) => index.get(id)!) }));
  const scratch = newScratch();
  let pairs = 0;
  const t0 = performance.now();
  for (const w of work) {
    const scores = new Float64Array(w.idx.length);
    scorePairs(table, w.s, DEFAULT_SCORING_PARAMS, scores, 0, 0, w.idx, scratch);
    pairs += w.idx.length;
  }
  const scoreSeconds = (performance.now() - t0) / 1000;
  let writeSeconds = 0;
  if (options.write && rec.rows.length > 0) {
    const client = new pg.Client({ connectionString: deps.databaseUrl });
    await client.connect();
    try {
      await client.query("create temp table floor_match_history (like match_history including defaults)");
      const t1 = performance.now();
      const lines = rec.rows.map((r) => [r.id, r.supplyFlowId, r.demandFlowId, r.supplyVersion, r.demandVersion, r.score, r.route, r.factors, r.economics, "created"].map(copyField).join("\t") + "\n");
      await pipeline(Readable.from(lines), client.query(copyFrom(`copy floor_match_history (${COPY_COLUMNS.join(", ")}) from stdin`)));
      const batch = options.batchSize ?? 10_000;
      for (let i = 0; i < rec.rows.length; i += batch) {
        await deps.neo4j.executeQuery(
          "UNWIND $rows AS r MATCH (s:ResourceFlow {id: r.supplyFlowId}) MATCH (d:ResourceFlow {id: r.demandFlowId}) CREATE (m:FloorMatch) SET m = r CREATE (m)-[:SUPPLY]->(s), (m)-[:DEMAND]->(d)",
          { rows: rec.rows.slice(i, i + batch) },
        );
      }
      writeSeconds = (performance.now() - t1) / 1000;
    } finally {
      await client.end();
      // CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run, not executeQuery.
      const session = deps.neo4j.session();
      try {
        await session.run("MATCH (m:FloorMatch) CALL (m) { DETACH DELETE m } IN TRANSACTIONS OF 10000 ROWS");
      } finally {
        await session.close();
      }
    }
  }
  return { scoreSeconds, writeSeconds, seconds: scoreSeconds + writeSeconds, pairs, rows: rec.rows.length };
}
