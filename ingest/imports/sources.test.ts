import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatOf, readSource, recordsOf, sniffDelimiter, type SourceItem } from "./sources.ts";

async function items(text: string, format: "csv" | "ndjson" | "json", pieces = 7, limits = {}): Promise<SourceItem[]> {
  // Split into small pieces so parsing across chunk boundaries is exercised.
  const buf = Buffer.from(text);
  const parts = Array.from({ length: Math.ceil(buf.length / pieces) }, (_, i) => buf.subarray(i * pieces, (i + 1) * pieces));
  const out: SourceItem[] = [];
  for await (const item of readSource(Readable.from(parts), format, limits)) out.push(item);
  return out;
}

describe("reading import files", () => {
  it("numbers CSV records by the spreadsheet's lines, quoted line breaks included", async () => {
    const got = await items('\uFEFFCompany;City\r\nA;Kalundborg\r\n"B\r\nsecond line";Holbæk\r\n\r\nC;Slagelse\r\n', "csv");
    expect(got[0]).toEqual({ kind: "header", headers: ["Company", "City"], delimiter: ";" });
    expect(got.slice(1).map((i) => (i.kind === "record" ? [i.line, i.record.Company] : i))).toEqual([
      [2, "A"],
      [3, "B\nsecond line"],
      [6, "C"],
    ]);
  });

  it("imports the rows before a broken quote and reports the line where it broke", async () => {
    const got = await items('Company,City\nA,x\n"B,broken"quote,y\nC,z\n', "csv");
    expect(got.filter((i) => i.kind === "record").map((i) => (i as { record: Record<string, unknown> }).record.Company)).toEqual(["A"]);
    expect(got.filter((i) => i.kind === "error")[0]).toEqual(expect.objectContaining({ kind: "error", line: 3, reason: expect.stringContaining("at line 3") }));
  });

  it("reads NDJSON line by line and JSON arrays whole", async () => {
    const nd = await items('{"Company":"A"}\n\nnot json\n{"Company":"B"}\n', "ndjson");
    expect(nd.map((i) => [i.kind, "line" in i ? i.line : 0])).toEqual([["header", 0], ["record", 1], ["error", 3], ["record", 4]]);
    expect([...recordsOf({ rows: [{ a: 1 }, 5] })].map((i) => i.kind)).toEqual(["header", "record", "error"]);
  });

  // Found by the fuzz suite: a BOM made line 1 of an NDJSON file a refused row.
  it("reads an NDJSON file that starts with a byte order mark, line 1 included", async () => {
    const nd = await items('\uFEFF{"Company":"A"}\n{"Company":"B"}\n', "ndjson", 3);
    expect(nd).toEqual([
      { kind: "header", headers: ["Company"] },
      { kind: "record", line: 1, record: { Company: "A" } },
      { kind: "record", line: 2, record: { Company: "B" } },
    ]);
  });

  it("refuses a line longer than the limit by its line number and reads the rows around it", async () => {
    const long = "x".repeat(500);
    const nd = await items(`{"Company":"A"}\n{"Company":"${long}"}\n{"Company":"B"}\n`, "ndjson", 64, { maxLineBytes: 256 });
    expect(nd.map((i) => (i.kind === "header" ? "header" : [i.line, i.kind === "record" ? i.record.Company : i.reason]))).toEqual([
      "header",
      [1, "A"],
      [2, "line longer than 256 bytes"],
      [3, "B"],
    ]);
    const csv = await items(`Company;City\r\nA;x\r\n"${long}\r\nmore";y\r\nC;z\r\n`, "csv", 64, { maxLineBytes: 256 });
    expect(csv.slice(1).map((i) => (i.kind === "header" ? "header" : [i.line, i.kind === "record" ? i.record.Company : i.reason]))).toEqual([
      [2, "A"],
      [3, "line longer than 256 bytes"],
      [5, "C"],
    ]);
  });

  it("stops reading past the byte limit with a 413", async () => {
    await expect(items(`{"Company":"A"}\n`.repeat(100), "ndjson", 64, { maxBytes: 1_000 })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", extensions: { limitBytes: 1_000 } });
  });

  it("sniffs the delimiter and the format", () => {
    expect(sniffDelimiter('"a;b",c,d')).toBe(",");
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
    expect(formatOf("text/csv; charset=utf-8")).toBe("csv");
    expect(formatOf("application/x-ndjson")).toBe("ndjson");
    expect(formatOf("application/xml")).toBeUndefined();
  });
});
