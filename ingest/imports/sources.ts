/**
 * Reading an import file as a stream of records, whatever its format: CSV (delimiter
 * sniffed from the header line — comma, semicolon or tab — with a byte-order mark and
 * quoted fields handled by csv-parse), NDJSON (one JSON object per line) or a JSON array
 * (or `{rows: [...]}`). Memory stays flat for CSV and NDJSON however long the file; a
 * JSON array is parsed whole and is therefore capped (use NDJSON or CSV beyond it).
 *
 * Line numbers are the file's: for CSV the header is line 1 and the first record line 2,
 * as a spreadsheet shows them; a record spanning lines is numbered by its first line.
 */
import type { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { errors } from "../../domain/errors.ts";
import { escapeControls } from "../../domain/schemas/strings.ts";
import type { ImportFormat } from "../../ledgers/import-jobs.ts";

/** What a source yields: the header once, then records and unreadable lines. */
export type SourceItem =
  | { readonly kind: "header"; readonly headers: readonly string[]; readonly delimiter?: string }
  | { readonly kind: "record"; readonly line: number; readonly record: Readonly<Record<string, unknown>> }
  | { readonly kind: "error"; readonly line: number; readonly reason: string };

/** Largest JSON array body read whole. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The format of a request from its content type, or undefined when it is not one we read. */
export function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv" || type === "application/csv" || type === "text/plain" || type === "application/vnd.ms-excel") return "csv";
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") return "ndjson";
  if (type === "application/json") return "json";
  return undefined;
}

/** Read records from a stream in the given format. */
export function readSource(input: Readable, format: ImportFormat): AsyncGenerator<SourceItem> {
  if (format === "csv") return readCsv(input);
  if (format === "ndjson") return readNdjson(input);
  return readJsonArray(input);
}

/** The most frequent of comma, semicolon and tab outside quotes in the header line. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![1] > 0 ? [...counts].sort((a, b) => b[1] - a[1])[0]![0] : ",";
}

async function* readCsv(input: Readable): AsyncGenerator<SourceItem> {
  // Sniff the delimiter from the first line, then hand the whole stream to csv-parse.
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headText = "";
  while (!headText.includes("\n")) {
    const next = await iterator.next();
    if (next.done) break;
    const buf = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
    head.push(buf);
    headText += buf.toString("utf8");
    if (headText.length > 1_000_000) break;
  }
  const delimiter = sniffDelimiter(headText.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "");
  let headers: string[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    columns: (header: string[]) => (headers = header.map((h) => String(h).trim())),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    skip_records_with_error: true,
  });
  const skipped: SourceItem[] = [];
  parser.on("skip", (error: Error & { lines?: number }) => {
    skipped.push({ kind: "error", line: error.lines ?? 0, reason: error.message.replace(/^Invalid .*?:\s*/, "") || error.message });
  });
  // CRLF becomes LF before parsing: csv-parse counts a CR and an LF inside quotes as two
  // lines, which would shift every later line number. A CR at a chunk's end waits for the next.
  let pendingCr = false;
  const toLf = (buf: Buffer): string => {
    let text = (pendingCr ? "\r" : "") + buf.toString("utf8");
    pendingCr = text.endsWith("\r");
    if (pendingCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, "\n");
  };
  const feed = (async () => {
    try {
      const write = async (buf: Buffer) => {
        if (!parser.write(toLf(buf))) await new Promise((r) => parser.once("drain", r));
      };
      for (const buf of head) await write(buf);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        await write(Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string));
      }
      if (pendingCr) parser.write("\n");
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let headerSent = false;
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (!headerSent) {
      yield { kind: "header", headers, delimiter };
      headerSent = true;
    }
    while (skipped.length > 0) yield skipped.shift()!;
    // csv-parse counts lines up to the record's end; a record spanning lines starts earlier.
    let breaks = 0;
    for (const value of Object.values(item.record)) breaks += (String(value).match(/\n/g) ?? []).length;
    yield { kind: "record", line: item.info.lines - breaks, record: item.record };
  }
  await feed;
  if (!headerSent && headers.length > 0) yield { kind: "header", headers, delimiter };
  while (skipped.length > 0) yield skipped.shift()!;
}

async function* readNdjson(input: Readable): AsyncGenerator<SourceItem> {
  let line = 0;
  let headerSent = false;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      yield { kind: "error", line, reason: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (!record || typeof record !== "object" || Array.isArray(record)) {
      yield { kind: "error", line, reason: "must be a JSON object with one row's fields" };
      continue;
    }
    if (!headerSent) {
      yield { kind: "header", headers: Object.keys(record) };
      headerSent = true;
    }
    yield { kind: "record", line, record: record as Record<string, unknown> };
  }
}

async function* readJsonArray(input: Readable): AsyncGenerator<SourceItem> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new JsonTooLargeError();
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  }
  // A file that is not a JSON array of rows cannot be read at all: a 400 naming the file, like columns that cannot work.
  const refuse = (message: string) => errors.validationFailed([{ field: "file", message }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw refuse(`is not JSON (${escapeControls((error as Error).message)}); send a JSON array of rows, or CSV or NDJSON with their media types`);
  }
  try {
    yield* recordsOf(body);
  } catch (error) {
    if (error instanceof SyntaxError) throw refuse(error.message);
    throw error;
  }
}

/** Records from an already parsed JSON body: an array of row objects or `{rows: [...]}`. Rows are numbered from 1. */
export function* recordsOf(body: unknown): Generator<SourceItem> {
  const rows = Array.isArray(body) ? body : body && typeof body === "object" && Array.isArray((body as { rows?: unknown }).rows) ? (body as { rows: unknown[] }).rows : undefined;
  if (!rows) throw new SyntaxError("the body must be a JSON array of rows or an object {\"rows\": [...]}");
  const first = rows.find((r) => r && typeof r === "object" && !Array.isArray(r));
  if (first) yield { kind: "header", headers: Object.keys(first as object) };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r && typeof r === "object" && !Array.isArray(r)) yield { kind: "record", line: i + 1, record: r as Record<string, unknown> };
    else yield { kind: "error", line: i + 1, reason: "must be a JSON object with one row's fields" };
  }
}

/** A JSON array body beyond {@link MAX_JSON_BYTES}. */
export class JsonTooLargeError extends Error {
  constructor() {
    super(`a JSON array import may be at most ${MAX_JSON_BYTES / 1024 / 1024} MB; send NDJSON (application/x-ndjson) or CSV for more`);
  }
}
