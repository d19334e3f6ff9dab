/**
 * Where the ingest worker's enrichment reads from: region boundaries in PostGIS and the
 * coding corrections people made (the ledger caches them for a few seconds: a correction
 * applies to the chunks validated after it, not retroactively).
 */
import type { Knex } from "knex";
import type { Correction } from "../../domain/coding/suggest.ts";
import { loadCorrections } from "../../ledgers/coding-corrections.ts";
import { regionsForPoints } from "../../spatial/regions.ts";
import type { RegionLookup } from "./validate-stage.ts";

/** The region lookup and corrections source for a worker. */
export function ingestEnrichment(knex: Knex): { regions: RegionLookup; corrections: () => Promise<ReadonlyMap<string, Correction>> } {
  return {
    // A harbour site can lie just outside a generalized coastline: take a boundary within 2 km.
    regions: async (points) => (await regionsForPoints(knex, points, { withinMeters: 2_000 })).map((hit) => hit?.code ?? null),
    corrections: () => loadCorrections(knex),
  };
}
