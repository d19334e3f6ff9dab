/**
 * What the benchmarks that run the deployed shape share: child `node` processes of this
 * checkout (each one's output kept in a log file), waiting for an api to be ready, whether a
 * port is taken, and nearest-rank percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { createWriteStream, mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** p-th percentile (nearest rank) of `xs`, ms. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/**
 * A child process of a benchmark (`node --import tsx …args` in the repo, with `env`); its
 * every output line goes to `<logDir>/<label>.log` (an answer's 500 is explained in its
 * api's log). Resolves once a line satisfies `ready`.
 */
export async function startProcess(label: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, ready: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  mkdirSync(logDir, { recursive: true });
  const file = createWriteStream(join(logDir, `${label.replaceAll(" ", "-")}.log`));
  lines.on("line", (line) => file.write(`${line}\n`));
  child.once("exit", () => file.end());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} not ready within 120 s`)), 120_000);
    child.once("exit", (code) => reject(new Error(`${label} exited (${code}) before it was ready`)));
    lines.on("line", (line) => {
      if (ready(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

/** Resolves once `url`/readyz answers 2xx (two minutes at most). */
export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never became ready`);
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Stop the children (SIGTERM) and wait until each has exited. */
export async function stopProcesses(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((ch) => (ch.exitCode === null && ch.signalCode === null ? new Promise((r) => ch.once("exit", r)) : undefined)));
}
