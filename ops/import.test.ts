import { describe, expect, it } from "vitest";
import { progressBar } from "./import.ts";

describe("the import progress bar", () => {
  it("shows the share done, counts and rate", () => {
    expect(progressBar({ done: 6_600, total: 10_000, errors: 12, receiving: false }, 3, 10)).toBe("[███████░░░]  66%  6,600 / 10,000 rows · 12 refused · 2,200 rows/s");
  });
  it("marks the total as growing while the file is still being read, and copes with nothing yet", () => {
    expect(progressBar({ done: 0, total: 0, errors: 0, receiving: true }, 0, 4)).toBe("[░░░░]   0%  0 / 0+ rows · 0 refused · 0 rows/s");
  });
});
