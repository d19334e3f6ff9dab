import { afterAll, describe, expect, it } from "vitest";
import { recordCorrection } from "../../ledgers/coding-corrections.ts";
import { ingestEnrichment } from "../../ingest/imports/enrichment-sources.ts";
import { readFlows } from "../../ingest/write-path.ts";
import { clearRegions, loadMunicipalities } from "../regions/fixtures.ts";
import { csvText, submitText, waitForJob, withIngestWorkerPerTest } from "../helpers/imports.ts";

const HEADER = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Description", "Quantity", "Unit"];

describe("enrichment during an import", () => {
  const suite = withIngestWorkerPerTest({
    prepare: async (stores) => {
      await clearRegions(stores.db.knex);
      await stores.db.knex.raw("truncate coding_corrections, coding_correction_history restart identity cascade");
    },
    workerOptions: (stores) => ingestEnrichment(stores.db.knex),
  });
  afterAll(async () => clearRegions(suite.stores.db.knex));

  it("gives a new site the region of the boundary it lies in, and none outside every boundary", async () => {
    await loadMunicipalities(suite.stores.db.knex);
    const rows = [
      ["Kalundborg Fjernvarme", "35.30", "55.68", "11.08", "need", "district heating", "9000", "MWh/yr"],
      ["Far Away A/S", "35.30", "56.5", "9.5", "need", "district heating", "9000", "MWh/yr"],
    ];
    await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, rows, ","))).id);

    const { records } = await suite.stores.neo4j.executeQuery("MATCH (b:Business)-[:OPERATES]->(s:Site) RETURN b.name AS name, s.region AS region ORDER BY name");
    expect(records.map((r) => [r.get("name"), r.get("region")])).toEqual([
      ["Far Away A/S", null],
      ["Kalundborg Fjernvarme", "9901"],
    ]);
    const [indexed] = await suite.stores.db.knex("site_index").whereNotNull("region_code").select("region_code");
    expect(indexed).toEqual({ region_code: "9901" });
  });

  it("codes descriptions with the corrections people made", async () => {
    await recordCorrection(suite.stores.db.knex, { description: "mask residue", resourceType: "spent_grain", suggestedType: null, suggestedConfidence: null, correctedBy: "test" });
    const rows = [["Bryggeriet Kalundborg", "11.05", "55.68", "11.08", "offer", "Mask residue", "1200", "t/yr"]];

    await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, rows, ","))).id);

    const { records } = await suite.stores.neo4j.executeQuery("MATCH (f:ResourceFlow) RETURN f.id AS id");
    const flow = (await readFlows(suite.stores.neo4j, [records[0]!.get("id") as string])).values().next().value!.doc;
    expect(flow.resourceType).toBe("spent_grain");
    expect(flow.estimatedFields).toContain("resourceType");
  });
});
