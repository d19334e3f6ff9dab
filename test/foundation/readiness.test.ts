import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "../helpers/api.ts";
import type { Readiness } from "../../api/health/readiness.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("GET /healthz and /readyz", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it("/healthz answers while the process lives", async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("/readyz reports all four services ok, each with its latency", async () => {
    const res = await fetch(`${api.url}/readyz`);
    const body = (await res.json()) as Readiness;
    expect(res.status).toBe(200);
    expect(body.status).toBe("ok");
    for (const name of ["neo4j", "postgres", "redis", "nats"] as const) {
      expect(body.checks[name].ok, name).toBe(true);
      expect(body.checks[name].latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("unknown API paths are problem+json 404s", async () => {
    // Other unknown paths belong to the browser app's client-side routes (index.html).
    const res = await fetch(`${api.url}/api/v1/no/such/thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

describe("/readyz when a service stops", () => {
  it("turns a 503 problem naming the stopped service, with every service's check", async () => {
    // A Redis of our own that we may stop without disturbing anything else.
    const port = await freePort();
    const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
      try {
        expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

        spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
        await new Promise((resolve) => setTimeout(resolve, 200));

        const res = await fetch(`${api.url}/readyz`);
        const body = (await res.json()) as Pick<Readiness, "checks"> & { status: number; code: string; service: string };
        expect(res.status).toBe(503);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(body).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", service: "redis" });
        expect(body.checks.redis.ok).toBe(false);
        expect(body.checks.redis.error).toBeTruthy();
        expect(body.checks.neo4j.ok).toBe(true);
        expect(body.checks.postgres.ok).toBe(true);
        expect(body.checks.nats.ok).toBe(true);
      } finally {
        await api.stop();
      }
    } finally {
      redis.kill("SIGKILL");
    }
  });
});

describe("starting the api with a service missing", () => {
  it("prints one line naming the service and how to start it, and exits 1", async () => {
    const port = await freePort();
    const result = spawnSync("node_modules/.bin/tsx", ["api/main.ts"], {
      encoding: "utf8",
      env: { ...process.env, PORT: "0", NEO4J_URL: `bolt://127.0.0.1:${port}` },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^neo4j is not reachable at bolt://127\\.0\\.0\\.1:${port}.*npm run services`));
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
