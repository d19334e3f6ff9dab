/**
 * "This principal changed" signals from where credentials change (logout, refresh-token
 * reuse, API-key revocation, membership changes) to every socket server, over Redis
 * pub/sub on `<REDIS_PREFIX>principal-changes`. REST needs no signal (each request reads
 * the ledgers); open sockets authenticated once, at the handshake, and would otherwise keep
 * receiving events. A signal is a hint to re-check: a socket server that missed one still
 * disconnects the socket when its token expires.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { z } from "zod";
import { singleLine } from "../../domain/schemas/strings.ts";

/** What changed. */
export const PrincipalChangeSchema = z.discriminatedUnion("kind", [
  /** The credentials no longer hold: disconnect the principal's sockets (or one session's). */
  z.object({ kind: z.literal("revoked"), principalId: singleLine(200, { min: 1 }), sessionId: singleLine(100).optional(), reason: singleLine(200) }),
  /** Memberships changed: the principal's sockets must re-join their rooms. */
  z.object({ kind: z.literal("memberships"), principalId: singleLine(200, { min: 1 }) }),
]);
export type PrincipalChange = z.infer<typeof PrincipalChangeSchema>;

/** The pub/sub channel (channels are not keys: ioredis' keyPrefix does not apply). */
export const principalChannel = (prefix: string) => `${prefix}principal-changes`;

/** Announce a change; a failure is logged, not thrown (the ledger change already holds for REST). */
export async function announcePrincipalChange(redis: Redis, prefix: string, change: PrincipalChange, logger?: Logger): Promise<void> {
  await redis.publish(principalChannel(prefix), JSON.stringify(PrincipalChangeSchema.parse(change))).catch((error: unknown) => {
    logger?.warn({ err: error, change }, "could not announce a principal change to socket servers");
  });
}

/** Listen for changes on a connection of its own (a subscribed connection can do nothing else). */
export async function listenPrincipalChanges(redis: Redis, prefix: string, onChange: (c: PrincipalChange) => void, logger: Logger): Promise<{ close(): Promise<void> }> {
  const sub = redis.duplicate({ keyPrefix: "", lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
  sub.on("error", () => undefined);
  await sub.connect();
  await sub.subscribe(principalChannel(prefix));
  sub.on("message", (_channel: string, message: string) => {
    try {
      const parsed = PrincipalChangeSchema.safeParse(JSON.parse(message));
      if (parsed.success) onChange(parsed.data);
      else logger.warn({ message }, "ignored a malformed principal change");
    } catch {
      logger.warn({ message }, "ignored a malformed principal change");
    }
  });
  return {
    async close() {
      await sub.quit().catch(() => undefined);
      sub.disconnect();
    },
  };
}
