/**
 * Write the OpenAPI document without any service running: the routes are described from
 * their declarations (api/app.ts describeRoutes) with a fixed test configuration, so no
 * store is contacted and no secret is read or generated.
 *
 *   tsx api/openapi/write-document.ts [path]    (default: openapi.json in the system temp directory)
 *
 * Prints the path written. `npm run lint:api` writes .data/openapi.json and lints it with
 * Spectral (.spectral.yaml: the OWASP API Security ruleset).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { API_BASE, describeRoutes } from "../app.ts";
import { buildOpenApi } from "./document.ts";
import { loadConfig } from "../../platform/config.ts";
import { runCommand } from "../../platform/run-command.ts";

// Explicit secrets: loadConfig would otherwise read or create them under DATA_DIR.
const PLACEHOLDER = "openapi-export-placeholder-secret-0123456789";
const EXPORT_ENV = { NODE_ENV: "test", JWT_SECRET: PLACEHOLDER, WEBHOOK_SECRET_KEY: PLACEHOLDER, ID_SECRET: PLACEHOLDER } as const;

/** The OpenAPI document the api serves at /openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return buildOpenApi(describeRoutes(loadConfig(EXPORT_ENV)).routes, API_BASE);
}

runCommand(import.meta, async () => {
  const target = resolve(process.argv[2] ?? join(tmpdir(), "turash-openapi.json"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  console.log(target);
});
