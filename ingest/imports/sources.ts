/**
 * Reading an import file as a stream of records, whatever its format: CSV (delimiter
 * sniffed from the header line — comma, semicolon or tab — with a byte-order mark and
 * quoted fields handled by csv-parse), NDJSON (one JSON object per line) or a JSON array
 * (or `{rows: [...]}`). Memory stays flat for CSV and NDJSON however long the file and
 * however long a line: the stream is counted (IMPORT_MAX_BYTES) and split into records of
 * at most IMPORT_MAX_LINE_BYTES before any parser sees it (bounded-records.ts); a longer
 * line is a refused row. A JSON array is parsed whole and is therefore capped too.
 *
 * Line numbers are the file's: for CSV the header is line 1 and the first record line 2,
 * as a spreadsheet shows them; a record spanning lines is numbered by its first line.
 */
import { parse } from "csv-parse";
import { errors } from "../../domain/errors.ts";
import { boundedRecords, limitBytes, tooLongReason, type BoundedPiece } from "./bounded-records.ts";
import { escapeControls } from "../../domain/schemas/strings.ts";
import type { ImportFormat } from "../../ledgers/import-jobs.ts";

/** What a source yields: the header once, then records and unreadable lines. */
export type SourceItem =
  | { readonly kind: "header"; readonly headers: readonly string[]; readonly delimiter?: string }
  | { readonly kind: "record"; readonly line: number; readonly record: Readonly<Record<string, unknown>> }
  | { readonly kind: "error"; readonly line: number; readonly reason: string };

/** Largest JSON array body read whole (IMPORT_MAX_BYTES when that is smaller). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The format of a request from its content type, or undefined when it is not one we read. */
export function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv" || type === "application/csv" || type === "text/plain" || type === "application/vnd.ms-excel") return "csv";
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") return "ndjson";
  if (type === "application/json") return "json";
  return undefined;
}

/** How much of a stream is read: its total and its longest line (ingest/imports/bounded-records.ts). */
export interface SourceLimits {
  /** The most bytes read (PAYLOAD_TOO_LARGE beyond); a JSON array is bound by {@link MAX_JSON_BYTES} too. */
  readonly maxBytes?: number;
  /** The longest line (CSV: record); a longer one is a refused row, never held whole. */
  readonly maxLineBytes?: number;
}

/** Defaults when no configuration is given: IMPORT_MAX_BYTES and IMPORT_MAX_LINE_BYTES as shipped. */
export const DEFAULT_SOURCE_LIMITS: Required<SourceLimits> = { maxBytes: 1024 ** 3, maxLineBytes: 1024 * 1024 };

/** Read records from a stream in the given format, within `limits`. */
export function readSource(input: AsyncIterable<unknown>, format: ImportFormat, limits: SourceLimits = {}): AsyncGenerator<SourceItem> {
  const { maxBytes, maxLineBytes } = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  if (format === "json") return readJsonArray(limitBytes(input, Math.min(maxBytes, MAX_JSON_BYTES)));
  const bytes = limitBytes(input, maxBytes);
  return format === "csv" ? readCsv(bytes, maxLineBytes) : readNdjson(bytes, maxLineBytes);
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

const refusedLine = (line: number, maxLineBytes: number): SourceItem => ({ kind: "error", line, reason: tooLongReason(maxLineBytes) });

async function* readCsv(input: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<SourceItem> {
  // Records go to csv-parse only once complete and short enough; a longer one reaches it as
  // the same number of empty lines (skipped, but counted, so later line numbers stay right)
  // and is reported from `refused` in line order. The delimiter is sniffed from the header line.
  const pieces = boundedRecords(input, maxLineBytes, true);
  const refused: SourceItem[] = [];
  let headers: string[] = [];
  let delimiter = ",";
  const first = await pieces.next();
  if (first.done) return;
  if (first.value.kind === "too-long" && first.value.line === 1)
    throw errors.validationFailed([{ field: "file", message: `the header line is longer than ${maxLineBytes} bytes (IMPORT_MAX_LINE_BYTES)` }]);
  if (first.value.kind === "records") delimiter = sniffDelimiter(first.value.bytes.toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "");
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
      const write = async (text: string) => {
        if (!parser.write(text)) await new Promise((r) => parser.once("drain", r));
      };
      for (let next: IteratorResult<BoundedPiece> = first; !next.done; next = await pieces.next()) {
        const piece = next.value;
        if (piece.kind === "records") await write(toLf(piece.bytes));
        else {
          refused.push(refusedLine(piece.line, maxLineBytes));
          await write("\n".repeat(piece.lines));
        }
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
    const line = item.info.lines - breaks;
    while (refused.length > 0 && (refused[0] as { line: number }).line < line) yield refused.shift()!;
    yield { kind: "record", line, record: item.record };
  }
  await feed;
  if (!headerSent && headers.length > 0) yield { kind: "header", headers, delimiter };
  while (skipped.length > 0) yield skipped.shift()!;
  while (refused.length > 0) yield refused.shift()!;
}

async function* readNdjson(input: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<SourceItem> {
  let line = 0;
  let headerSent = false;
  for await (const piece of boundedRecords(input, maxLineBytes, false)) {
    if (piece.kind === "too-long") {
      line = piece.line;
      yield refusedLine(line, maxLineBytes);
      continue;
    }
    const texts = piece.bytes.toString("utf8").split("\n");
    if (texts.at(-1) === "") texts.pop();
    for (const raw of texts) {
      line++;
      // A UTF-8 byte order mark (spreadsheet and Windows tools write one) is no part of line 1's JSON.
      const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
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
}

async function* readJsonArray(input: AsyncIterable<Buffer>): AsyncGenerator<SourceItem> {
  // Parsed whole, so read whole: bound by limitBytes (the smaller of the two limits).
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk);
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
