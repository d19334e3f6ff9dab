import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROJECTIONS } from "./index.ts";
import { projectionProblems } from "./projection.ts";

const root = new URL("../", import.meta.url);

describe("the projections", () => {
  it("are well-formed", () => {
    expect(projectionProblems(PROJECTIONS)).toEqual([]);
  });

  it("name repository functions that exist, in graph/ for Cypher and ledgers/ or spatial/ for SQL", () => {
    for (const p of PROJECTIONS) {
      for (const r of p.reads) {
        expect(r.module.startsWith(r.store === "cypher" ? "graph/" : "ledgers/") || (r.store === "sql" && r.module.startsWith("spatial/")), `${p.name}: ${r.module}`).toBe(true);
        const file = new URL(r.module, root);
        expect(existsSync(file), r.module).toBe(true);
        expect(readFileSync(file, "utf8"), `${r.module} exports ${r.name}`).toMatch(new RegExp(`export (async )?function ${r.name}\\b`));
      }
    }
  });
});
