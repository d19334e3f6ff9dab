/**
 * Socket.IO on the api's HTTP server.
 *
 * - Handshake: `auth: { token }` (JWT access token) or `auth: { apiKey }`; anything else is
 *   refused with `connect_error` whose message says why and whose `data.code` is
 *   UNAUTHENTICATED.
 * - On connect a socket joins the rooms audience.ts decides from its principal — its
 *   organizations' `org:<id>:<family>` rooms of the families its scopes allow,
 *   `facilitators` for admins and facilitators, its user and session rooms — and receives
 *   `session` {principalId, role, rooms}.
 * - Credentials are not checked only at connect: a socket is disconnected (after a
 *   `session:ended` {reason}) when its access token expires, on logout, when its session
 *   is revoked or its API key revoked (signals over Redis, principal-changes.ts); when its
 *   user's memberships change it re-joins its rooms. Every SOCKET_RECHECK_SECONDS the
 *   ledgers are re-read for the process's sockets, in case a signal was missed.
 * - `map:viewport` {west, south, east, north} joins the socket to the H3 region rooms of
 *   the viewport (see regions.ts), leaving its previous ones; the ack (when given) and a
 *   `map:regions` event say {resolution, cells}. `map:leave` leaves them all.
 * - Every client event is parsed with zod; a bad one is answered with `error`
 *   {event, code, field, message, errors}. Unknown events get `error` naming `event`.
 * - The Redis adapter (two connections duplicated from the app's Redis, channel prefix
 *   `<REDIS_PREFIX>socket.io`) lets every api process emit to rooms joined on any other.
 * - The NATS bridge (bridge.ts) turns domain events into socket events.
 */
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { Server, type Socket } from "socket.io";
import type { Config } from "../../platform/config.ts";
import type { Connections } from "../../platform/connect/connections.ts";
import type { EventNames } from "../../events/streams.ts";
import { createAuthenticator } from "../auth/authenticator.ts";
import { ledgerLookups } from "../auth/lookups.ts";
import { effectiveRole, type Principal } from "../auth/principal.ts";
import { listenPrincipalChanges, type PrincipalChange } from "../auth/principal-changes.ts";
import { findUser, membershipsOf } from "../../ledgers/accounts.ts";
import { activeApiKeyIds } from "../../ledgers/api-keys.ts";
import { activeSessionIds } from "../../ledgers/sessions.ts";
import { mayReceive, roomsOf } from "./audience.ts";
import { HandshakeError, principalFromHandshake } from "./auth.ts";
import { startBridge, type RunningBridge } from "./bridge.ts";
import { emitImportProgress, sessionRoom, userRoom, type RealtimeHub } from "./hub.ts";
import { subscribeProgress } from "../../ingest/imports/progress.ts";
import { regionRoom, viewportCells } from "./regions.ts";
import type { RealtimeError } from "../../contract/realtime.ts";
import { ViewportSchema, validationError } from "./schemas.ts";

export interface RealtimeDeps {
  readonly config: Config;
  readonly connections: Connections;
  readonly logger: Logger;
  readonly names: EventNames;
  /** Attached to the server so routes can emit. */
  readonly hub?: RealtimeHub;
}

/** The running realtime layer of one api process. */
export interface RunningRealtime {
  readonly io: Server;
  readonly bridge: RunningBridge;
  /** Stop the bridge, disconnect sockets, close the adapter's connections and the Socket.IO server (and with it the HTTP server). */
  close(): Promise<void>;
}

interface SocketData {
  principal: Principal;
  regions: string[];
  /** Rooms joined for the principal (not the map's region rooms). */
  rooms: string[];
}

/** Tell a socket why, then disconnect it (the namespace only: the packets arrive in order). */
function endSession(socket: { emit(event: string, payload: unknown): unknown; disconnect(): unknown }, reason: string): void {
  socket.emit("session:ended", { reason });
  socket.disconnect();
}

const CLIENT_EVENTS = new Set(["map:viewport", "map:leave"]);

async function adapterClients(redis: Redis): Promise<[Redis, Redis]> {
  // Channel names are not keys, so ioredis' keyPrefix would not isolate them; the adapter's
  // `key` option carries the prefix instead.
  const make = () => {
    const c = redis.duplicate({ keyPrefix: "", lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
    c.on("error", () => undefined);
    return c;
  };
  const pub = make();
  const sub = make();
  await Promise.all([pub.connect(), sub.connect()]);
  return [pub, sub];
}

/** Attach Socket.IO (with the Redis adapter and the NATS bridge) to an HTTP server. */
export async function startRealtime(server: HttpServer, deps: RealtimeDeps): Promise<RunningRealtime> {
  const { config, connections, logger } = deps;
  const log = logger.child({ component: "realtime" });
  const [pub, sub] = await adapterClients(connections.redis);
  const io = new Server<Record<string, (...args: unknown[]) => void>, Record<string, (...args: unknown[]) => void>, Record<string, never>, SocketData>(server, {
    path: "/socket.io",
    // Credentials travel in the handshake payload, never in cookies, so any origin may connect.
    cors: { origin: true, credentials: false },
    adapter: createAdapter(pub, sub, { key: `${config.redis.prefix}socket.io` }),
  });

  const authenticator = createAuthenticator(ledgerLookups(connections.db.knex), config.auth.jwtSecret);
  io.use((socket, next) => {
    principalFromHandshake(authenticator, socket.handshake.auth)
      .then((principal) => {
        socket.data.principal = principal;
        socket.data.regions = [];
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof HandshakeError) return next(error);
        log.error({ err: error }, "handshake failed");
        next(Object.assign(new Error("Authentication is unavailable right now; retry shortly."), { data: { code: "SERVICE_UNAVAILABLE" } }));
      });
  });

  io.on("connection", (socket: Socket) => {
    const data = socket.data as SocketData;
    const { principal } = data;
    const rooms = roomsOf(principal);
    data.rooms = rooms;
    void socket.join(rooms);
    socket.emit("session", { principalId: principal.id, role: principal.role, rooms });
    if (principal.expiresAt !== undefined) {
      // The token's lifetime is the socket's: past it, the client reconnects with a fresh one.
      const expiry = setTimeout(() => endSession(socket, "token expired"), Math.max(0, principal.expiresAt - Date.now()));
      expiry.unref();
      socket.once("disconnect", () => clearTimeout(expiry));
    }

    const refuse = (error: RealtimeError, ack?: unknown) => {
      socket.emit("error", error);
      if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: false, error });
    };
    const leaveRegions = () => {
      for (const r of data.regions) void socket.leave(r);
      data.regions = [];
    };

    socket.on("map:viewport", (payload: unknown, ack?: unknown) => {
      if (!mayReceive(data.principal, "map")) {
        return refuse({ event: "map:viewport", code: "FORBIDDEN", field: "event", message: "This API key lacks the scope flows:read.", errors: [{ field: "event", message: "needs flows:read" }] }, ack);
      }
      const parsed = ViewportSchema.safeParse(payload);
      if (!parsed.success) return refuse(validationError("map:viewport", parsed.error), ack);
      const covered = viewportCells(parsed.data);
      if (!covered) {
        return refuse(
          { event: "map:viewport", code: "VIEWPORT_TOO_LARGE", field: "(payload)", message: "The viewport is too large for live regions; zoom in.", errors: [{ field: "(payload)", message: "viewport too large" }] },
          ack,
        );
      }
      const next = covered.cells.map(regionRoom);
      const keep = new Set(next);
      for (const r of data.regions) if (!keep.has(r)) void socket.leave(r);
      void socket.join(next);
      data.regions = next;
      const answer = { ok: true, resolution: covered.resolution, cells: covered.cells.length };
      socket.emit("map:regions", answer);
      if (typeof ack === "function") (ack as (r: unknown) => void)(answer);
    });

    socket.on("map:leave", (_payload: unknown, ack?: unknown) => {
      leaveRegions();
      if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: true });
    });

    socket.onAny((event: string, ...args: unknown[]) => {
      if (CLIENT_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      refuse({ event, code: "VALIDATION_FAILED", field: "event", message: `Unknown event "${event}". Known: ${[...CLIENT_EVENTS].join(", ")}.`, errors: [{ field: "event", message: "unknown event" }] }, ack);
    });
  });

  // Credentials changed elsewhere (any api process): every process acts on its own sockets.
  const onChange = async (change: PrincipalChange) => {
    if (change.kind === "revoked") {
      const room = change.sessionId ? sessionRoom(change.sessionId) : userRoom(change.principalId);
      for (const s of await io.local.in(room).fetchSockets()) endSession(s, change.reason);
      return;
    }
    const sockets = await io.local.in(userRoom(change.principalId)).fetchSockets();
    if (sockets.length === 0) return;
    const [user, memberships] = await Promise.all([findUser(connections.db.knex, change.principalId), membershipsOf(connections.db.knex, change.principalId)]);
    for (const s of sockets) {
      const d = s.data as SocketData;
      d.principal = { ...d.principal, memberships, role: user ? effectiveRole(user.role, memberships) : d.principal.role };
      const next = roomsOf(d.principal);
      for (const r of d.rooms) if (!next.includes(r)) s.leave(r);
      s.join(next);
      d.rooms = next;
      s.emit("session", { principalId: d.principal.id, role: d.principal.role, rooms: next });
    }
  };
  const changes = await listenPrincipalChanges(
    connections.redis,
    config.redis.prefix,
    (change) => void onChange(change).catch((error: unknown) => log.error({ err: error, change }, "could not apply a principal change to sockets")),
    log,
  );

  // The signals are fire-and-forget; a sweep over this process's sockets re-reads the
  // ledgers in two queries, so a missed one still ends the socket within the interval.
  const sweep = async () => {
    const sockets = [...io.of("/").sockets.values()];
    const keyOf = (p: Principal) => (p.kind === "api_key" ? p.id.slice("apikey:".length) : undefined);
    const principals = sockets.map((s) => (s.data as SocketData).principal).filter((p): p is Principal => p !== undefined);
    const [keys, sessions] = await Promise.all([
      activeApiKeyIds(connections.db.knex, principals.flatMap((p) => keyOf(p) ?? [])),
      activeSessionIds(connections.db.knex, principals.flatMap((p) => p.sessionId ?? [])),
    ]);
    for (const s of sockets) {
      const p = (s.data as SocketData).principal;
      if (!p) continue;
      const key = keyOf(p);
      if ((key !== undefined && !keys.has(key)) || (p.sessionId !== undefined && !sessions.has(p.sessionId))) endSession(s, "credentials revoked");
    }
  };
  const sweeper = setInterval(() => void sweep().catch((error: unknown) => log.warn({ err: error }, "socket re-check failed")), config.realtime.recheckSeconds * 1000);
  sweeper.unref();

  const bridge = await startBridge({
    io,
    nats: connections.nats,
    neo4j: connections.neo4j,
    knex: connections.db.knex,
    redis: connections.redis,
    names: deps.names,
    logger: log,
  });
  // Import progress comes from the ingest workers on plain NATS; every api process hears
  // it and emits to its own sockets only, so nobody gets it twice.
  const progress = subscribeProgress(connections.nats, deps.names, "*", (p) => {
    emitImportProgress(io.local, { userId: p.requestedBy, orgId: p.ownerOrgId }, p);
  });
  deps.hub?.attach(io);

  return {
    io,
    bridge,
    async close() {
      deps.hub?.detach();
      progress.unsubscribe();
      clearInterval(sweeper);
      await changes.close();
      await bridge.stop();
      io.local.disconnectSockets(true);
      const healthy = pub.status === "ready" && sub.status === "ready";
      if (!healthy) {
        // The adapter's close() unsubscribes without handling the replies; with Redis down
        // those commands would wait in the offline queue and reject, unhandled, on disconnect.
        (io.of("/").adapter as unknown as { close(): void }).close = () => undefined;
      }
      await io.close();
      // QUIT is answered after the unsubscribes sent before it, so nothing is left pending.
      const quit = Promise.all([pub, sub].map((c) => (c.status === "ready" ? c.quit().catch(() => undefined) : undefined)));
      await Promise.race([quit, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
