/**
 * Region generator benchmark (`npm run bench:generate`): how long seed/generate-region.ts
 * takes for a deterministic region (seed 1) of 100,000 sites — what `npm run seed` and
 * bench:matching start from. No services: the generator is pure.
 *
 * seed/generate-region.test.ts asserts what a region of that size holds (distinct ids,
 * every flow at a site); how fast it comes is this benchmark's, since a timing bound in a
 * test fails whenever the machine is busy and says nothing about the generator.
 *
 * Writes bench/results/generate-region.json: sites, flows, seconds and sites_per_second
 * (median of the repetitions), every run, and the machine.
 *
 * Env: BENCH_SITES=100000  BENCH_REPS=5
 */
import { generateRegion } from "../seed/generate-region.ts";
import { log, machine, median, round, writeResult } from "./report.ts";

const SITES = Number(process.env.BENCH_SITES ?? 100_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const SEED = 1;


function main(): void {
  generateRegion({ sites: 1_000, seed: SEED }); // warm the JIT on a small region first
  const runs: number[] = [];
  let flows = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const started = performance.now();
    const region = generateRegion({ sites: SITES, seed: SEED });
    const seconds = (performance.now() - started) / 1000;
    flows = region.flows.length;
    log(`run #${rep + 1}: ${SITES.toLocaleString("en")} sites, ${flows.toLocaleString("en")} flows in ${seconds.toFixed(2)} s`);
    runs.push(seconds);
  }
  const seconds = median(runs);
  const result = {
    sites: SITES,
    flows,
    seed: SEED,
    seconds: round(seconds),
    sites_per_second: Math.round(SITES / seconds),
    repetitions: REPS,
    runs_seconds: runs.map((s) => round(s)),
    machine: machine(),
    date: new Date().toISOString(),
  };
  writeResult("generate-region.json", result);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
