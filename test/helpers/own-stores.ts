/**
 * Store instances a test starts, owns and may kill: redis-server, nats-server -js and a
 * PostgreSQL cluster (initdb/pg_ctl of the installed PostgreSQL 15, PostGIS included), each
 * on its own free port and in its own temporary folder — never the machine's shared
 * services. `kill()` is a kill -9 of the server process; `start()` brings the same
 * instance (same port, same data folder) back.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { freePort } from "../../ops/services/support.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** A server the test owns. */
export interface OwnStore {
  readonly url: string;
  start(): Promise<void>;
  /** kill -9 the server process; resolves once the port refuses connections. */
  kill(): Promise<void>;
  /** Stop for good and remove the data folder. */
  destroy(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Poll until `port` accepts (or refuses) connections, at most `ms`. */
async function waitForPort(port: number, open: boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await accepts(port)) === open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} on port ${port} did not ${open ? "start" : "stop"} within ${ms} ms`);
}

/** A store whose server is one child process. */
function childStore(name: string, url: string, port: number, dir: string, launch: () => ChildProcess): OwnStore {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = launch();
    child.once("error", () => undefined);
    await waitForPort(port, true, name);
  };
  const kill = async () => {
    child?.kill("SIGKILL");
    child = undefined;
    await waitForPort(port, false, name);
  };
  return { url, start, kill, destroy: async () => { await kill().catch(() => undefined); rmSync(dir, { recursive: true, force: true }); } };
}

/** redis-server on its own port, nothing persisted. */
export async function ownRedis(): Promise<OwnStore> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "turash-redis-"));
  const store = childStore("redis-server", `redis://127.0.0.1:${port}`, port, dir, () =>
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" }),
  );
  await store.start();
  return store;
}

/** nats-server with JetStream on its own port and store folder (kept across restarts). */
export async function ownNats(): Promise<OwnStore> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "turash-nats-"));
  const store = childStore("nats-server", `nats://127.0.0.1:${port}`, port, dir, () =>
    spawn("nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", dir], { stdio: "ignore" }),
  );
  await store.start();
  return store;
}

/** Run a PostgreSQL binary as the postgres user (initdb and postgres refuse to run as root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", `${PG_BIN}/${command}`, ...args]] : [`${PG_BIN}/${command}`, args];
}

/**
 * A PostgreSQL cluster of the test's own (trust authentication on loopback, fsync off: it is
 * thrown away), with database `database` created; `url` points at it.
 */
export async function ownPostgres(database: string): Promise<OwnStore> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "turash-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const [initdb, initArgs] = asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const init = spawnSync(initdb, initArgs, { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const [postgres, args] = asPostgres("postgres", ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"]);
  let child: ChildProcess | undefined;
  const start = async () => {
    // Backends of a killed postmaster exit on their own within moments, holding its shared
    // memory until then; a postmaster started meanwhile refuses and exits, so try again.
    const deadline = Date.now() + 20_000;
    for (;;) {
      child = spawn(postgres, args, { stdio: "ignore" });
      child.once("error", () => undefined);
      const exited = new Promise<"exited">((resolve) => child!.once("exit", () => resolve("exited")));
      const up = waitForPort(port, true, "postgres", 20_000).then(() => "up" as const);
      up.catch(() => undefined); // a start that lost the race to the exit may time out later, unobserved
      if ((await Promise.race([up, exited])) === "up") return;
      if (Date.now() > deadline) throw new Error("postgres did not start again within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const kill = async () => {
    // runuser forks: the postmaster's own pid is in its pid file.
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    child = undefined;
    await waitForPort(port, false, "postgres");
  };
  await start();
  // The port accepts a moment before the server does ("the database system is starting up"): try again.
  for (let tries = 0; ; tries++) {
    const created = spawnSync(`${PG_BIN}/psql`, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", `create database ${database}`], { encoding: "utf8" });
    if (created.status === 0) break;
    if (tries >= 50 || !/starting up/.test(created.stderr)) throw new Error(`create database failed: ${created.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    kill,
    destroy: async () => {
      await kill().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One node of a NATS cluster the test owns: a store of its own, with its server name. */
export interface OwnNatsNode extends OwnStore {
  readonly name: string;
}

/**
 * A JetStream cluster of `size` nats-server processes on loopback, each with its own client
 * port, route port and store folder (kept across a node's restart), all routes to all. A node's
 * `kill()` is a kill -9 of that server alone; the others go on. `destroy()` stops every node.
 * Resolves once every node accepts clients; JetStream's meta leader may still be in election
 * (wait for it with `jsm.getAccountInfo()`).
 */
export async function ownNatsCluster(size = 3): Promise<{ readonly nodes: readonly OwnNatsNode[]; destroy(): Promise<void> }> {
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })));
  const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(",");
  const cluster = `turash-test-${process.pid}`;
  const nodes = ports.map((p, i): OwnNatsNode => {
    const name = `n${i + 1}`;
    const dir = mkdtempSync(join(tmpdir(), `turash-nats-${name}-`));
    const args = ["-js", "-a", "127.0.0.1", "-p", String(p.client), "-sd", dir, "--server_name", name, "--cluster_name", cluster, "--cluster", `nats://127.0.0.1:${p.route}`, "--routes", routes];
    return { name, ...childStore(`nats-server ${name}`, `nats://127.0.0.1:${p.client}`, p.client, dir, () => spawn("nats-server", args, { stdio: "ignore" })) };
  });
  await Promise.all(nodes.map((n) => n.start()));
  return { nodes, destroy: async () => void (await Promise.all(nodes.map((n) => n.destroy()))) };
}
