import { describe, expect, it } from "vitest";
import { boundedRecords, limitBytes, type BoundedPiece } from "./bounded-records.ts";

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function split(text: string, max: number, quoteAware: boolean, size = 3) {
  const out: (string | { line: number; lines: number })[] = [];
  for await (const piece of boundedRecords(chunks(text, size), max, quoteAware) as AsyncGenerator<BoundedPiece>) {
    if (piece.kind === "records") out.push(piece.bytes.toString());
    else out.push({ line: piece.line, lines: piece.lines });
  }
  return out.reduce<(string | { line: number; lines: number })[]>((acc, x) => {
    if (typeof x === "string" && typeof acc.at(-1) === "string") acc[acc.length - 1] += x;
    else acc.push(x);
    return acc;
  }, []);
}

describe("boundedRecords", () => {
  it("passes short lines through and reports a long one by its line number, in order, whatever the chunking", async () => {
    const text = `a\nbb\n${"x".repeat(50)}\ncc\n${"y".repeat(9)}`;
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      expect(await split(text, 8, false, size)).toEqual(["a\nbb\n", { line: 3, lines: 1 }, "cc\n", { line: 5, lines: 1 }]);
    }
  });

  it("keeps a quoted line break inside a CSV record and counts the lines a refused record spans", async () => {
    const text = `h1,h2\n"a\nb",c\n"${"z".repeat(30)}\nq",d\ne,f\n`;
    expect(await split(text, 12, true)).toEqual(['h1,h2\n"a\nb",c\n', { line: 4, lines: 2 }, "e,f\n"]);
  });

  it("accepts a record of exactly the limit (the line ending not counted)", async () => {
    expect(await split("abcd\r\nxy", 5, false)).toEqual(["abcd\r\nxy"]);
  });
});

describe("limitBytes", () => {
  it("fails with a 413 naming the limit once more bytes arrived", async () => {
    const read = async () => {
      for await (const _ of limitBytes(chunks("0123456789", 4), 9)) void _;
    };
    await expect(read()).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, extensions: { limitBytes: 9 } });
  });
});
