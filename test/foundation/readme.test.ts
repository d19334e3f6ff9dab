import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../platform/config.ts";
import { topLevelFolders } from "../helpers/repo-tree.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("gives a new user exactly the two commands", () => {
    expect(readme).toMatch(/^npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("documents every configuration variable the code reads", () => {
    const missing = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

describe("README layout table", () => {
  const section = readme.slice(readme.indexOf("## Layout"), readme.indexOf("\n## ", readme.indexOf("## Layout") + 3));
  const listed = [...section.matchAll(/^\| `([^`/]+)\/`/gm)].map((m) => m[1]);
  const folders = topLevelFolders();

  it("lists every top-level folder of the tree, once", () => {
    expect(folders.filter((f) => !listed.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("lists no folder the tree does not have", () => {
    expect(listed.filter((f) => !folders.includes(f!))).toEqual([]);
  });
});
