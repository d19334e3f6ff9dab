#!/usr/bin/env node
// The README's two commands, runnable on a fresh clone before any dependency is installed:
//   npm start  → install dependencies when missing, bring the services up, migrate, serve
//   npm test   → install dependencies when missing, typecheck, lint, lint the import direction, lint the API description, the whole suite
// Plain JavaScript on purpose: it runs before tsx exists in node_modules.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function step(label, command, args, env = process.env) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function dependenciesCurrent() {
  const marker = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return false;
  const lock = join(root, "package-lock.json");
  return !existsSync(lock) || statSync(lock).mtimeMs <= statSync(marker).mtimeMs;
}

function ensureDependencies() {
  if (dependenciesCurrent()) return;
  // `npm install` (not `npm ci`): it honours the lock file but tolerates npm's known habit of
  // leaving other platforms' optional packages out of it.
  step("install dependencies", "npm", ["install", "--no-audit", "--no-fund"]);
}

/** The built client is missing or older than any of its sources. */
function clientIsStale() {
  const built = join(root, "client", "dist", "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? e.name !== "dist" && e.name !== "node_modules" && newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > builtAt,
    );
  return newer(join(root, "client"));
}

const mode = process.argv[2];
ensureDependencies();

if (mode === "start") {
  if (clientIsStale()) step("build the map client", bin("vite"), ["build", "--config", "client/vite.config.ts", "--logLevel", "warn"]);
  step("services", bin("tsx"), ["ops/services.ts"]);
  step("migrations", bin("tsx"), ["ops/migrate.ts"]);
  // Before the demo data, so the seeded sites get their regions on the way in.
  if (existsSync(join(root, "ops", "load-default-regions.ts"))) step("region boundaries", bin("tsx"), ["ops/load-default-regions.ts"]);
  if (existsSync(join(root, "ops", "seed-if-empty.ts"))) step("demo data", bin("tsx"), ["ops/seed-if-empty.ts"]);
  // One process per role (DESIGN.md "Scale"): the api, a matching worker and an ingest
  // worker. If one ends, the others are stopped too, so `npm start` never leaves half a
  // system running.
  const roles = [
    ["api", ["api/main.ts"]],
    ["matching worker", ["ops/matching-worker.ts"]],
    ["ingest worker", ["ops/ingest-worker.ts"]],
  ].map(([name, args]) => ({ name, child: spawn(bin("tsx"), args, { cwd: root, stdio: "inherit" }) }));
  let stopping = false;
  const stopAll = (signal) => {
    stopping = true;
    for (const { child } of roles) if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(signal));
  for (const { name, child } of roles) {
    child.on("exit", (code) => {
      if (!stopping) console.error(`${name} exited (${code ?? "signal"}); stopping the rest`);
      stopAll("SIGTERM");
      if (roles.every((r) => r.child.exitCode !== null || r.child.signalCode !== null)) process.exit(stopping && code === 0 ? 0 : (code ?? 0));
    });
  }
} else if (mode === "test") {
  step("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
  step("typecheck client", bin("tsc"), ["--noEmit", "-p", "client/tsconfig.json"]);
  step("lint", bin("eslint"), ["."]);
  step("lint:imports", "npm", ["run", "--silent", "lint:imports"]);
  step("lint:api", "npm", ["run", "--silent", "lint:api"]);
  step("tests", bin("vitest"), ["run", ...process.argv.slice(3)]);
} else {
  console.error("usage: node ops/bootstrap.mjs start|test");
  process.exit(2);
}
