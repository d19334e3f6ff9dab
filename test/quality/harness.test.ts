/**
 * The quality harness itself (bench/quality/): registering a tiny two-company area through
 * the REST API and judging its one exchange, once with a known-correct engineer mapping
 * (the real supplier must be first: recall 1) and once with a known-wrong one (the need
 * typed as something fly ash cannot feed: recall 0, the miss names the missing pair).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Area } from "../../bench/quality/dataset.ts";
import { loadMapping, type EngineerMapping } from "../../bench/quality/mapping.ts";
import { runMode } from "../../bench/quality/run-mode.ts";
import { restClient } from "../../bench/quality/rest.ts";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { withTestStores } from "../helpers/stores.ts";

const area: Area = {
  name: "Fixture park",
  file: "fixture",
  companies: [
    { id: "PWR", name: "Coal power station", nace: "35.11", lat: 55.0, lon: 10.0, coord_precision: "site", outputs: [{ resource: "fly_ash", quantity: 50_000, unit: "t/yr", notes: null }], inputs: [] },
    // No coordinates: placed at the area's centroid (the power station).
    { id: "CEM", name: "Cement works", nace: "23.51", lat: null, lon: null, coord_precision: "unknown", outputs: [], inputs: [{ resource: "fly_ash", quantity: 40_000, unit: "t/yr", notes: null }] },
  ],
  exchanges: [
    { id: "FIX-E1", from: "PWR", to: "CEM", resource: "fly_ash", resource_detail: null, quantity: null, unit: null, year: null, start_year: null, end_year: null, status: "active", confidence: "high", source: ["fixture"], notes: null },
  ],
};

const wrong: EngineerMapping = {
  fly_ash: { offer: [{ types: ["fly_ash"] }], need: [{ types: ["fresh_water"] }] },
};

const descriptions = {
  fly_ash: { offer: [{ text: "fine residue from the electrostatic precipitators of the coal boilers" }], need: [{ text: "pozzolanic supplementary cementitious material for concrete" }] },
};

describe("the quality harness", () => {
  const ctx = withTestStores();
  let api: RunningTestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  // A tag per run: the stores are emptied between tests, the match cache in Redis is not.
  let runs = 0;
  const run = (mapping: EngineerMapping, mode: "engineer" | "coding" = "engineer") =>
    runMode({ knex: ctx.stores.db.knex, rest: restClient(api.url), areas: [area], mapping, descriptions, mode, tag: `t${Date.now().toString(36)}${++runs}-` });

  it("finds the real supplier first with a correct mapping", async () => {
    const result = await run(loadMapping());
    expect(result.overall).toEqual({ n: 1, recall_at_1: 1, recall_at_3: 1, recall_at_5: 1 });
    expect(result.per_area["Fixture park"]!.recall_at_1).toBe(1);
    expect(result.misses).toEqual([]);
    expect(result.exchanges[0]).toMatchObject({ rank: 1, offerType: "fly_ash", needType: "clinker_substitute" });
    expect(result.listings).toMatchObject({ registered: 2, not_registered: 0, nominal_quantity: 0, at_centroid_companies: ["CEM"] });
  });

  it("measures recall 0 with a wrong mapping, and says why", async () => {
    const result = await run(wrong);
    expect(result.overall).toEqual({ n: 1, recall_at_1: 0, recall_at_3: 0, recall_at_5: 0 });
    expect(result.misses).toHaveLength(1);
    expect(result.misses[0]!.cause).toMatch(/no pair fly_ash → fresh_water/);
  });

  it("in coding mode, scores the coding help against the engineer's types", async () => {
    const result = await run(loadMapping(), "coding");
    const coding = result.coding!;
    expect(coding.listings).toBe(2);
    expect(coding.top1_accuracy).toBe(coding.correct / 2);
    for (const w of coding.wrong) expect(w.picked).not.toBe(w.expected);
    // The rank follows from what the coding help chose: the engineer's types find the
    // supplier first (as above); any other choice is a miss that names the coding help.
    const ex = result.exchanges[0]!;
    if (ex.offerType === "fly_ash" && ex.needType === "clinker_substitute") expect(ex.rank).toBe(1);
    else expect(result.misses[0]!.cause).toMatch(/coding help typed/);
  });
});
