import { describe, expect, it } from "vitest";
import { parseDelimited } from "./csv.ts";

describe("reading a semicolon-separated export", () => {
  it("splits fields, unquotes them and numbers lines", () => {
    const text = '"id";"name";"value"\n1;"Aalborg Portland A/S";450.00\n2;;\n';
    expect(parseDelimited(text, { delimiter: ";" })).toEqual([
      { line: 1, fields: ["id", "name", "value"] },
      { line: 2, fields: ["1", "Aalborg Portland A/S", "450.00"] },
      { line: 3, fields: ["2", "", ""] },
    ]);
  });

  it("keeps delimiters, doubled quotes and line breaks inside quotes, and counts lines past them", () => {
    const text = 'a;b\r\n"x;y";"say ""hi"""\r\n"multi\nline";z\r\n\r\nlast;1';
    const records = parseDelimited(text, { delimiter: ";" });
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["x;y", 'say "hi"'],
      ["multi\nline", "z"],
      ["last", "1"],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it("drops a byte-order mark and tolerates a missing final newline", () => {
    expect(parseDelimited("\uFEFFa,b\n1,2")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("keeps the geometry column of Hotmaps intact", () => {
    const [record] = parseDelimited('288;"SRID=4326;POINT(9.976490263274 57.062538616191)"', { delimiter: ";" });
    expect(record?.fields[1]).toBe("SRID=4326;POINT(9.976490263274 57.062538616191)");
  });
});
