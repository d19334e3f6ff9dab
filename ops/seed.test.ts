import { describe, expect, it } from "vitest";
import { formatSkipped } from "./seed.ts";

describe("skipped rows in the seed summary", () => {
  it("give the count, the reasons and the first few lines", () => {
    const skipped = Array.from({ length: 7 }, (_, i) => ({ line: 10 + i, siteId: String(100 + i), reason: i === 6 ? "geom: bad" : "no geometry" }));
    expect(formatSkipped(skipped, 2)).toEqual([
      "skipped 7 row(s) of the file: 6 × no geometry; 1 × geom: bad",
      "  line 10 (SiteID 100): no geometry",
      "  line 11 (SiteID 101): no geometry",
      "  … and 5 more",
    ]);
    expect(formatSkipped([])).toEqual(["skipped 0 rows"]);
  });
});
