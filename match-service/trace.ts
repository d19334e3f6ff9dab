/**
 * Where the time of one computation goes — prefilter, graph context, scoring, persisting —
 * kept on the service for the matching benchmark (bench/matching.ts). Each stage's figure
 * is its first run in the computation: the fallback's wider second pass is not counted.
 */

/** Timings of the last computation, for the benchmark. */
export interface ComputeTrace {
  prefilterMs: number;
  contextMs: number;
  scoreMs: number;
  persistMs: number;
  candidates: number;
}

/** A stage of a computation that is timed. */
export type TracedStage = Exclude<keyof ComputeTrace, "candidates">;

/** A trace with nothing measured yet. */
export const emptyTrace = (): ComputeTrace => ({ prefilterMs: 0, contextMs: 0, scoreMs: 0, persistMs: 0, candidates: 0 });

/** Run `work` and set `stage` of the trace to the milliseconds it took (left as it was when `work` fails). */
export async function traced<T>(trace: ComputeTrace, stage: TracedStage, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await work();
  trace[stage] = performance.now() - started;
  return out;
}
