// Lint: dependency direction is a rule, not a convention (DESIGN.md "Shape").
import tseslint from "typescript-eslint";

const serverFolders = ["api", "ledgers", "match-service", "graph", "ingest", "spatial", "cache", "events", "platform", "migrations", "ops", "seed"];
const dbClients = ["neo4j-driver", "pg", "knex", "knex-postgis", "ioredis", "nats", "socket.io", "express", "@socket.io/redis-adapter"];
const folderPatterns = (folders) => folders.flatMap((f) => [`**/${f}/*`, `**/${f}`, `../${f}/**`]);

export default tseslint.config(
  { ignores: ["node_modules/**", "client/dist/**", "ops/neo4j/target/**", ".data/**", "bench/results/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-debugger": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Nothing imports api/ (api is the outermost layer).
    files: ["{graph,ingest,spatial,cache,events,platform,migrations,domain,seed,ledgers,match-service}/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: folderPatterns(["api"]), message: "nothing imports api/: it is the outermost layer" }] }],
    },
  },
  {
    // matching/ is pure: no database client, nothing from the I/O layers.
    files: ["matching/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: dbClients.map((name) => ({ name, message: "matching/ is pure TypeScript: no I/O clients" })),
          patterns: [{ group: folderPatterns(serverFolders), message: "matching/ imports only domain types and its own code" }],
        },
      ],
    },
  },
  {
    // domain/ is shared by everything, so it depends on nothing of the project.
    files: ["domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: dbClients.map((name) => ({ name, message: "domain/ holds types and pure rules only" })),
          patterns: [{ group: folderPatterns([...serverFolders, "matching"]), message: "domain/ depends on nothing of the project" }],
        },
      ],
    },
  },
  {
    // client/ is browser code: no server code, no server clients.
    files: ["client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: dbClients.filter((n) => n !== "socket.io").map((name) => ({ name, message: "client/ imports no server code" })),
          patterns: [{ group: folderPatterns(serverFolders), message: "client/ imports only its own code and the wire contract (contract/)" }],
        },
      ],
    },
  },
  {
    // contract/ is the wire both server and client compile against: domain types and zod only.
    files: ["contract/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: dbClients.map((name) => ({ name, message: "contract/ describes the wire: no I/O clients" })),
          patterns: [{ group: folderPatterns([...serverFolders, "matching", "client"]), message: "contract/ imports only domain/ types and zod" }],
        },
      ],
    },
  },
);
