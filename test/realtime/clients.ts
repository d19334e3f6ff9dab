/**
 * Helpers for realtime tests against running apis: a REST client for an api url, users of
 * each role, and Socket.IO clients that record what they receive.
 */
import { io as connectSocket, type Socket } from "socket.io-client";
import type { Knex } from "knex";
import { expect } from "vitest";
import type { Server } from "socket.io";
import type { Role } from "../../ledgers/accounts.ts";
import { aUserWithRole, type Actor } from "../helpers/http.ts";

export const V1 = "/api/v1";

export interface Rest {
  request(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
}

/** A tiny JSON client for an api url. */
export function rest(url: string): Rest {
  return {
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${url}${path}`, { method: method.toUpperCase(), headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      const text = await res.text();
      return { status: res.status, body: /json/.test(res.headers.get("content-type") ?? "") && text ? JSON.parse(text) : text };
    },
  };
}

/** A user of `role` (members of `orgIds`), logged in through `api`. */
export async function anActor(knex: Knex, api: Rest, role: Role, orgIds: readonly string[] = [], name: string = role): Promise<Actor> {
  const user = await aUserWithRole(knex, role, orgIds, name);
  const res = await api.request("post", `${V1}/auth/login`, { body: { email: user.email, password: user.password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, token: res.body.accessToken as string };
}

/** Users of the given roles and names, logged in through `api`, in that order. */
export function someActors<const W extends readonly (readonly [Role, string])[]>(knex: Knex, api: Rest, who: W): Promise<{ -readonly [K in keyof W]: Actor }> {
  return Promise.all(who.map(([role, name]) => anActor(knex, api, role, [], name))) as Promise<{ -readonly [K in keyof W]: Actor }>;
}

/** POST `body` to `/api/v1/<path>` as `actor` through `api`; expects 201 and returns the body's externalId. */
export async function created(api: Rest, actor: { token: string }, path: string, body: { externalId: string }): Promise<string> {
  const res = await api.request("post", `${V1}/${path}`, { token: actor.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return body.externalId;
}

type Received = { event: string; payload: any };

/** A connected socket that records every event it receives. */
export interface Listener {
  readonly socket: Socket;
  readonly received: Received[];
  /** The session announced on connect. */
  readonly session: { principalId: string; role: string; rooms: string[] };
  /** The first `event` whose payload satisfies `pred` (waits up to `ms`). */
  waitFor(event: string, pred?: (payload: any) => boolean, ms?: number): Promise<any>;
  /** Every `event` received so far that satisfies `pred`. */
  all(event: string, pred?: (payload: any) => boolean): any[];
  emitWithAck(event: string, payload: unknown): Promise<any>;
  close(): void;
}

const opened: Socket[] = [];

/** Connect (resolves with the listener after `session`; rejects with the connect_error). */
export function listen(url: string, auth: Record<string, unknown> | undefined): Promise<Listener> {
  const socket = connectSocket(url, { transports: ["websocket"], auth, reconnection: false, forceNew: true, timeout: 10_000 });
  opened.push(socket);
  const received: Received[] = [];
  const waiters: { event: string; pred: (p: any) => boolean; resolve: (p: any) => void }[] = [];
  socket.onAny((event: string, payload: unknown) => {
    received.push({ event, payload });
    for (const w of [...waiters]) if (w.event === event && w.pred(payload)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(payload));
  });
  const all = (event: string, pred: (p: any) => boolean = () => true) => received.filter((r) => r.event === event && pred(r.payload)).map((r) => r.payload);
  const waitFor = (event: string, pred: (p: any) => boolean = () => true, ms = 20_000) => {
    const found = all(event, pred)[0];
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms; received ${JSON.stringify(received.map((r) => r.event))}`)), ms);
      waiters.push({ event, pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  };
  return new Promise((resolve, reject) => {
    socket.once("connect_error", (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
    socket.once("session", (session: Listener["session"]) =>
      resolve({
        socket,
        received,
        session,
        waitFor,
        all,
        emitWithAck: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload),
        close: () => socket.close(),
      }),
    );
  });
}

/** The connect_error of a handshake expected to fail. */
export async function refusal(url: string, auth: Record<string, unknown> | undefined): Promise<Error & { data?: any }> {
  try {
    const l = await listen(url, auth);
    l.close();
  } catch (error) {
    return error as Error & { data?: any };
  }
  throw new Error("the handshake was accepted");
}

let markers = 0;

/**
 * Emit a marker from `api` straight to `listener`'s socket and wait for it: a socket
 * receives one server's emits in order, so everything `api` emitted to it before has
 * arrived when this resolves.
 */
export async function markerFrom(api: { realtime: { io: Server } }, listener: Listener): Promise<void> {
  const token = `marker-${++markers}`;
  api.realtime.io.local.to(listener.socket.id!).emit("test:marker", token);
  await listener.waitFor("test:marker", (t) => t === token);
}

/** Close every socket opened by this file. */
export function closeAll(): void {
  for (const s of opened.splice(0)) s.close();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
