/** Small process and polling helpers shared by the service starters. */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { createServer } from "node:net";

/** What `ensure` found or did for one service. */
export interface ServiceReport {
  readonly name: string;
  readonly url: string;
  readonly version: string;
  /** How the service was had: already running, started through docker compose, or started here. */
  readonly how: "already running" | "docker compose" | "started natively";
}

/** A service that could not be had: the message is the one line people see. */
export class ServiceStartError extends Error {
  constructor(readonly service: string, reason: string) {
    super(`${service}: cannot be started — ${reason}`);
    this.name = "ServiceStartError";
  }
}

/** True when the URL points at this machine, where we may start things. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** Port of a URL, with a default. */
export function portOf(url: string, fallback: number): number {
  const port = new URL(url).port;
  return port ? Number(port) : fallback;
}

/** Does a command exist on PATH? */
export function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Run a command to completion without blocking the event loop (the services are probed
 * in parallel: a synchronous Maven build would starve the other probes' timeouts).
 */
export function run(command: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, output: error.message });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, output: output.trim() });
    });
  });
}

let dockerAnswer: Promise<boolean> | undefined;

/** A Docker engine answers (not merely a docker client installed). Asked once per process. */
export function dockerEngineRuns(): Promise<boolean> {
  dockerAnswer ??= hasCommand("docker") ? run("docker", ["info"], { timeoutMs: 10_000 }).then((r) => r.ok) : Promise.resolve(false);
  return dockerAnswer;
}

/** Start a long-lived process detached from this one, its output appended to a log file. */
export function spawnDetached(command: string, args: readonly string[], logFile: string): number {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "a");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", fd, fd] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  return child.pid;
}

/** Is a process with this pid alive? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Poll `probe` until it resolves or the deadline passes; `stillHopeful` can end the wait early. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; stillHopeful?: () => boolean },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
      if (options.stillHopeful && !options.stillHopeful()) break;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    }
  }
  throw lastError instanceof Error ? lastError : new Error("timed out");
}

/** Bring one compose service up and wait for its healthcheck. */
export async function composeUp(service: string): Promise<boolean> {
  return (await run("docker", ["compose", "up", "-d", "--wait", service], { timeoutMs: 300_000 })).ok;
}
