import { describe, expect, it } from "vitest";
import { orderedTags, TAG_ORDER } from "./tags.ts";

describe("orderedTags", () => {
  it("lists the tags in use in the partner's order, each known one described, unknown ones last", () => {
    const tags = orderedTags(["proposals", "zeta", "auth", "sites", "alpha"]);
    expect(tags.map((t) => t.name)).toEqual(["auth", "sites", "proposals", "alpha", "zeta"]);
    expect(tags[0]!.description).toMatch(/Logging in/);
  });
  it("names each tag once", () => {
    expect(new Set(TAG_ORDER.map((t) => t.name)).size).toBe(TAG_ORDER.length);
  });
});
