/**
 * What the fuzz suite runs against: the real api process (REST and Socket.IO, startApi)
 * on the test services, an ingest worker for the imports it sends, and fixtures — three
 * organizations with sites, flows, a stored match, a proposal, an import, an API key with
 * every scope, a mandate and a webhook endpoint — whose ids the generators use as path
 * parameters. Also the tally every boundary writes: status counts per route and each
 * input that broke a property.
 */
import { z } from "zod";
import { describeRoutes } from "../../api/app.ts";
import { startIngestWorker, type IngestWorker } from "../../ingest/imports/worker.ts";
import { addMembership } from "../../ledgers/accounts.ts";
import { API_KEY_SCOPES } from "../../ledgers/api-keys.ts";
import { startTestApi } from "../helpers/api.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { aUserWithRole, type Stores } from "../helpers/http.ts";
import { config, openTestStores, resetStores } from "../helpers/stores.ts";
import type { JsonSchema } from "./generators.ts";

export const V1 = "/api/v1";

/** An answer, as the fuzz suite reads it. */
export interface FuzzResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** A request as generated: everything raw, so any bytes can be sent. */
export interface FuzzRequest {
  readonly method: string;
  /** Path and query below the server, e.g. `/api/v1/sites?limit=x`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Who calls: a user of each kind, an API key with every scope, nobody, or garbage. */
export interface Callers {
  readonly admin: string;
  readonly facilitator: string;
  readonly orgAdmin: string;
  /** Logged out by the fuzzing of POST /auth/logout; a token of its own. */
  readonly logout: string;
  readonly apiKey: string;
  readonly refreshToken: string;
  readonly email: string;
  readonly facilitatorId: string;
}

/** A property broken by one input: enough to replay it. */
export interface Failure {
  readonly boundary: string;
  readonly route: string;
  readonly status: number;
  readonly why: string;
  readonly request: unknown;
  readonly response: string;
}

/** Status counts per route and what broke. */
export class Tally {
  readonly routes: Record<string, Record<string, number>> = {};
  readonly failures: Failure[] = [];
  inputs = 0;
  serverErrors = 0;
  constructor(readonly boundary: string) {}

  /** Count an answer and check the properties: no 5xx, and a 4xx is problem+json. */
  record(route: string, res: FuzzResponse, request: unknown): void {
    this.inputs++;
    const counts = (this.routes[route] ??= {});
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    const fail = (why: string) => this.failures.length < 200 && this.failures.push({ boundary: this.boundary, route, status: res.status, why, request, response: res.text.slice(0, 600) });
    if (res.status >= 500) {
      this.serverErrors++;
      fail("5xx");
    } else if (res.status >= 400 && !res.contentType.includes("application/problem+json")) fail(`4xx as ${res.contentType || "(no content type)"}`);
  }

  /** A property of the boundary itself (e.g. an import report) that did not hold. */
  broken(route: string, why: string, request: unknown, response = ""): void {
    if (this.failures.length < 200) this.failures.push({ boundary: this.boundary, route, status: 0, why, request, response: response.slice(0, 600) });
  }
}

/** The running target. */
export interface FuzzTarget {
  readonly url: string;
  readonly stores: Stores;
  readonly callers: Callers;
  /** Real ids by path parameter name (`id:<first segment>` for `:id`); the foreign ones are another organization's. */
  readonly own: Record<string, string>;
  readonly foreign: Record<string, string>;
  /** Input schemas of every documented route (from the OpenAPI document's zod schemas). */
  readonly routes: readonly FuzzRoute[];
  readonly endpoint: { readonly id: string; readonly secret: string };
  send(request: FuzzRequest): Promise<FuzzResponse>;
  /** GET /healthz answers 200 (the process did not crash or hang). */
  healthy(): Promise<boolean>;
  /** Put back what fuzzed requests may have taken away (the org admin's membership, the API key, the webhook endpoint). */
  restore(): Promise<void>;
  stop(): Promise<void>;
}

/** A documented route with its input schemas as JSON Schema. */
export interface FuzzRoute {
  readonly method: string;
  readonly path: string;
  readonly isPublic: boolean;
  readonly query?: JsonSchema;
  readonly body?: JsonSchema;
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;

/** Start the api with its realtime layer and an ingest worker on emptied test stores, and build the fixtures. */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const stores = await openTestStores();
  await resetStores(stores);
  const api = await startTestApi();
  const worker: IngestWorker = await startIngestWorker({ neo4j: stores.neo4j, knex: stores.db.knex, nats: stores.nats, streamPrefix: config.nats.streamPrefix });
  const url = api.url.replace("localhost", "127.0.0.1");

  async function send(request: FuzzRequest): Promise<FuzzResponse> {
    const res = await fetch(`${url}${request.path}`, { method: request.method.toUpperCase(), headers: request.headers, body: request.body });
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
  }
  async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<any> {
    const res = await send({ method, path: `${V1}${path}`, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`fuzz fixture ${method} ${path}: ${res.status} ${res.text}`);
    return res.text ? JSON.parse(res.text) : undefined;
  }
  async function login(role: Parameters<typeof aUserWithRole>[1], name: string) {
    const user = await aUserWithRole(stores.db.knex, role, [], name);
    const session = await call("post", "/auth/login", undefined, { email: user.email, password: user.password });
    return { ...user, token: session.accessToken as string, refreshToken: session.refreshToken as string };
  }

  const [orgAdmin, other, admin, facilitator, logout] = await Promise.all([login("org_admin", "fuzz-ada"), login("org_admin", "fuzz-bo"), login("admin", "fuzz-root"), login("facilitator", "fuzz-fi"), login("org_member", "fuzz-out")]);
  async function anOrganizationWithFlow(token: string, direction: "offer" | "need") {
    const org = aBusiness();
    await call("post", "/organizations", token, org);
    const site = aSite(org.externalId);
    await call("post", "/sites", token, site);
    const flow = aFlow(site.externalId, { direction, quality: { temperatureC: direction === "offer" ? 70 : 45 } });
    await call("post", "/resource-flows", token, flow);
    return { org: org.externalId, site: site.externalId, flow: flow.externalId };
  }
  const mine = await anOrganizationWithFlow(orgAdmin.token, "offer");
  const theirs = await anOrganizationWithFlow(other.token, "need");
  await addMembership(stores.db.knex, logout.id, mine.org, "org_member");
  const matchId = `match-fuzz-${Date.now()}`;
  await stores.neo4j.executeQuery(
    `CREATE (m:Match {id: $id, supplyFlowId: $s, demandFlowId: $d, supplyOrgId: $so, demandOrgId: $do, offerType: 'waste_heat_low', needType: 'space_heating',
                      score: 0.8, route: 'facilitator', distanceKm: 1.2, annualValueEur: 10000, factors: '{}', economics: '{}', relaxed: false, updatedAt: toString(datetime())})`,
    { id: matchId, s: mine.flow, d: theirs.flow, so: mine.org, do: theirs.org },
  );
  const proposal = await call("post", "/proposals", orgAdmin.token, { externalId: `fuzz-prop-${Date.now()}`, matchId, message: "Heat?" });
  const key = await call("post", `/organizations/${mine.org}/api-keys`, orgAdmin.token, { name: "fuzz", scopes: [...API_KEY_SCOPES] });
  const theirKey = await call("post", `/organizations/${theirs.org}/api-keys`, other.token, { name: "fuzz", scopes: ["flows:read"] });
  const mandate = await call("post", `/organizations/${mine.org}/mandates`, orgAdmin.token, { facilitatorId: facilitator.id, acts: ["interest"] });
  const theirMandate = await call("post", `/organizations/${theirs.org}/mandates`, other.token, { facilitatorId: facilitator.id, acts: ["interest"] });
  const endpoint = await call("post", `/organizations/${mine.org}/webhook-endpoints`, orgAdmin.token, { name: "fuzz meters" });
  const theirEndpoint = await call("post", `/organizations/${theirs.org}/webhook-endpoints`, other.token, { name: "fuzz meters" });
  const upload = await send({ method: "post", path: `${V1}/imports?org=${mine.org}`, headers: { authorization: `Bearer ${orgAdmin.token}`, "content-type": "text/csv" }, body: "Latitude,Longitude,Direction,Resource type,Quantity,Unit\n56.1,10.2,need,steam,8000,MWh/yr\n" });
  const theirUpload = await send({ method: "post", path: `${V1}/imports?org=${theirs.org}`, headers: { authorization: `Bearer ${other.token}`, "content-type": "text/csv" }, body: "Latitude,Longitude,Direction,Resource type,Quantity,Unit\n56.1,10.2,need,steam,8000,MWh/yr\n" });

  const ids = (m: typeof mine, imp: string, keyId: string, mandateId: string, endpointId: string, userId: string) => ({
    "id:organizations": m.org,
    "id:sites": m.site,
    "id:resource-flows": m.flow,
    "id:proposals": proposal.id as string,
    "id:matches": matchId,
    "id:imports": imp,
    matchId,
    keyId,
    mandateId,
    endpointId,
    userId,
  });
  const own = ids(mine, JSON.parse(upload.text).id, key.id, mandate.id, endpoint.id, orgAdmin.id);
  const foreign = ids(theirs, JSON.parse(theirUpload.text).id, theirKey.id, theirMandate.id, theirEndpoint.id, other.id);

  const routes: FuzzRoute[] = describeRoutes(api.config).routes.map((r) => ({
    method: r.method,
    path: r.path,
    isPublic: "public" in r.policy,
    ...(r.query ? { query: json(r.query) } : {}),
    ...(r.body ? { body: json(r.body) } : {}),
  }));

  return {
    url,
    stores,
    callers: { admin: admin.token, facilitator: facilitator.token, orgAdmin: orgAdmin.token, logout: logout.token, apiKey: key.key, refreshToken: orgAdmin.refreshToken, email: orgAdmin.email, facilitatorId: facilitator.id },
    own,
    foreign,
    routes,
    endpoint: { id: endpoint.id, secret: endpoint.secret },
    send,
    async healthy() {
      try {
        return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status === 200;
      } catch {
        return false;
      }
    },
    async restore() {
      // The fuzzed DELETE routes revoke the fixtures' key and endpoint with real ids; the later boundaries need them.
      await addMembership(stores.db.knex, orgAdmin.id, mine.org, "org_admin");
      await stores.db.knex("api_keys").where({ id: key.id }).update({ revoked_at: null });
      await stores.db.knex("webhook_endpoints").where({ id: endpoint.id }).update({ revoked_at: null });
    },
    async stop() {
      await worker.stop();
      await api.stop();
      await stores.close();
    },
  };
}

/** Run `inputs` through `each`, `concurrency` at a time, checking health after every batch. */
export async function inBatches<T>(target: FuzzTarget, tally: Tally, inputs: readonly T[], each: (input: T) => Promise<void>, concurrency = 8, batch = 250): Promise<void> {
  for (let start = 0; start < inputs.length; start += batch) {
    const slice = inputs.slice(start, start + batch);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, slice.length) }, async () => {
        while (next < slice.length) {
          const input = slice[next++]!;
          try {
            await each(input);
          } catch (error) {
            // undici says only "fetch failed"; the cause (ECONNRESET, other side closed…) tells what the server did.
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            tally.broken("(client)", `request failed: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`, input);
          }
        }
      }),
    );
    if (!(await target.healthy())) tally.broken("GET /healthz", "the api did not answer 200 after a batch (crashed or hung)", { batchStart: start });
    await target.restore();
  }
}
