/**
 * The realtime connection (Socket.IO at the same origin, `auth: { token }`). Server events
 * are re-dispatched on `live` so views subscribe without knowing about the socket.
 */
import { io, type Socket } from "socket.io-client";
import { renewTokens } from "../rest/http.ts";
import { getToken } from "../rest/session.ts";
import type { Viewport } from "../../../contract/realtime.ts";

export const LIVE_EVENTS = ["match:created", "match:updated", "match:withdrawn", "match:revealed", "proposal:changed", "queue:changed", "map:activity", "alert:fired"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** Subscribe with live.addEventListener("match:created", (e) => (e as CustomEvent<MatchEvent>).detail); payloads: contract/realtime.ts. */
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
export function sendViewport(box: Viewport): void {
  socket?.emit("map:viewport", box);
}

export function onLive<T>(name: LiveEventName | "live:connected", handler: (detail: T) => void): () => void {
  const listener = (e: Event) => handler((e as CustomEvent<T>).detail);
  live.addEventListener(name, listener);
  return () => live.removeEventListener(name, listener);
}
