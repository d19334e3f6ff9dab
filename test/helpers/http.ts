/**
 * HTTP tests of the REST API against the real services: an api served in this process
 * (so a test can see its route registry and its stores), a tiny fetch client, and users
 * of each role.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { Knex } from "knex";
import { expect } from "vitest";
import { createApp } from "../../api/app.ts";
import type { RouteRegistry } from "../../api/http/define-route.ts";
import { addMembership, createUser, type Role } from "../../ledgers/accounts.ts";
import { createLogger } from "../../platform/logger.ts";
import { testConfig } from "./config.ts";
import { config, openTestStores } from "./stores.ts";

export type Stores = Awaited<ReturnType<typeof openTestStores>>;

/** How a request authenticates: a bearer token, an API key (in either header), or not at all. */
export interface Credentials {
  readonly token?: string;
  readonly apiKey?: string;
  /** Send the API key as `X-API-Key` instead of `Authorization: ApiKey`. */
  readonly apiKeyHeader?: "authorization" | "x-api-key";
}

export interface RequestOptions extends Credentials {
  /** A value is sent as JSON; a string is sent as it is (to send malformed JSON). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What came back. `body` is parsed JSON when the response is JSON, else the text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read response bodies field by field; `any` keeps those reads short.
  readonly body: any;
}

/** A user made for a test, with the password to log in. */
export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

/** A user that has logged in. */
export interface Actor extends TestUser {
  readonly token: string;
}

let users = 0;

/**
 * Create a user with a platform role and membership in each of `orgIds` (org_admin for
 * org admins, org_member for everyone else), via the accounts ledger.
 */
export async function aUserWithRole(knex: Knex, role: Role, orgIds: readonly string[] = [], name: string = role): Promise<TestUser> {
  const email = `${name.replace(/[^a-z0-9]/gi, "-")}-${++users}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
  const { user } = await createUser(knex, { email, password, displayName: `${name} ${users}`, role });
  for (const orgId of orgIds) await addMembership(knex, user.id, orgId, role === "org_admin" ? "org_admin" : "org_member");
  return { id: user.id, email, password, role };
}

/** An api on the test services, its stores, and a client for it. */
export interface TestApi {
  readonly url: string;
  readonly stores: Stores;
  readonly knex: Knex;
  readonly registry: RouteRegistry;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** POST /api/v1/auth/login; returns the access token (throws unless 200). */
  login(email: string, password: string): Promise<string>;
  /** A user of this role and these organizations, logged in. */
  actor(role: Role, orgIds?: readonly string[], name?: string): Promise<Actor>;
  stop(): Promise<void>;
}

/**
 * Serve the app built by `createApp` on a free port, on the test stores; `overrides` are
 * configuration variables of this app only (e.g. low rate limits for the tests of limits).
 */
export async function startHttpApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const stores = await openTestStores();
  const appConfig = Object.keys(overrides).length ? testConfig(overrides) : config;
  const { app, registry } = createApp({ config: appConfig, connections: stores, logger: createLogger(appConfig.logLevel, "turash-api-test") });
  const server: Server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey !== undefined) {
      if (options.apiKeyHeader === "x-api-key") headers["x-api-key"] = options.apiKey;
      else headers.authorization = `ApiKey ${options.apiKey}`;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(`${url}${path}`, { method: method.toUpperCase(), headers, body });
    const text = await res.text();
    const isJson = /json/.test(res.headers.get("content-type") ?? "");
    return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text };
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await request("post", "/api/v1/auth/login", { body: { email, password } });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  return {
    url,
    stores,
    knex: stores.db.knex,
    registry,
    request,
    login,
    async actor(role, orgIds = [], name) {
      const user = await aUserWithRole(stores.db.knex, role, orgIds, name);
      return { ...user, token: await login(user.email, user.password) };
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stores.close();
    },
  };
}

/** Expect a problem+json response; returns its body. */
export function problemOf(res: HttpResponse): { status: number; code: string; field?: string; errors?: { field: string; message: string }[]; [k: string]: unknown } {
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("application/problem+json")) throw new Error(`expected problem+json, got ${res.status} ${type}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every field a problem names (its `field` and each `errors[].field`). */
export function fieldsOf(res: HttpResponse): string[] {
  const p = problemOf(res);
  return [...new Set([...(p.field ? [p.field] : []), ...(p.errors ?? []).map((e) => e.field)])];
}

/**
 * Send each case's input: every answer must be a 400 problem+json naming exactly the
 * case's field (the input, as text, labels a failure).
 */
export async function expectEachRefused<T>(cases: readonly (readonly [T, string])[], send: (input: T) => Promise<HttpResponse>): Promise<void> {
  for (const [input, field] of cases) {
    const res = await send(input);
    const label = typeof input === "string" ? input : JSON.stringify(input);
    expect(res.status, label).toBe(400);
    expect(res.headers.get("content-type"), label).toMatch(/application\/problem\+json/);
    expect(problemOf(res).status, label).toBe(400);
    expect(fieldsOf(res), label).toEqual([field]);
  }
}

/** Users of the given roles and names on `api`, logged in, in that order. */
export function actorsOf<const W extends readonly (readonly [Role, string])[]>(api: Pick<TestApi, "actor">, who: W): Promise<{ -readonly [K in keyof W]: Actor }> {
  return Promise.all(who.map(([role, name]) => api.actor(role, [], name))) as Promise<{ -readonly [K in keyof W]: Actor }>;
}
