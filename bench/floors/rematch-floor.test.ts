import { describe, expect, it } from "vitest";
import { copyField, recordRematch } from "./rematch-floor.ts";

describe("rematch floor", () => {
  it("escapes COPY text fields and writes NULL as \\N", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(undefined)).toBe("\\N");
    expect(copyField(0.5)).toBe("0.5");
    expect(copyField('{"a":"x\\ty"}\tz\nw')).toBe('{"a":"x\\\\ty"}\\tz\\nw');
  });

  it("records what the rematch observes", () => {
    const rec = recordRematch();
    rec.observe.candidates("o1", ["n1", "n2"]);
    rec.observe.rows([{ id: "m1" } as never]);
    expect(rec.candidates.get("o1")).toEqual(["n1", "n2"]);
    expect(rec.rows).toHaveLength(1);
  });
});
