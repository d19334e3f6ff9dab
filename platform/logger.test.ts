import { describe, expect, it } from "vitest";
import { prettyLogs } from "./logger.ts";

describe("prettyLogs", () => {
  it("auto: pretty only on a TTY outside tests; JSON to a pipe or file", () => {
    expect(prettyLogs("auto", true, "development")).toBe(true);
    expect(prettyLogs("auto", true, undefined)).toBe(true);
    expect(prettyLogs("auto", false, "development")).toBe(false);
    expect(prettyLogs("auto", true, "test")).toBe(false);
  });
  it("json and pretty are what they say, whatever the terminal", () => {
    expect(prettyLogs("json", true, "development")).toBe(false);
    expect(prettyLogs("pretty", false, "production")).toBe(true);
  });
});
