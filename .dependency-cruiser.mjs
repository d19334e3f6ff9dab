// The direction of imports, as a rule (docs/architecture.md draws it; DESIGN.md "Shape").
// `npm test` runs `depcruise` with this file: a wrong-direction import fails the build.
// test/foundation/layers.test.ts checks every pair of folders both ways against LAYERS.

/**
 * Top-level folders, lowest layer first. A folder imports only from layers below its own
 * (and from itself): never sideways, never up. Exceptions are listed in SIDEWAYS.
 */
export const LAYERS = [
  { name: "vocabulary", folders: ["domain", "contract"] },
  { name: "pure engine and platform", folders: ["matching", "platform"] },
  { name: "stores", folders: ["graph", "spatial", "ledgers", "events", "migrations"] },
  { name: "services", folders: ["ingest", "match-service", "seed", "projections"] },
  { name: "processes", folders: ["api", "ops"] },
  { name: "measurement", folders: ["bench", "test"] },
];

/**
 * Sideways imports that are part of the design: the wire contract names domain types; tests
 * may check the benchmarks' own code and data (bench/ has no test project of its own).
 */
export const SIDEWAYS = { contract: ["domain"], test: ["bench"] };

/** Imports across layers that are forbidden although they point down. */
export const FORBIDDEN_DOWN = {
  // Benchmarks drive the api as a separate process, over HTTP, as a partner system would.
  bench: ["api"],
};

/** The browser app imports its own code and the wire contract only. */
export const CLIENT_MAY_IMPORT = ["contract"];

/** I/O clients: the vocabulary, the pure engine and the browser hold none of them. */
export const IO_CLIENTS = ["neo4j-driver", "pg", "knex", "ioredis", "nats", "express", "socket.io", "@socket.io/redis-adapter"];
const IO_FREE = ["domain", "contract", "matching"];

const ALL = LAYERS.flatMap((l) => l.folders);
const layerOf = (folder) => LAYERS.findIndex((l) => l.folders.includes(folder));
const any = (folders) => `^(${folders.map((f) => f.replace(/[-/]/g, "\\$&")).join("|")})/`;

/** The folders `folder` may not import (never itself). */
export function forbiddenFor(folder) {
  if (folder === "client") return ALL.filter((f) => !CLIENT_MAY_IMPORT.includes(f));
  const own = layerOf(folder);
  const notBelow = ALL.filter((f) => f !== folder && layerOf(f) >= own && !(SIDEWAYS[folder] ?? []).includes(f));
  return [...notBelow, ...(FORBIDDEN_DOWN[folder] ?? []), ...(own >= 0 ? ["client"] : [])];
}

const layerRules = [...ALL, "client"].map((folder) => ({
  name: `layer-${folder}`,
  comment: `${folder}/ imports only from the layers below it (docs/architecture.md)`,
  severity: "error",
  from: { path: `^${folder.replace(/-/g, "\\-")}/` },
  to: { path: any(forbiddenFor(folder)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: "io-free",
      comment: "domain/, contract/, matching/ and client/ are pure TypeScript: no database, queue or server client",
      severity: "error",
      from: { path: any([...IO_FREE, "client"]) },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"], path: `node_modules/(${IO_CLIENTS.join("|")})/` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|target|results|\\.data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".mjs", ".json"] },
    reporterOptions: {
      archi: { collapsePattern: "^(node_modules/[^/]+|[^/]+)/" },
    },
  },
};
