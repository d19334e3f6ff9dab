/**
 * Rooms and the emitters other parts of the api use. The HTTP app is built before the
 * Socket.IO server exists (createApp does not listen), so routes get a {@link RealtimeHub}
 * that the server attaches to once it runs; until then (or in apps built without one, as
 * some tests do) emitting is a no-op.
 *
 * Rooms: `org:<orgId>:<family>` (one per family of events of the organization — `match`,
 * `proposal`, `import`, `alert` — joined by its members and by those of its API keys whose scopes
 * let REST show that family; see audience.ts), `user:<id>` (every socket of one user or
 * API key), `session:<id>` (every socket of one login), `facilitators` (admins and
 * facilitators), `region:<h3 cell>` (map viewports).
 */
import type { Server } from "socket.io";
import type { ImportProgress, QueueChanged } from "../../contract/realtime.ts";
import { ImportProgressSchema } from "./schemas.ts";

/** Families of organization events, each joined separately (audience.ts decides who). */
export type OrgEventFamily = "match" | "proposal" | "import" | "alert";

export const FACILITATORS_ROOM = "facilitators";
/** An organization's room for one family of events: emit each event to its family's room only. */
export const orgRoom = (orgId: string, family: OrgEventFamily) => `org:${orgId}:${family}`;
export const userRoom = (principalId: string) => `user:${principalId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The part of a Socket.IO server emitters need (so a test can pass a fake). */
export type Emitter = Pick<Server, "to">;

/**
 * Send a bulk import's progress to whoever started it and, for an organization's own
 * import, to that organization's room. Pass `io.local` when every api process emits the
 * same progress itself (as the NATS subscription in server.ts does).
 */
export function emitImportProgress(io: Emitter, to: { userId?: string; orgId?: string | null }, payload: ImportProgress): void {
  const rooms = [...(to.userId ? [userRoom(to.userId)] : []), ...(to.orgId ? [orgRoom(to.orgId, "import")] : [])];
  if (rooms.length > 0) io.to(rooms).emit("import:progress", ImportProgressSchema.parse(payload));
}

/** A late-bound handle on the Socket.IO server for code built before it. */
export class RealtimeHub {
  private io: Server | undefined;

  attach(io: Server): void {
    this.io = io;
  }

  detach(): void {
    this.io = undefined;
  }

  get attached(): boolean {
    return this.io !== undefined;
  }

  /** The facilitator queue changed (reaches every api process through the adapter). */
  queueChanged(payload: QueueChanged): void {
    this.io?.to(FACILITATORS_ROOM).emit("queue:changed", payload);
  }
}
