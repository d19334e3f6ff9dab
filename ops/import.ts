/**
 * `npm run import -- FILE [--org ID] [--map "Header=field"]… [--mapping FILE.json]
 *   [--decimal comma|point] [--errors OUT.csv] [--no-worker]`
 *
 * Import a CSV, NDJSON or JSON file through the same pipeline as `POST /api/v1/imports`,
 * with a progress bar, then print the report: counts, the columns used and ignored, and
 * the refused rows with their line and reason (all of them to `--errors`). Runs an ingest
 * worker in this process unless `--no-worker` (then the running workers do the work).
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { eventNames } from "../events/streams.ts";
import { isTurashError } from "../domain/errors.ts";
import { importJobSummary, listMerges, listRowErrors, type ImportFormat, type ImportJobSummary } from "../ledgers/import-jobs.ts";
import { readSource } from "../ingest/imports/sources.ts";
import { submitImport } from "../ingest/imports/submit.ts";
import { subscribeProgress, type ImportProgressMessage } from "../ingest/imports/progress.ts";
import { startIngestWorker } from "../ingest/imports/worker.ts";
import { ingestEnrichment } from "../ingest/imports/enrichment-sources.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";

const USAGE = 'usage: npm run import -- FILE [--org ID] [--map "Header=field"]… [--mapping FILE.json] [--decimal comma|point] [--errors OUT.csv] [--no-worker]';

const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = { ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json" };

/** A progress bar line: `[████████░░░░] 66%  6,600 / 10,000 rows · 12 refused · 2,150 rows/s`. */
export function progressBar(p: { done: number; total: number; errors: number; receiving: boolean }, seconds: number, width = 28): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * width);
  const rate = seconds > 0 ? Math.round(p.done / seconds) : 0;
  const total = p.receiving ? `${p.total.toLocaleString("en")}+` : p.total.toLocaleString("en");
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${p.done.toLocaleString("en")} / ${total} rows · ${p.errors.toLocaleString("en")} refused · ${rate.toLocaleString("en")} rows/s`;
}

function explicitMapping(values: { map?: string[]; mapping?: string }): Record<string, string> {
  const mapping: Record<string, string> = values.mapping ? (JSON.parse(readFileSync(values.mapping, "utf8")) as Record<string, string>) : {};
  for (const pair of values.map ?? []) {
    const at = pair.lastIndexOf("=");
    if (at <= 0) throw new Error(`--map "${pair}": write it as "Header=field"`);
    mapping[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return mapping;
}

const csvCell = (v: unknown) => (v === null || v === undefined ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string" },
      map: { type: "string", multiple: true },
      mapping: { type: "string" },
      decimal: { type: "string" },
      errors: { type: "string" },
      "no-worker": { type: "boolean", default: false },
    },
  });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error(file ? `no such file: ${file}\n${USAGE}` : USAGE);
    return 2;
  }
  const format = FORMAT_BY_EXTENSION[extname(file).toLowerCase()] ?? "csv";
  const config = loadConfig();
  const names = eventNames(config.nats.streamPrefix);
  const c = await openDataStores(config, "turash-import");
  const worker = values["no-worker"] ? undefined : await startIngestWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, ...ingestEnrichment(c.db.knex) });
  const started = performance.now();
  const out = process.stderr;
  let jobId: string | undefined;
  let latest: ImportProgressMessage | undefined;
  let received = 0;
  // A terminal gets the bar redrawn in place; a log file a line every few seconds.
  let drawnAt = -Infinity;
  const draw = (p: { done: number; total: number; errors: number; receiving: boolean }, force = false) => {
    const now = performance.now();
    if (!force && now - drawnAt < (out.isTTY ? 200 : 5_000)) return;
    drawnAt = now;
    const line = progressBar(p, (now - started) / 1000);
    out.write(out.isTTY ? `\r${line}` : `${line}\n`);
  };
  const sub = subscribeProgress(c.nats, names, "*", (p) => {
    if (jobId !== undefined && p.jobId !== jobId) return;
    latest = p;
  });
  const ticker = setInterval(() => {
    if (latest && (jobId === undefined || latest.jobId === jobId)) draw({ done: latest.done, total: Math.max(latest.total, received), errors: latest.errors, receiving: jobId === undefined });
  }, out.isTTY ? 200 : 5_000);
  try {
    let summary: ImportJobSummary;
    try {
      summary = await submitImport(
        { knex: c.db.knex, nats: c.nats, names },
        {
          source: "cli",
          format,
          fileName: basename(file),
          requestedBy: `cli:${userInfo().username}`,
          ownerOrgId: values.org ?? null,
          mapping: explicitMapping(values),
          decimalComma: values.decimal === undefined ? undefined : values.decimal === "comma",
          refusedRowsStored: config.limits.imports.refusedRowsStored,
        },
        readSource(createReadStream(file), format, config.limits.imports),
      );
    } catch (error) {
      if (isTurashError(error)) {
        console.error(`cannot import ${basename(file)}: ${error.message}`);
        return 1;
      }
      throw error;
    }
    jobId = summary.id;
    received = summary.rows.received;
    console.error(`${basename(file)}: ${received.toLocaleString("en")} rows queued as ${summary.id}`);
    // Wait for the workers; the ledger is the record, progress messages only make it smooth.
    for (;;) {
      summary = (await importJobSummary(c.db.knex, jobId))!;
      const complete = summary.status === "completed";
      draw({ done: summary.rows.processed, total: summary.rows.received, errors: summary.rows.refused, receiving: false }, complete);
      if (complete) break;
      if (values["no-worker"] && summary.rows.processed === 0 && performance.now() - started > 60_000) {
        console.error("\nno ingest worker has taken the rows for a minute: is `npm start` or `npm run worker:ingest` running?");
        return 1;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (out.isTTY) out.write("\n");
    await report(c.db.knex, summary, values.errors, (performance.now() - started) / 1000);
    return 0;
  } finally {
    clearInterval(ticker);
    sub.unsubscribe();
    await worker?.stop();
    await closeConnections(c);
  }
}

async function report(knex: import("knex").Knex, job: ImportJobSummary, errorsFile: string | undefined, seconds: number): Promise<void> {
  const r = job.rows;
  console.log(`${job.id}: ${r.received.toLocaleString("en")} rows in ${seconds.toFixed(1)} s — ${r.imported.toLocaleString("en")} imported (${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged), ${r.merged} already known, ${r.refused} refused; ${job.merges} merge(s) recorded`);
  const used = job.mapping.headers.filter((h) => job.mapping.columns[h] !== undefined);
  console.log(`columns used: ${used.map((h) => (h === job.mapping.columns[h] ? h : `${h} → ${job.mapping.columns[h]}`)).join(", ")}`);
  if (job.mapping.ignored.length > 0) console.log(`columns ignored: ${job.mapping.ignored.join(", ")}`);
  const errors = await listRowErrors(knex, job.id, -1, 1_000_000);
  if (errors.length > 0) {
    console.log(`refused rows (line, column: reason):`);
    for (const e of errors.slice(0, 20)) console.log(`  line ${e.line}, ${e.field}: ${e.reason}${e.value ? ` (was "${e.value}")` : ""}`);
    if (errors.length > 20) console.log(`  … and ${errors.length - 20} more${errorsFile ? "" : " (--errors FILE.csv writes them all)"}`);
  }
  if (errorsFile) {
    writeFileSync(errorsFile, ["line,column,reason,value", ...errors.map((e) => [e.line, e.field, e.reason, e.value].map(csvCell).join(","))].join("\n") + "\n");
    console.log(`all ${errors.length} refusals written to ${errorsFile}`);
  }
  const merges = await listMerges(knex, job.id, 10);
  for (const m of merges) console.log(`  merged line ${m.line}: ${m.entityType} "${m.incomingName}" → ${m.intoId} (${m.reason})`);
}

runCommand(import.meta, main);
