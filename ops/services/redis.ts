/** Redis: use the server at REDIS_URL, else docker compose, else start redis-server here. */
import { connectRedis, redisVersion } from "../../platform/connect/redis.ts";
import { composeUp, dockerEngineRuns, hasCommand, isLoopback, portOf, run, ServiceStartError, waitFor, type ServiceReport } from "./support.ts";

async function version(url: string): Promise<string> {
  const redis = await connectRedis(url);
  try {
    return await redisVersion(redis);
  } finally {
    redis.disconnect();
  }
}

/** Make Redis available at `url` and return where and which version. */
export async function ensureRedis(url: string): Promise<ServiceReport> {
  try {
    return { name: "redis", url, version: `Redis ${await version(url)}`, how: "already running" };
  } catch {
    // not running: start it below
  }
  if (!isLoopback(url)) throw new ServiceStartError("redis", `not reachable at ${url} and not on this machine`);
  let how: ServiceReport["how"];
  if ((await dockerEngineRuns()) && (await composeUp("redis"))) how = "docker compose";
  else if (hasCommand("redis-server")) {
    const started = await run("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(portOf(url, 6379)), "--save", "", "--appendonly", "no"]);
    if (!started.ok) throw new ServiceStartError("redis", `redis-server failed: ${started.output}`);
    how = "started natively";
  } else throw new ServiceStartError("redis", "redis-server is not installed (apt-get install redis-server)");
  const v = await waitFor(() => version(url), { timeoutMs: 20_000 }).catch(() => {
    throw new ServiceStartError("redis", `still not reachable at ${url} after starting it`);
  });
  return { name: "redis", url, version: `Redis ${v}`, how };
}
