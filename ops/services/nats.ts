/** NATS with JetStream: use the server at NATS_URL, else docker compose, else start nats-server -js here. */
import { join } from "node:path";
import { connectNats } from "../../platform/connect/nats.ts";
import { composeUp, dockerEngineRuns, hasCommand, isLoopback, portOf, spawnDetached, ServiceStartError, waitFor, type ServiceReport } from "./support.ts";

async function version(url: string): Promise<string> {
  const nc = await connectNats(url, "turash-services");
  try {
    return nc.info?.version ?? "unknown";
  } finally {
    await nc.close();
  }
}

/** Make NATS JetStream available at `url` and return where and which version. */
export async function ensureNats(url: string, dataDir: string): Promise<ServiceReport> {
  let firstError: unknown;
  try {
    return { name: "nats", url, version: `NATS ${await version(url)} (JetStream)`, how: "already running" };
  } catch (error) {
    firstError = error;
  }
  if (/JetStream/.test(String((firstError as Error).message))) {
    throw new ServiceStartError("nats", `running at ${url} but without JetStream; restart it with -js`);
  }
  if (!isLoopback(url)) throw new ServiceStartError("nats", `not reachable at ${url} and not on this machine`);
  let how: ServiceReport["how"];
  if ((await dockerEngineRuns()) && (await composeUp("nats"))) how = "docker compose";
  else {
    const binary = ["nats-server", "/usr/sbin/nats-server"].find((b) => hasCommand(b));
    if (!binary) throw new ServiceStartError("nats", "nats-server is not installed (apt-get install nats-server)");
    const port = portOf(url, 4222);
    spawnDetached(binary, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", join(dataDir, `nats-${port}`)], join(dataDir, "logs", `nats-${port}.log`));
    how = "started natively";
  }
  const v = await waitFor(() => version(url), { timeoutMs: 20_000 }).catch(() => {
    throw new ServiceStartError("nats", `still not reachable at ${url} after starting it`);
  });
  return { name: "nats", url, version: `NATS ${v} (JetStream)`, how };
}
