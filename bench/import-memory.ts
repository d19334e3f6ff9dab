/**
 * Import memory benchmark (`npm run bench:import-memory`): the heap while an NDJSON file
 * with one 100 MB line between two good rows is read the way an upload is read
 * (ingest/imports/sources.ts, with IMPORT_MAX_BYTES and IMPORT_MAX_LINE_BYTES as shipped).
 * Reading is where a file is held: what follows it (JetStream chunks, the workers) only
 * ever sees rows under the line limit. No stores are needed.
 *
 * `process.memoryUsage().heapUsed` is sampled every 5 ms and after every item read; the
 * result is the baseline (after a GC when run with --expose-gc), the peak and the items.
 * Writes bench/results/import-memory.json.
 *
 * Env: BENCH_LINE_MB=100. IMPORT_MEMORY_SOURCES=<path of another sources.ts> measures that
 * reader instead (how the "before" figure was taken: the reader of main before the bounds).
 */
import os from "node:os";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SourceItem } from "../ingest/imports/sources.ts";

const LINE_MB = Number(process.env.BENCH_LINE_MB ?? 100);
const row = (name: string) => JSON.stringify({ Company: name, Latitude: 55.7, Longitude: 11.7, Direction: "offer", "Resource type": "waste_heat_low", Quantity: 2500, Unit: "MWh/yr" });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), "turash-import-memory-"));
  const file = join(dir, "one-long-line.ndjson");
  const fd = openSync(file, "w");
  writeSync(fd, `${row("Before A/S")}\n{"Company":"`);
  const block = "x".repeat(1024 * 1024);
  for (let i = 0; i < LINE_MB; i++) writeSync(fd, block);
  writeSync(fd, `"}\n${row("After A/S")}\n`);
  closeSync(fd);

  const modulePath = process.env.IMPORT_MEMORY_SOURCES ? pathToFileURL(process.env.IMPORT_MEMORY_SOURCES).href : new URL("../ingest/imports/sources.ts", import.meta.url).href;
  const { readSource } = (await import(modulePath)) as { readSource: (input: AsyncIterable<unknown>, format: "ndjson") => AsyncGenerator<SourceItem> };
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const timer = setInterval(sample, 5);
  const items: { kind: string; line?: number; reason?: string }[] = [];
  const started = performance.now();
  try {
    for await (const item of readSource(createReadStream(file), "ndjson")) {
      sample();
      items.push(item.kind === "error" ? { kind: item.kind, line: item.line, reason: item.reason.slice(0, 80) } : { kind: item.kind, ...(item.kind === "record" ? { line: item.line } : {}) });
    }
  } catch (error) {
    items.push({ kind: "thrown", reason: (error as Error).message.slice(0, 120) });
  } finally {
    clearInterval(timer);
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const result = {
    file: `NDJSON: a row, one line of ${LINE_MB} MB, a row`,
    reader: process.env.IMPORT_MEMORY_SOURCES ?? "ingest/imports/sources.ts",
    heap_used_baseline_mb: mb(baseline),
    heap_used_peak_mb: mb(peak),
    heap_used_growth_mb: mb(peak - baseline),
    seconds: Math.round((performance.now() - started) / 10) / 100,
    items,
    node: process.version,
    machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 1024 ** 3) },
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  if (!process.env.IMPORT_MEMORY_SOURCES) {
    mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
    writeFileSync(new URL("./results/import-memory.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  }
}

await main();
