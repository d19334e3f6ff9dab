/**
 * Routes stay validate → authorize → command → present: no Cypher and no SQL in any route
 * file (queries live in the repositories of graph/, spatial/, ledgers/ and match-service/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = new URL(".", import.meta.url).pathname;

/** What only a query would write: Cypher clauses, driver and knex calls, SQL verbs in strings. */
const QUERY = [
  /\bMATCH\s*\(/,
  /\bMERGE\s*\(/,
  /\bexecuteQuery\s*\(/,
  /\bsession\.run\s*\(/,
  /\.query\s*\(/,
  /\.raw\s*\(/,
  /\bknex\s*\(/,
  /\bknex\s*<[^>]*>\s*\(/,
  /\bselect\s.+\sfrom\s|\binsert\s+into\s|\bupdate\s+\w+\s+set\s|\bdelete\s+from\s/i,
];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return routeFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("route files", () => {
  it("hold no Cypher and no SQL", () => {
    const files = routeFiles(ROUTES);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (QUERY.some((q) => q.test(line)) ? [`${relative(ROUTES, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
