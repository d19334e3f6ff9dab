/**
 * How benchmarks report: timestamped progress lines, medians, rounded figures, the machine
 * they ran on, and a JSON result under bench/results/.
 */
import os from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";

/** A progress line, prefixed with the time of day. */
export const log = (...a: unknown[]): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** The median (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `x` rounded to `digits` decimals. */
export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** What a result says about where it was measured. */
export function machine(): { cpus: number; cpu_model: string; memory_gb: number; node: string } {
  return { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? "unknown", memory_gb: round(os.totalmem() / 2 ** 30, 1), node: process.version };
}

/** Write `result` to bench/results/`name` and print it. */
export function writeResult(name: string, result: unknown): void {
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}`, import.meta.url), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}
