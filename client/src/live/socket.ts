/**
 * The realtime connection (Socket.IO at the same origin, `auth: { token }`). Server events
 * are re-dispatched on `live` so views subscribe without knowing about the socket.
 */
import { io, type Socket } from "socket.io-client";
import { renewTokens } from "../rest/http.ts";
import { getToken } from "../rest/session.ts";

/**
 * One side of a match event (api/realtime/schemas.ts). A counterpart not yet disclosed to
 * you has no site id, and its lat/lon are the centre of its H3 `cell`.
 */
export interface MatchSide {
  readonly siteId: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly resourceType: string | null;
  /** Set when the side is anonymized: the H3 cell (res 7) the site lies in. */
  readonly cell?: string | null;
}

/**
 * `match:created` | `match:updated` | `match:withdrawn` | `match:revealed`. Each party
 * gets its own copy: the counterpart's flow and organization ids are null until it is
 * disclosed (`disclosure: "named"` — public, or both said interested).
 */
export interface MatchEvent {
  readonly matchId: string;
  readonly score: number | null;
  readonly route: "auto" | "facilitator" | null;
  readonly supplyFlowId: string | null;
  readonly demandFlowId: string | null;
  readonly supplyOrgId: string | null;
  readonly demandOrgId: string | null;
  readonly supply: MatchSide;
  readonly demand: MatchSide;
  readonly revision?: number | null;
  readonly at: string;
  readonly disclosure?: "anonymous" | "named";
  /** On `match:withdrawn`: the counterpart declined (who is never told beyond what you saw). */
  readonly reason?: "declined";
}

/** `proposal:changed`: the side not yet named to you is null. */
export interface ProposalEvent {
  readonly type?: "proposal.changed";
  readonly id: string;
  readonly matchId?: string | null;
  readonly status: string;
  readonly dealState: string;
  readonly fromOrg: string | null;
  readonly toOrg: string | null;
  readonly version?: number;
  readonly at?: string;
}

export const LIVE_EVENTS = ["match:created", "match:updated", "match:withdrawn", "match:revealed", "proposal:changed", "queue:changed", "map:activity"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** Subscribe with live.addEventListener("match:created", (e) => (e as CustomEvent<MatchEvent>).detail). */
export const live = new EventTarget();

let socket: Socket | null = null;

/**
 * Connect with the session's current access token. The server ends a socket when its
 * token expires (or the session ends): the client renews the token and reconnects, or,
 * when the session is over, stays disconnected (the next REST call goes to the login).
 */
export function connectLive(): void {
  disconnectLive();
  // A function, so every (re)connection presents the token current at that moment.
  const s = io({ auth: (cb) => cb({ token: getToken() ?? "" }), transports: ["websocket", "polling"] });
  for (const name of LIVE_EVENTS) s.on(name, (payload: unknown) => live.dispatchEvent(new CustomEvent(name, { detail: payload })));
  s.on("connect", () => {
    document.body.dataset.live = "connected";
    live.dispatchEvent(new CustomEvent("live:connected"));
  });
  s.on("disconnect", (reason) => {
    document.body.dataset.live = "disconnected";
    // The server closed it (token expired, logout elsewhere): only a renewed token gets back in.
    if (reason === "io server disconnect") void renewTokens().then((ok) => ok && socket === s && s.connect());
  });
  s.on("connect_error", () => {
    document.body.dataset.live = "error";
  });
  socket = s;
}

export function disconnectLive(): void {
  socket?.disconnect();
  socket = null;
}

/** Tell the server which part of the map is on screen (for map:activity). */
export function sendViewport(box: { west: number; south: number; east: number; north: number }): void {
  socket?.emit("map:viewport", box);
}

export function onLive<T>(name: LiveEventName | "live:connected", handler: (detail: T) => void): () => void {
  const listener = (e: Event) => handler((e as CustomEvent<T>).detail);
  live.addEventListener(name, listener);
  return () => live.removeEventListener(name, listener);
}
