import { describe, expect, it } from "vitest";
import { parseNace } from "./nace.ts";

describe("NACE rev.2 codes", () => {
  it("accept classes, groups, divisions and sections, with or without the section letter", () => {
    expect(parseNace("10.51")).toEqual({ section: "C", division: "10", code: "10.51" });
    expect(parseNace("C10.5")).toEqual({ section: "C", division: "10", code: "10.5" });
    expect(parseNace("d35.30")).toEqual({ section: "D", division: "35", code: "35.30" });
    expect(parseNace("63")?.section).toBe("J");
    expect(parseNace("C")).toEqual({ section: "C", code: "C" });
  });

  it("refuse malformed codes, divisions that don't exist and contradicting letters", () => {
    for (const bad of ["", "1051", "10.511", "04.10", "A10.51", "Z10", "10-51", "C 10.51"]) expect(parseNace(bad)).toBeUndefined();
  });
});
