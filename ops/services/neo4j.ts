/**
 * Neo4j: use the server at NEO4J_URL, else docker compose, else the real Neo4j 5.26
 * community engine from Maven Central, started by the launcher in ops/neo4j (one Java
 * class and a pom). Each port gets its own data folder, so the test instance never
 * touches development data.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { connectNeo4j, neo4jVersion, type Neo4jSettings } from "../../platform/connect/neo4j.ts";
import {
  composeUp,
  dockerEngineRuns,
  hasCommand,
  isLoopback,
  portOf,
  processAlive,
  run,
  ServiceStartError,
  spawnDetached,
  waitFor,
  type ServiceReport,
} from "./support.ts";

const LAUNCHER_DIR = resolve(fileURLToPath(new URL("../neo4j", import.meta.url)));
const CLASSPATH_FILE = join(LAUNCHER_DIR, "target", "classpath.txt");
const LAUNCHER_SOURCES = [join(LAUNCHER_DIR, "pom.xml"), join(LAUNCHER_DIR, "src/main/java/turash/Neo4jLauncher.java")];

async function version(settings: Neo4jSettings): Promise<string> {
  const driver = await connectNeo4j(settings);
  try {
    return await neo4jVersion(driver);
  } finally {
    await driver.close();
  }
}

function launcherIsBuilt(): boolean {
  if (!existsSync(CLASSPATH_FILE)) return false;
  const built = statSync(CLASSPATH_FILE).mtimeMs;
  return LAUNCHER_SOURCES.every((source) => statSync(source).mtimeMs <= built);
}

async function buildLauncher(): Promise<void> {
  if (!hasCommand("java")) throw new ServiceStartError("neo4j", "Java 17 is not installed (apt-get install openjdk-17-jre-headless)");
  if (!hasCommand("mvn")) throw new ServiceStartError("neo4j", "Maven is not installed (apt-get install maven)");
  process.stdout.write("neo4j: fetching the Neo4j 5.26 engine from Maven Central and building the launcher (first time only)…\n");
  const build = await run("mvn", ["-q", "-B", "-f", join(LAUNCHER_DIR, "pom.xml"), "package", "-DskipTests"], { timeoutMs: 900_000 });
  if (!build.ok || !existsSync(CLASSPATH_FILE)) {
    throw new ServiceStartError("neo4j", `building the launcher failed: ${build.output.split("\n").slice(-3).join(" ")}`);
  }
}

function pidFile(dataDir: string, port: number): string {
  return join(dataDir, `neo4j-${port}.pid`);
}

/** The pid of the launcher we started for this port, if it still runs. */
export function runningLauncherPid(dataDir: string, port: number): number | undefined {
  const file = pidFile(dataDir, port);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && processAlive(pid) ? pid : undefined;
}

function startLauncher(dataDir: string, port: number, heap: string, pageCache: string): number {
  const classpath = `${join(LAUNCHER_DIR, "target", "classes")}:${readFileSync(CLASSPATH_FILE, "utf8").trim()}`;
  const home = resolve(dataDir, `neo4j-${port}`);
  const log = resolve(dataDir, "logs", `neo4j-${port}.log`);
  const pid = spawnDetached(
    "java",
    [`-Xms${heap}`, `-Xmx${heap}`, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "turash.Neo4jLauncher", home, "127.0.0.1", String(port), pageCache],
    log,
  );
  writeFileSync(pidFile(dataDir, port), `${pid}\n`);
  return pid;
}

function logTail(dataDir: string, port: number): string {
  const log = join(dataDir, "logs", `neo4j-${port}.log`);
  if (!existsSync(log)) return "";
  return readFileSync(log, "utf8").trim().split("\n").slice(-2).join(" ").slice(0, 300);
}

/** Make Neo4j available at `settings.url` and return where and which version. */
export async function ensureNeo4j(
  settings: Neo4jSettings & { readonly heap: string; readonly pageCache: string },
  dataDir: string,
): Promise<ServiceReport> {
  try {
    return { name: "neo4j", url: settings.url, version: `Neo4j ${await version(settings)}`, how: "already running" };
  } catch {
    // not running: start it below
  }
  if (!isLoopback(settings.url)) throw new ServiceStartError("neo4j", `not reachable at ${settings.url} and not on this machine`);
  const port = portOf(settings.url, 7687);
  let how: ServiceReport["how"];
  let pid: number | undefined;
  if (port === 7687 && (await dockerEngineRuns()) && (await composeUp("neo4j"))) how = "docker compose";
  else {
    pid = runningLauncherPid(dataDir, port);
    if (pid === undefined) {
      if (!launcherIsBuilt()) await buildLauncher();
      pid = startLauncher(dataDir, port, settings.heap, settings.pageCache);
    }
    how = "started natively";
  }
  const launcherPid = pid;
  const v = await waitFor(() => version(settings), {
    timeoutMs: 180_000,
    intervalMs: 1_000,
    stillHopeful: () => launcherPid === undefined || processAlive(launcherPid),
  }).catch(() => {
    throw new ServiceStartError("neo4j", `did not become ready at ${settings.url}; last log lines: ${logTail(dataDir, port) || "(none)"}`);
  });
  return { name: "neo4j", url: settings.url, version: `Neo4j ${v}`, how };
}

/** Stop the launcher started for this port (SIGTERM: the engine shuts down cleanly). */
export async function stopNeo4j(dataDir: string, port: number): Promise<boolean> {
  const pid = runningLauncherPid(dataDir, port);
  if (pid === undefined) return false;
  process.kill(pid, "SIGTERM");
  await waitFor(async () => {
    if (processAlive(pid)) throw new Error("still running");
  }, { timeoutMs: 60_000 });
  return true;
}
