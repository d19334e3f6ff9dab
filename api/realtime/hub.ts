/**
 * Rooms and the emitters other parts of the api use. The HTTP app is built before the
 * Socket.IO server exists (createApp does not listen), so routes get a {@link RealtimeHub}
 * that the server attaches to once it runs; until then (or in apps built without one, as
 * some tests do) emitting is a no-op.
 *
 * Rooms: `org:<orgId>` (every member of the organization, and its API keys),
 * `facilitators` (admins and facilitators), `region:<h3 cell>` (map viewports).
 */
import type { Server } from "socket.io";
import { ImportProgressSchema, type ImportProgress, type QueueChanged } from "./schemas.ts";

export const FACILITATORS_ROOM = "facilitators";
export const orgRoom = (orgId: string) => `org:${orgId}`;

/** The part of a Socket.IO server emitters need (so a test can pass a fake). */
export type Emitter = Pick<Server, "to">;

/**
 * Send a bulk import's progress to the organization's room (every api process, through the
 * Redis adapter). For the ingest issue: call it as rows are processed.
 */
export function emitImportProgress(io: Emitter, orgId: string, payload: ImportProgress): void {
  io.to(orgRoom(orgId)).emit("import:progress", ImportProgressSchema.parse(payload));
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

  /** Import progress to an organization (see {@link emitImportProgress}). */
  importProgress(orgId: string, payload: ImportProgress): void {
    if (this.io) emitImportProgress(this.io, orgId, payload);
  }
}
