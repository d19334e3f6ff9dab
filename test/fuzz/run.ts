/**
 * `npm run fuzz`: every boundary, FUZZ_RUNS generated inputs each (default 10,000) from
 * FUZZ_SEED (default 20261202), against the real api on the test services (TEST_ENV, never
 * the development stores). Writes bench/results/fuzz.json; exits 1 on any 5xx, crash or
 * broken property.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { TEST_ENV } from "../helpers/test-env.ts";
Object.assign(process.env, TEST_ENV);
const { default: setup } = await import("../helpers/global-setup.ts");
const { runBoundaries } = await import("./boundaries.ts");

const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const only = process.env.FUZZ_ONLY?.split(",");
await setup();
const started = Date.now();
const results = await runBoundaries(seed, runs, only, (name, ms) => console.log(`[fuzz] ${name}: ${(ms / 1000).toFixed(1)} s`));
const report = {
  seed,
  runsPerBoundary: runs,
  ...results,
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${os.platform()} ${os.release()}` },
  durationSeconds: Math.round((Date.now() - started) / 100) / 10,
};
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/fuzz.json", JSON.stringify(report, null, 2) + "\n");
for (const b of results.boundaries) console.log(`[fuzz] ${b.name}: ${b.inputs} inputs, ${b.serverErrors} 5xx, ${b.failures.length} broken`);
console.log(`[fuzz] total ${results.totalInputs} inputs, ${results.total5xx} 5xx, ${results.totalFailures} broken, ${report.durationSeconds} s → bench/results/fuzz.json`);
process.exit(results.total5xx === 0 && results.totalFailures === 0 ? 0 : 1);
