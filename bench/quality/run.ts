/**
 * `npm run eval:quality`: how often the real supplier of a documented industrial-symbiosis
 * exchange comes first, measured through the REST API as the companies would use it.
 *
 * Reads the shared documented-symbioses set plus bench/quality/exchanges/*.json
 * (dataset.ts), starts its own stores and api (world.ts), and for each mode — types chosen
 * by a plant engineer's mapping, and by the coding help from descriptions without the
 * label word — registers every area afresh and judges every exchange (run-mode.ts).
 * Writes bench/results/quality.json and prints a summary table.
 *
 * Env: EVAL_MODES=engineer,coding  EVAL_PORT=8799  EVAL_NEO4J_URL=bolt://127.0.0.1:7699
 *      EVAL_DATABASE_URL=postgres://postgres@127.0.0.1:5432/turash_eval  DATASETS_DIR=../shared/datasets
 *      EVAL_REDIS_PREFIX=turash-eval:  EVAL_NATS_STREAM_PREFIX=TURASH_EVAL  EVAL_DATA_DIR=.data
 *      EVAL_JWT_TTL_SECONDS=14400 (the companies' tokens outlive the run; the database name must end in _eval)
 */
import { loadDataset, POSITIVE_STATUSES } from "./dataset.ts";
import { loadDescriptions } from "./descriptions.ts";
import { loadMapping } from "./mapping.ts";
import { MODES, type Mode } from "./modes.ts";
import { runMode, type ModeResult } from "./run-mode.ts";
import { restClient } from "./rest.ts";
import { openEvalStores, resetEvalStores, spawnApi } from "./world.ts";
import { log, machine, writeResult } from "../report.ts";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "  –  " : `${(x * 100).toFixed(0).padStart(3)} %`);

/** The summary table: one row per mode and area. */
export function summaryTable(results: readonly ModeResult[]): string {
  const rows = ["mode      area                                                     n   R@1    R@3    R@5"];
  for (const r of results) {
    rows.push(`${r.mode.padEnd(9)} ${"(all)".padEnd(54)} ${String(r.overall.n).padStart(4)} ${pct(r.overall.recall_at_1)}  ${pct(r.overall.recall_at_3)}  ${pct(r.overall.recall_at_5)}`);
    for (const [area, a] of Object.entries(r.per_area)) rows.push(`${"".padEnd(9)} ${area.slice(0, 54).padEnd(54)} ${String(a.n).padStart(4)} ${pct(a.recall_at_1)}  ${pct(a.recall_at_3)}  ${pct(a.recall_at_5)}`);
    if (r.coding) rows.push(`${"".padEnd(9)} coding help top-1 accuracy: ${pct(r.coding.top1_accuracy)} of ${r.coding.listings} listings`);
    rows.push(`${"".padEnd(9)} planned links below every real one: ${r.planned_all_below_real ? "yes" : "no"} (${r.planned.length}); decoy wins: ${r.decoy_wins.length}; misses: ${r.misses.length}`);
  }
  return rows.join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const modes = (process.env.EVAL_MODES ?? MODES.join(",")).split(",").filter((m): m is Mode => (MODES as readonly string[]).includes(m));
  const dataset = loadDataset();
  for (const b of dataset.bad) log(`bad record ${b.file} ${b.at}: ${b.problem}`);
  const mapping = loadMapping();
  const descriptions = loadDescriptions();
  const exchanges = dataset.areas.flatMap((a) => a.exchanges);
  log(`${dataset.areas.length} areas, ${exchanges.length} exchanges from ${dataset.files.join(", ")}`);
  const stores = await openEvalStores((line) => log(line));
  const api = await spawnApi();
  const rest = restClient(api.url);
  const results: ModeResult[] = [];
  try {
    for (const mode of modes) {
      await resetEvalStores(stores);
      results.push(await runMode({ knex: stores.connections.db.knex, rest, areas: dataset.areas, mapping, descriptions, mode }, (line) => log(line)));
    }
  } finally {
    await api.stop();
    await stores.close();
  }
  const coding = results.find((r) => r.coding)?.coding;
  writeResult("quality.json", {
    date: new Date().toISOString(),
    machine: machine(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    dataset: {
      files: dataset.files,
      areas: dataset.areas.length,
      companies: dataset.areas.reduce((s, a) => s + a.companies.length, 0),
      exchanges: exchanges.length,
      positives: exchanges.filter((e) => (POSITIVE_STATUSES as readonly string[]).includes(e.status)).length,
      planned: exchanges.filter((e) => e.status === "planned").length,
      bad_records: dataset.bad,
    },
    method: {
      registration: "through the REST API: an admin registers each company's organization (disclosure public: these exchanges are published) and makes the company's user its org_admin; the user creates the site and its listings; each consumer's need is asked for its matches as the consumer (GET /resource-flows/{id}/matches?limit=50)",
      rank: "position of the first match whose counterpart is the real supplier's organization; not shown within 50 = not found",
      quantities: "the dataset's figure where its unit fits the type (precision estimated); else a nominal placeholder of 10,000 MWh/yr, t/yr or 100,000 m3/yr on both sides (precision rough), not a sourced figure",
      coordinates: "the dataset's; a company without any is placed at the mean of its area's known coordinates (listed per mode as at_centroid_companies)",
      nace: "the first NACE class of the company; 'various' is registered as section C",
    },
    coding_top1_accuracy: coding?.top1_accuracy ?? null,
    modes: results.map((r) => ({
      mode: r.mode,
      recall_at_1: r.overall.recall_at_1,
      recall_at_3: r.overall.recall_at_3,
      recall_at_5: r.overall.recall_at_5,
      positives: r.overall.n,
      per_area: r.per_area,
      planned_links: r.planned,
      planned_all_below_real: r.planned_all_below_real,
      decoy_wins: r.decoy_wins,
      listings: r.listings,
      ...(r.coding ? { coding: r.coding } : {}),
      misses: r.misses,
      exchanges: r.exchanges,
    })),
  });
  console.log(`\n${summaryTable(results)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
