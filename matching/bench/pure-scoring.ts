/**
 * Pure-scoring benchmark: candidate pairs scored per second on one core by the hot
 * path (`scorePairs` over a compiled table), medians over repetitions. Flow generation
 * and compilation are outside the timed region, as in the worker where the table is
 * built once per batch.
 *
 * Run: npx tsx matching/bench/pure-scoring.ts
 */
import { DEFAULT_SCORING_PARAMS } from "../params.ts";
import { scorePairs } from "../score.ts";
import { newScratch } from "../slots.ts";
import { compileFlows } from "../table.ts";
import type { MatchableFlow } from "../types.ts";
import { mulberry32 } from "../../domain/prng.ts";
import { randomCandidateSet } from "./random-flows.ts";

export interface BenchOptions {
  readonly seed?: number;
  /** Sources (each with its own candidate set). */
  readonly sources?: number;
  readonly candidatesPerSource?: number;
  readonly repetitions?: number;
  /** Candidate scatter as a multiple of the radius (default 1.5; 0.5 = nearly all pass). */
  readonly spreadFactor?: number;
}

export interface BenchResult {
  readonly pairsPerSecond: number;
  readonly pairsPerRepetition: number;
  readonly medianMs: number;
  /** Share of pairs that passed every hard constraint (so were fully scored). */
  readonly passedShare: number;
}

/** Scores every source against its candidates `repetitions` times; reports the median. */
export function measurePairsPerSecond(opts: BenchOptions = {}): BenchResult {
  const rnd = mulberry32(opts.seed ?? 42);
  const sources = opts.sources ?? 8;
  const per = opts.candidatesPerSource ?? 100_000;
  const reps = opts.repetitions ?? 7;
  const flows: MatchableFlow[] = [];
  const ranges: [number, number, number][] = [];
  for (let s = 0; s < sources; s++) {
    const { source, candidates } = randomCandidateSet(rnd, per, `s${s}c`, opts.spreadFactor ?? 1.5);
    const start = flows.length;
    flows.push(source, ...candidates);
    ranges.push([start, start + 1, flows.length]);
  }
  const t = compileFlows(flows);
  const scores = new Float64Array(per);
  const scratch = newScratch();
  const p = DEFAULT_SCORING_PARAMS;
  let passed = 0;
  // Warm-up so the JIT has optimized the hot path before timing.
  for (const [src, from, to] of ranges) scorePairs(t, src, p, scores, from, to, undefined, scratch);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    passed = 0;
    const t0 = process.hrtime.bigint();
    for (const [src, from, to] of ranges) passed += scorePairs(t, src, p, scores, from, to, undefined, scratch);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  const pairs = sources * per;
  return { pairsPerSecond: (pairs / medianMs) * 1000, pairsPerRepetition: pairs, medianMs, passedShare: passed / pairs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // 1.5× radius: typical prefilter slack; 0.5×: nearly every pair fully scored (worst case).
  for (const spreadFactor of [1.5, 0.5]) {
    const r = measurePairsPerSecond({ spreadFactor });
    console.log(
      `spread ${spreadFactor}× radius: ${Math.round(r.pairsPerSecond).toLocaleString("en-US")} pairs/s ` +
        `(${r.pairsPerRepetition.toLocaleString("en-US")} pairs in ${r.medianMs.toFixed(1)} ms median, ` +
        `${(r.passedShare * 100).toFixed(1)}% passed the hard constraints and were fully scored)`,
    );
  }
}
