import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL(".", import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

// The client bundles these files: they must stay type-only and free of server code.
describe("contract/", () => {
  it.each(modules)("%s exports no runtime values", async (file) => {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    expect(Object.keys(mod)).toEqual([]);
  });

  it.each(modules)("%s imports only domain/ types, zod and its own modules", (file) => {
    const source = readFileSync(new URL(file, dir), "utf8");
    const specifiers = [...source.matchAll(/^(import|export)\b[^;]*?from\s+"([^"]+)"/gms)].map((m) => ({ typeOnly: /^(import|export) type\b/.test(m[0]), from: m[2]! }));
    for (const s of specifiers) {
      const allowed = s.from === "zod" || /^\.\/[\w-]+\.ts$/.test(s.from) || (s.typeOnly && /^\.\.\/domain\//.test(s.from));
      expect(allowed, `${file} imports ${s.from}`).toBe(true);
    }
  });
});
