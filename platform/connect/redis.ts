/** Redis connection: cache, rate limits and the Socket.IO adapter share it. */
import { Redis } from "ioredis";
import { ServiceUnavailableError, shortReason } from "../infra-errors.ts";

export type { Redis };

/**
 * Create a Redis client that fails fast instead of queueing commands forever while the
 * server is down, so readiness checks and requests see the outage at once.
 */
export function createRedis(url: string, keyPrefix = ""): Redis {
  return new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/**
 * Create a client and prove it answers PING.
 * @throws ServiceUnavailableError naming Redis and how to start it.
 */
export async function connectRedis(url: string, keyPrefix = ""): Promise<Redis> {
  const redis = createRedis(url, keyPrefix);
  redis.on("error", () => undefined); // reported through commands and readiness, not as unhandled events
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailableError("redis", url, shortReason(error));
  }
}

/** The server version from INFO, e.g. "7.0.15". */
export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info("server");
  return /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
}
