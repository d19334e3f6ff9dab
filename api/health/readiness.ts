/**
 * Readiness: can this process serve requests? One check per backing service, each with
 * its latency, run in parallel with a timeout so a hung service cannot hang the probe.
 */
import type { Connections } from "../../platform/connect/connections.ts";
import type { ServiceName } from "../../platform/infra-errors.ts";

/** Result of one service check. */
export interface CheckResult {
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

/** The body of GET /readyz. */
export interface Readiness {
  readonly status: "ok" | "degraded";
  readonly checks: Readonly<Record<ServiceName, CheckResult>>;
}

const TIMEOUT_MS = 2_000;

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, latencyMs: round(performance.now() - started), error: message.split("\n")[0] ?? message };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** The services a readiness result finds down, in a fixed order. */
export function servicesDown(readiness: Readiness): ServiceName[] {
  return (Object.keys(readiness.checks) as ServiceName[]).filter((name) => !readiness.checks[name].ok);
}

/** Probe every backing service. */
export async function checkReadiness(c: Connections): Promise<Readiness> {
  const [neo4j, postgres, redis, nats] = await Promise.all([
    timed(() => c.neo4j.executeQuery("RETURN 1")),
    timed(() => c.db.knex.raw("select 1")),
    timed(() => c.redis.ping()),
    timed(async () => {
      if (c.nats.isClosed()) throw new Error("connection closed");
      // flush() is a PING/PONG round trip to the server.
      await c.nats.flush();
      const jsm = await c.nats.jetstreamManager({ timeout: TIMEOUT_MS });
      await jsm.getAccountInfo();
    }),
  ]);
  const checks = { neo4j, postgres, redis, nats };
  return { status: Object.values(checks).every((c) => c.ok) ? "ok" : "degraded", checks };
}
