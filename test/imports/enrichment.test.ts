import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordCorrection } from "../../ledgers/coding-corrections.ts";
import { ingestEnrichment } from "../../ingest/imports/enrichment-sources.ts";
import { readFlows } from "../../ingest/write-path.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { clearRegions, loadMunicipalities } from "../regions/fixtures.ts";
import { csvText, startTestIngestWorker, submitText, waitForJob } from "../helpers/imports.ts";
import { openTestStores, resetStores } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;

const HEADER = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Description", "Quantity", "Unit"];

describe("enrichment during an import", () => {
  let stores: Stores;
  let worker: IngestWorker;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => {
    await worker?.stop();
    await clearRegions(stores.db.knex);
    await stores?.close();
  });
  beforeEach(async () => {
    await worker?.stop();
    await resetStores(stores);
    await clearRegions(stores.db.knex);
    await stores.db.knex.raw("truncate coding_corrections, coding_correction_history restart identity cascade");
    worker = await startTestIngestWorker(stores, ingestEnrichment(stores.db.knex));
  });

  it("gives a new site the region of the boundary it lies in, and none outside every boundary", async () => {
    await loadMunicipalities(stores.db.knex);
    const rows = [
      ["Kalundborg Fjernvarme", "35.30", "55.68", "11.08", "need", "district heating", "9000", "MWh/yr"],
      ["Far Away A/S", "35.30", "56.5", "9.5", "need", "district heating", "9000", "MWh/yr"],
    ];
    await waitForJob(stores, (await submitText(stores, csvText(HEADER, rows, ","))).id);

    const { records } = await stores.neo4j.executeQuery("MATCH (b:Business)-[:OPERATES]->(s:Site) RETURN b.name AS name, s.region AS region ORDER BY name");
    expect(records.map((r) => [r.get("name"), r.get("region")])).toEqual([
      ["Far Away A/S", null],
      ["Kalundborg Fjernvarme", "9901"],
    ]);
    const [indexed] = await stores.db.knex("site_index").whereNotNull("region_code").select("region_code");
    expect(indexed).toEqual({ region_code: "9901" });
  });

  it("codes descriptions with the corrections people made", async () => {
    await recordCorrection(stores.db.knex, { description: "mask residue", resourceType: "spent_grain", suggestedType: null, suggestedConfidence: null, correctedBy: "test" });
    const rows = [["Bryggeriet Kalundborg", "11.05", "55.68", "11.08", "offer", "Mask residue", "1200", "t/yr"]];

    await waitForJob(stores, (await submitText(stores, csvText(HEADER, rows, ","))).id);

    const { records } = await stores.neo4j.executeQuery("MATCH (f:ResourceFlow) RETURN f.id AS id");
    const flow = (await readFlows(stores.neo4j, [records[0]!.get("id") as string])).values().next().value!.doc;
    expect(flow.resourceType).toBe("spent_grain");
    expect(flow.estimatedFields).toContain("resourceType");
  });
});
