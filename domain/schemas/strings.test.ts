import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ContactSchema, NaceCodeSchema } from "./business.ts";
import { ExternalId } from "./common.ts";
import { AttachmentMetaSchema } from "./deal.ts";
import { EwcCodeSchema } from "./resource-flow.ts";
import { AddressSchema } from "./site.ts";
import { escapeControls, freeText, RawParameters, singleLine, stringRuleViolation, text } from "./strings.ts";

const CONTROLS = [..."\u0000\u0001\u0008\u000b\u000c\u000e\u001b\u001f\u007f\u0080\u009f\u202a\u202e\u2066\u2069"];

describe("the one string rule", () => {
  it("refuses every C0/C1 control, DEL and bidi control in any field, naming the character and where it is", () => {
    for (const c of CONTROLS) {
      const result = text(100).safeParse(`ab${c}cd`);
      expect(result.success, escapeControls(c)).toBe(false);
      expect(result.error?.issues[0]?.message).toContain(`at position 3`);
      expect(freeText(100).safeParse(`ab${c}cd`).success, escapeControls(c)).toBe(false);
    }
  });

  it("lets free text span lines and hold tabs, single-line fields not", () => {
    for (const c of ["\n", "\r", "\t"]) {
      expect(freeText(100).safeParse(`line${c}next`).success).toBe(true);
      expect(text(100).safeParse(`line${c}next`).error?.issues[0]?.message).toMatch(/line breaks or tabs/);
    }
  });

  it("refuses lone surrogates but keeps every well-formed string, in any script", () => {
    expect(stringRuleViolation("a\ud800b")).toMatch(/lone surrogate U\+D800/);
    expect(stringRuleViolation("a\udc00")).toMatch(/lone surrogate U\+DC00/);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 50 }), (s) => {
        const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "");
        expect(singleLine(1000).safeParse(clean).success).toBe(true);
      }),
      { seed: 7 },
    );
  });

  it("bounds the length", () => {
    expect(singleLine(3).safeParse("abcd").error?.issues[0]?.message).toBe("must be at most 3 characters");
    expect(text(3).safeParse("   ").error?.issues[0]?.message).toBe("must not be empty");
  });

  it("checks every raw parameter, a repeated one as its list", () => {
    const result = RawParameters.safeParse({ ok: "1", list: ["a", "b\u0000"] });
    expect(result.error?.issues.map((i) => i.path)).toEqual([["list", 1]]);
  });

  it("writes refused characters out, so a report can show and store them", () => {
    expect(escapeControls("a\u0000b\u202ec\ud800")).toBe("a\\u{0}b\\u{202e}c\\u{d800}");
    expect(stringRuleViolation(escapeControls("x\u0000\u001b"))).toBeUndefined();
  });
});

describe("a value both too long and of the wrong shape", () => {
  const issuesOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues ?? [];

  it("is one error, for ids, codes, digests and phone numbers alike", () => {
    const cases: [string, z.ZodType, string, RegExp][] = [
      ["id", ExternalId, `-${"x".repeat(200)}`, /at most 128 characters/],
      ["EWC code", EwcCodeSchema, "10 01 02 03 04 05", /at most 9 characters/],
      ["sha256", AttachmentMetaSchema.shape.sha256, "Z".repeat(100), /SHA-256/],
      ["phone", ContactSchema.shape.phone, "call me maybe ".repeat(5), /phone number/],
      ["country", AddressSchema.shape.country, "denmark", /country code/],
      ["NACE code", NaceCodeSchema, "not a nace code at all", /NACE/],
    ];
    for (const [what, schema, value, message] of cases) {
      const issues = issuesOf(schema, value);
      expect(issues, what).toHaveLength(1);
      expect(issues[0]!.message, what).toMatch(message);
    }
  });

  it("names the one offending query parameter, a list entry too", () => {
    expect(issuesOf(RawParameters, { q: "x".repeat(3_000) }).map((i) => [i.path, i.message])).toEqual([[["q"], "must be at most 2048 characters"]]);
    expect(issuesOf(RawParameters, { q: ["a", "x".repeat(3_000)] }).map((i) => i.path)).toEqual([["q", 1]]);
  });
});
