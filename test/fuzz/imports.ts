/**
 * Boundary 2: the CSV/NDJSON import reader behind POST /imports. Files of good rows and
 * rows made bad on purpose (a control character, a latitude off the globe, a direction
 * that is none), in files that are themselves odd: a BOM, CRLF/LF/CR mixes, unbalanced
 * quotes, huge cells, missing or unknown columns, wrong media types. Beyond the status
 * properties, a sample of jobs of well-formed files is followed to its report: every
 * bad row is refused with its line number, and no good row is.
 */
import fc from "fast-check";
import { hostileString } from "./generators.ts";
import { inBatches, Tally, V1, type FuzzTarget } from "./target.ts";

const HEADER = ["Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit", "Description"];

type Row = { readonly cells: string[]; readonly bad: boolean };

const goodRow: fc.Arbitrary<Row> = fc
  .record({
    lat: fc.double({ min: 54.6, max: 57.5, noNaN: true }),
    lon: fc.double({ min: 8.1, max: 12.5, noNaN: true }),
    direction: fc.constantFrom("offer", "need"),
    type: fc.constantFrom("waste_heat_low", "steam", "wastewater", "fly_ash"),
    quantity: fc.integer({ min: 1, max: 50_000 }),
    description: fc.constantFrom("", "Condensate", "Flue gas, 60 °C", 'Spent "grain"', "Kølevand; 25 °C"),
  })
  .map((r) => ({ cells: [r.lat.toFixed(5), r.lon.toFixed(5), r.direction, r.type, String(r.quantity), r.type === "fly_ash" ? "t/yr" : r.type === "wastewater" ? "m3/yr" : "MWh/yr", r.description], bad: false }));

/** A good row with one cell no import may accept. */
const badRow: fc.Arbitrary<Row> = fc.tuple(goodRow, fc.constantFrom<[number, string]>([0, "200"], [0, "-91"], [1, "540"], [2, "sideways"], [6, "bad\u0000byte"], [6, "esc\u001b[0m"], [3, "bidi\u202e"])).map(([row, [i, value]]) => {
  const cells = [...row.cells];
  cells[i] = value;
  return { cells, bad: true };
});

interface ImportInput {
  readonly format: "csv" | "ndjson";
  readonly contentType: string;
  readonly text: string;
  /** Well-formed: rows are one per line, so their lines are known; `bad` lines must be refused, the rest not. */
  readonly checkable: boolean;
  readonly goodLines: readonly number[];
  readonly badLines: readonly number[];
}

const quote = (cell: string, delimiter: string) => (/[";,\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A file: rows, then (sometimes) damage that breaks its structure. */
const inputs: fc.Arbitrary<ImportInput> = fc
  .record({
    format: fc.constantFrom<"csv" | "ndjson">("csv", "csv", "ndjson"),
    rows: fc.array(fc.oneof({ weight: 3, arbitrary: goodRow }, { weight: 1, arbitrary: badRow }), { minLength: 1, maxLength: 4 }),
    delimiter: fc.constantFrom(",", ";"),
    eol: fc.constantFrom("\n", "\r\n"),
    bom: fc.boolean(),
    damage: fc.option(
      fc.oneof(
        fc.constantFrom("unbalanced-quote", "cr-only", "mixed-eol", "short-row", "long-row", "no-header", "unknown-header", "duplicate-header", "huge-cell", "nul-header", "binary", "empty", "blank-lines", "truncated"),
        hostileString.map((s) => `cell:${s}`),
      ),
      { freq: 2 },
    ),
    contentType: fc.option(fc.constantFrom("text/plain", "application/octet-stream", "text/csv; charset=latin1", "multipart/form-data", "application/json", ""), { freq: 12 }),
  })
  .map((f): ImportInput => {
    const firstLine = f.format === "csv" ? 2 : 1;
    const lines =
      f.format === "csv"
        ? // Semicolon files are read with a decimal comma, as Excel writes them in most of Europe (README, Importing data).
          [HEADER.join(f.delimiter), ...f.rows.map((r) => r.cells.map((c, i) => quote(f.delimiter === ";" && i < 2 ? c.replace(".", ",") : c, f.delimiter)).join(f.delimiter))]
        : f.rows.map((r) => JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, r.cells[i]]))));
    let text = lines.join(f.eol) + f.eol;
    const damage = f.damage ?? undefined;
    if (damage === "unbalanced-quote") text = text.replace(f.format === "csv" ? /\n([^\n])/ : /"/, f.format === "csv" ? '\n"$1' : "");
    else if (damage === "cr-only") text = text.replace(/\r?\n/g, "\r");
    else if (damage === "mixed-eol") text = lines.map((l, i) => l + ["\n", "\r\n", "\r"][i % 3]).join("");
    else if (damage === "short-row") text += f.format === "csv" ? `55.1${f.delimiter}10.2${f.eol}` : `{"Latitude": 55.1}${f.eol}`;
    else if (damage === "long-row") text += f.format === "csv" ? `${lines[1] ?? "x"}${f.delimiter}extra${f.delimiter}more${f.eol}` : `[1,2,3]${f.eol}`;
    else if (damage === "no-header" && f.format === "csv") text = lines.slice(1).join(f.eol) + f.eol;
    else if (damage === "unknown-header") text = text.replace("Latitude", "Breitengrad?!").replace("Direction", "Whatever");
    else if (damage === "duplicate-header") text = text.replace("Longitude", "Latitude");
    else if (damage === "huge-cell") text += f.format === "csv" ? `55.1${f.delimiter}10.2${f.delimiter}offer${f.delimiter}steam${f.delimiter}10${f.delimiter}MWh/yr${f.delimiter}${"x".repeat(200_000)}${f.eol}` : `{"Description": "${"x".repeat(200_000)}"}${f.eol}`;
    else if (damage === "nul-header") text = `\u0000${text}`;
    else if (damage === "binary") text = "\u00ff\u00fe\u0000\u0001PK\u0003\u0004" + text;
    else if (damage === "empty") text = "";
    else if (damage === "blank-lines") text = text.replace(f.eol, `${f.eol}${f.eol}   ${f.eol}`);
    else if (damage === "truncated") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    else if (damage?.startsWith("cell:")) text += f.format === "csv" ? `${damage.slice(5)}${f.delimiter}${damage.slice(5)}${f.eol}` : `${damage.slice(5)}${f.eol}`;
    if (f.bom) text = `\ufeff${text}`;
    const checkable = damage === undefined && f.contentType === null;
    return {
      format: f.format,
      contentType: f.contentType ?? (f.format === "csv" ? "text/csv" : "application/x-ndjson"),
      text,
      checkable,
      goodLines: f.rows.flatMap((r, i) => (r.bad ? [] : [firstLine + i])),
      badLines: f.rows.flatMap((r, i) => (r.bad ? [firstLine + i] : [])),
    };
  });

interface Report {
  status: string;
  rows: { received: number; refused: number };
  errors: { line: number; field: string; reason: string }[];
}

/** Send `runs` generated files; follow every `followEvery`-th well-formed one to its report. */
export async function fuzzImports(target: FuzzTarget, seed: number, runs: number, followEvery = 20): Promise<Tally> {
  const tally = new Tally("imports");
  const route = "POST /imports";
  const files = fc.sample(inputs, { seed, numRuns: runs });
  const auth = { authorization: `Bearer ${target.callers.orgAdmin}` };
  let checkable = 0;
  await inBatches(target, tally, files, async (file) => {
    const res = await target.send({ method: "post", path: `${V1}/imports?org=${encodeURIComponent(target.own["id:organizations"]!)}`, headers: { ...auth, ...(file.contentType ? { "content-type": file.contentType } : {}) }, body: file.text });
    const request = { format: file.format, contentType: file.contentType, text: file.text.slice(0, 1000) };
    tally.record(route, res, request);
    if (res.status !== 202 || !file.checkable || checkable++ % followEvery !== 0) return;
    const { id } = JSON.parse(res.text) as { id: string };
    let report: Report | undefined;
    for (let i = 0; i < 600 && report?.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const got = await target.send({ method: "get", path: `${V1}/imports/${id}?limit=1000`, headers: auth });
      tally.record("GET /imports/:id", got, { id });
      report = JSON.parse(got.text) as Report;
    }
    if (report?.status !== "completed") return tally.broken(route, "the import did not complete within 60 s", request, JSON.stringify(report));
    const refused = new Set(report.errors.map((e) => e.line));
    const wronglyRefused = file.goodLines.filter((l) => refused.has(l));
    const notRefused = file.badLines.filter((l) => !refused.has(l));
    if (report.rows.received !== file.goodLines.length + file.badLines.length) tally.broken(route, `received ${report.rows.received} rows of ${file.goodLines.length + file.badLines.length}`, request, JSON.stringify(report));
    if (wronglyRefused.length) tally.broken(route, `good rows refused at lines ${wronglyRefused.join(", ")}`, request, JSON.stringify(report.errors));
    if (notRefused.length) tally.broken(route, `bad rows not refused at lines ${notRefused.join(", ")}`, request, JSON.stringify(report.errors));
  }, 4);
  return tally;
}
