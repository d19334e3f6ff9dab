/**
 * Build the browser client once for the e2e tests, through vite's JS API, when client/dist
 * is missing or older than any source of the client.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLIENT = fileURLToPath(new URL("../../client", import.meta.url));
const INDEX = join(CLIENT, "dist", "index.html");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(INDEX).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when client/dist is missing or stale. */
export function clientNeedsBuild(): boolean {
  const sources = Math.max(newest(join(CLIENT, "src")), newest(join(CLIENT, "index.html")), newest(join(CLIENT, "vite.config.ts")));
  return builtAt() < sources;
}

/** Build client/dist if needed. */
export async function ensureClientBuilt(): Promise<void> {
  if (!clientNeedsBuild()) return;
  const { build } = await import("vite");
  await build({ configFile: join(CLIENT, "vite.config.ts"), logLevel: "warn", build: { sourcemap: false } });
}
