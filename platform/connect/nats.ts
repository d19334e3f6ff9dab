/** NATS connection with JetStream: the event bus and work queues. */
import { connect, type NatsConnection } from "nats";
import { ServiceUnavailableError, shortReason } from "../infra-errors.ts";

export type { NatsConnection };

/** Host and port list for nats.js from a nats:// URL. */
function servers(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "4222"}`;
}

/**
 * Connect to NATS and prove JetStream is enabled.
 * @throws ServiceUnavailableError naming NATS and how to start it.
 */
export async function connectNats(url: string, name = "turash"): Promise<NatsConnection> {
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: servers(url), name, timeout: 3_000, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    const jsm = await nc.jetstreamManager({ timeout: 3_000 });
    await jsm.getAccountInfo();
    return nc;
  } catch (error) {
    await nc?.close().catch(() => undefined);
    const reason = /jetstream/i.test(shortReason(error)) ? "JetStream is not enabled (start nats-server with -js)" : shortReason(error);
    throw new ServiceUnavailableError("nats", url, reason);
  }
}
