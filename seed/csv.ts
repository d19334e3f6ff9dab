/**
 * A small RFC 4180-style parser for delimited text: quoted fields may hold the
 * delimiter, doubled quotes and line breaks. Each record keeps the physical line it
 * starts on, so a bad row can be reported by line number as DESIGN.md asks.
 */

/** One parsed record. */
export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  readonly line: number;
  readonly fields: string[];
}

/** Options of {@link parseDelimited}. */
export interface CsvOptions {
  /** Field separator; one character. Default ",". */
  readonly delimiter?: string;
}

/**
 * Splits `text` into records. A leading UTF-8 BOM is dropped, CRLF and LF both end a
 * record, and blank lines are skipped. An unterminated quote runs to the end of the
 * text rather than throwing: the caller's per-row checks then report that row.
 */
export function parseDelimited(text: string, options: CsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")
    throw new Error(`unsupported delimiter ${JSON.stringify(delimiter)}`);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    // A record that is one empty field is a blank line.
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };

  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      endRecord();
      if (ch === "\r" && text[i + 1] === "\n") i++;
      line++;
      recordLine = line;
    } else field += ch;
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
