import { describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { storeCounts, submitText, waitForJob, withIngestWorker } from "../helpers/imports.ts";

describe("a generated register of a few thousand rows imported twice", () => {
  const ctx = withIngestWorker();

  it("changes nothing the second time: same rows refused, every other row unchanged", async () => {
    // Same-named plants side by side, companies spanning H3 cells: the cases where
    // deduplication depends on what earlier chunks created.
    const { stores } = ctx;
    const csv = registerCsv(generateRegion({ sites: 1_200, seed: 7, idPrefix: "twice" }));
    const first = await waitForJob(stores, (await submitText(stores, csv)).id);
    const after = await storeCounts(stores);

    const second = await waitForJob(stores, (await submitText(stores, csv)).id);

    expect(await storeCounts(stores)).toEqual(after);
    expect(second.rows).toMatchObject({ created: 0, updated: 0, refused: first.rows.refused, unchanged: first.rows.created + first.rows.updated - 0 });
    expect(first.rows.created).toBe(after.graphFlows);
  }, 120_000);
});
