/**
 * `npm run reindex`: rebuild the derived PostGIS index (site_index, flow_index) entirely
 * from Neo4j, the system of record.
 *
 * One PostgreSQL transaction: truncate both tables, then read the graph page by page and
 * insert each page. Readers of the old index wait for the commit and never see it half
 * built. Writes that race the rebuild stay correct: a write path index upsert queued
 * behind the truncate's lock applies after the commit (version-guarded), so whatever the
 * graph holds when the rebuild ends is what the index holds.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { upsertFlowIndex, upsertSiteIndex } from "../spatial/index-store.ts";
import { DEFAULT_PAGE_SIZE, flowIndexRowsFromGraph, siteIndexRowsFromGraph } from "./index-source.ts";

/** What a rebuild wrote. */
export interface ReindexReport {
  readonly sites: number;
  readonly flows: number;
  readonly seconds: number;
}

/** Options of {@link reindex}. */
export interface ReindexOptions {
  readonly pageSize?: number;
  readonly onProgress?: (progress: { kind: "sites" | "flows"; done: number }) => void;
}

/** Rebuild site_index and flow_index from the graph. */
export async function reindex(neo4j: Driver, knex: Knex, options: ReindexOptions = {}): Promise<ReindexReport> {
  const started = performance.now();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let sites = 0;
  let flows = 0;
  await knex.transaction(async (trx) => {
    await trx.raw("truncate flow_index, site_index");
    for await (const rows of siteIndexRowsFromGraph(neo4j, pageSize)) {
      await upsertSiteIndex(trx, rows);
      sites += rows.length;
      options.onProgress?.({ kind: "sites", done: sites });
    }
    for await (const rows of flowIndexRowsFromGraph(neo4j, pageSize)) {
      await upsertFlowIndex(trx, rows);
      flows += rows.length;
      options.onProgress?.({ kind: "flows", done: flows });
    }
    // Count what landed (a flow whose site is not indexed would be dropped by the join).
    const { rows } = (await trx.raw("select (select count(*) from site_index)::int as sites, (select count(*) from flow_index)::int as flows")) as {
      rows: { sites: number; flows: number }[];
    };
    sites = rows[0]!.sites;
    flows = rows[0]!.flows;
  });
  return { sites, flows, seconds: (performance.now() - started) / 1000 };
}
