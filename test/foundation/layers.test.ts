/**
 * The import-direction rule (.dependency-cruiser.mjs, run by `npm test`) checked against the
 * layers as docs/architecture.md states them: a fixture tree holds one import from every
 * top-level folder to every other, dependency-cruiser judges it with the project's own
 * rules, and each verdict must match the design — forbidden imports reported, allowed ones
 * not. A rule that stopped matching a folder (a rename, a regex that no longer escapes
 * "match-service") fails here, not in review.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, topLevelFolders } from "../helpers/repo-tree.ts";

interface LayerRules {
  readonly LAYERS: readonly { readonly name: string; readonly folders: readonly string[] }[];
  readonly IO_CLIENTS: readonly string[];
  readonly default: IConfiguration;
}
const rules = (await import(pathToFileURL(join(REPO_ROOT, ".dependency-cruiser.mjs")).href)) as LayerRules;
const folders = [...rules.LAYERS.flatMap((l) => l.folders), "client"];
const rank = (folder: string) => rules.LAYERS.findIndex((l) => l.folders.includes(folder));

/** The design in words (docs/architecture.md), written apart from the rule's generator. */
function mayImport(from: string, to: string): boolean {
  if (from === "client") return to === "contract";
  if (to === "client") return false;
  if (from === "contract" && to === "domain") return true;
  if (from === "test" && to === "bench") return true;
  if (from === "bench" && to === "api") return false;
  return rank(to) < rank(from);
}

let fixture: string;
let verdicts: Set<string>;
let ioVerdicts: Set<string>;
const ioProbes = ["domain", "contract", "matching", "client", "platform", "graph", "api"];

beforeAll(async () => {
  fixture = mkdtempSync(join(tmpdir(), "turash-layers-"));
  for (const from of folders) {
    mkdirSync(join(fixture, from), { recursive: true });
    writeFileSync(join(fixture, from, "target.ts"), "export const value = 1;\n");
  }
  for (const from of folders) {
    for (const to of folders.filter((f) => f !== from)) {
      writeFileSync(join(fixture, from, `imports-${to}.ts`), `import { value } from "../${to}/target.ts";\nexport const copy = value;\n`);
    }
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(fixture, "node_modules"), "dir");
  for (const folder of ioProbes) {
    writeFileSync(join(fixture, folder, "uses-io.ts"), `import neo4j from "neo4j-driver";\nimport pg from "pg";\nexport const clients = [neo4j, pg];\n`);
  }
  const cwd = process.cwd();
  try {
    process.chdir(fixture);
    const { output } = await cruise(folders, { ruleSet: { forbidden: rules.default.forbidden }, validate: true, tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" } });
    const result = output as ICruiseResult;
    const violations = result.summary.violations;
    verdicts = new Set(violations.filter((v) => v.rule.name.startsWith("layer-")).map((v) => `${v.from.split("/")[0]} → ${v.to.split("/")[0]}`));
    ioVerdicts = new Set(violations.filter((v) => v.rule.name === "io-free").map((v) => `${v.from.split("/")[0]} → ${/node_modules\/([^/]+)\//.exec(v.to)?.[1]}`));
  } finally {
    process.chdir(cwd);
  }
}, 60_000);

afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe("the import-direction rule", () => {
  it("reports exactly the imports the layers forbid, and none they allow", () => {
    const wrong: string[] = [];
    for (const from of folders) {
      for (const to of folders.filter((f) => f !== from)) {
        const reported = verdicts.has(`${from} → ${to}`);
        if (reported === mayImport(from, to)) wrong.push(`${from} → ${to}: ${reported ? "reported but allowed" : "allowed but forbidden"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("says what the design says in words", () => {
    for (const store of ["graph", "spatial", "ledgers", "events"]) {
      for (const other of ["graph", "spatial", "ledgers", "events"].filter((s) => s !== store)) expect(verdicts).toContain(`${store} → ${other}`);
      expect(verdicts).not.toContain(`${store} → platform`);
      expect(verdicts).toContain(`${store} → ingest`);
    }
    expect(verdicts).toContain("ingest → seed"); // production code does not read demo data
    expect(verdicts).toContain("ledgers → ingest");
    expect(verdicts).toContain("platform → graph"); // connections live in platform/connect/
    expect(verdicts).toContain("ops → api");
    expect(verdicts).toContain("bench → api");
    expect(verdicts).toContain("domain → matching");
    expect(verdicts).toContain("client → domain");
    expect(verdicts).not.toContain("client → contract");
    expect(verdicts).not.toContain("api → match-service");
    expect(verdicts).not.toContain("test → api");
  });

  it("keeps I/O clients out of the vocabulary, the pure engine and the browser, and only there", () => {
    const expected = ["domain", "contract", "matching", "client"].flatMap((f) => [`${f} → neo4j-driver`, `${f} → pg`]);
    expect([...ioVerdicts].sort()).toEqual(expected.sort());
  });

  it("places every top-level code folder of the repository in a layer", () => {
    const notCode = new Set(["docs", "examples", "deploy", "data"]);
    const unplaced = topLevelFolders().filter((name) => !notCode.has(name) && !folders.includes(name));
    expect(unplaced).toEqual([]);
  });
});
