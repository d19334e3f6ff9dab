/**
 * The byte-level guards of an import stream, applied before any parser sees the bytes:
 *
 * - {@link limitBytes}: counts the bytes as they arrive and fails the stream with
 *   PAYLOAD_TOO_LARGE (413) the moment they pass the limit, so an upload is never read
 *   (or buffered) beyond IMPORT_MAX_BYTES;
 * - {@link boundedRecords}: splits the stream into records (lines; for CSV, lines ended
 *   outside quotes) and passes on only those of at most `maxBytes`. A longer one is
 *   reported by its first line number and how many lines it spans, and its bytes are
 *   dropped as they arrive — memory holds at most one record of `maxBytes`, however long
 *   the line (a 100 MB line costs no more than a short one).
 */
import { errors } from "../../domain/errors.ts";

/** Complete records (each ending in LF, except perhaps the file's last), or a record refused as too long. */
export type BoundedPiece =
  | { readonly kind: "records"; readonly bytes: Buffer }
  | { readonly kind: "too-long"; readonly line: number; readonly lines: number };

const LF = 0x0a;
const QUOTE = 0x22;

const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));

/** The reason a refused over-long record is reported with. */
export const tooLongReason = (maxBytes: number) => `line longer than ${maxBytes} bytes`;

/**
 * Pass the stream's chunks on until more than `maxBytes` arrived, then fail.
 * @throws TurashError PAYLOAD_TOO_LARGE naming the limit
 */
export async function* limitBytes(input: AsyncIterable<unknown>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of input) {
    const buf = asBuffer(chunk);
    total += buf.length;
    if (total > maxBytes) throw errors.importTooLarge(maxBytes);
    yield buf;
  }
}

/**
 * Split `input` into records of at most `maxBytes` (the ending LF not counted).
 * @param quoteAware an LF inside double quotes does not end the record (CSV)
 */
export async function* boundedRecords(input: AsyncIterable<unknown>, maxBytes: number, quoteAware: boolean): AsyncGenerator<BoundedPiece> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let overflowing = false;
  let quoted = false;
  let recordLine = 1;
  let linesInRecord = 0;
  for await (const chunk of input) {
    const buf = asBuffer(chunk);
    let start = 0;
    let complete = 0; // buf[start..complete) are complete, accepted records not yet passed on
    const pieces: BoundedPiece[] = [];
    // Pass on the complete records of this chunk so far (with the start of the first, when it began earlier).
    const passOn = () => {
      if (complete > start) {
        pieces.push({ kind: "records", bytes: Buffer.concat([...partial, buf.subarray(start, complete)]) });
        partial = [];
        partialBytes = 0;
      }
      start = complete;
    };
    for (let i = 0; i < buf.length; i++) {
      if (!quoteAware) {
        i = buf.indexOf(LF, i);
        if (i < 0) break;
      } else if (buf[i] === QUOTE) {
        quoted = !quoted;
        continue;
      }
      if (buf[i] === LF) {
        linesInRecord++;
        if (quoteAware && quoted) continue;
        const length = partialBytes + (i - complete);
        if (overflowing || length > maxBytes) {
          partial = [];
          partialBytes = 0;
          passOn();
          pieces.push({ kind: "too-long", line: recordLine, lines: linesInRecord });
          overflowing = false;
          start = complete = i + 1;
        } else if (partial.length > 0) {
          // The record began in an earlier chunk: pass it on whole.
          complete = i + 1;
          passOn();
        } else complete = i + 1;
        recordLine += linesInRecord;
        linesInRecord = 0;
      }
    }
    passOn();
    // The unfinished record: kept while it may still fit, dropped (and counted) once it cannot.
    if (!overflowing && start < buf.length) {
      partial.push(buf.subarray(start));
      partialBytes += buf.length - start;
      if (partialBytes > maxBytes) {
        overflowing = true;
        partial = [];
        partialBytes = 0;
      }
    }
    yield* pieces;
  }
  if (overflowing) yield { kind: "too-long", line: recordLine, lines: linesInRecord + 1 };
  else if (partialBytes > 0) yield { kind: "records", bytes: Buffer.concat(partial) };
}
