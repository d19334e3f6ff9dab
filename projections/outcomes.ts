/**
 * The outcomes projection (DESIGN.md "Other domains as graph projections"): what really
 * happened to the suggested matches — precision@k against the deals that reached
 * negotiating, contracted and live, acceptance and conversion, the coded reasons deals
 * failed, the time to each stage — so the engine and the brokering can be judged. It reads
 * the lifecycle ledger and writes no rollup: the figures are recomputed on every read
 * (domain/outcomes/), so they always agree with the ledger.
 */
import type { Projection } from "./projection.ts";

export const outcomesProjection: Projection = {
  name: "outcomes",
  title: "Outcomes",
  description: "What became of the suggested matches, measured as precision@k and conversion per resource type, region and route; for facilitators and admins.",
  reads: [
    {
      store: "sql",
      module: "ledgers/outcomes.ts",
      name: "readOutcomeFacts",
      purpose: "first suggestions (match_history), decisions, proposals and their deal history, with resource type and region from the spatial index",
    },
  ],
  routes: [{ method: "get", path: "/outcomes", summary: "precision@k, acceptance and conversion, failure reasons, time to each stage" }],
  mapLayers: [],
  rollups: [],
};
