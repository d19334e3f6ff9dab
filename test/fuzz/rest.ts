/**
 * Boundary 1: every documented REST route's path parameters, query and body, as each kind
 * of caller. Routes come from the route registry, so a route added later is fuzzed too.
 */
import fc from "fast-check";
import { DOMAIN_HINTS, fromSchema, hostileString, type Hints, mutated, queryStrings, rawBodies, safeEncode, type RawBody } from "./generators.ts";
import { inBatches, Tally, V1, type FuzzRoute, type FuzzTarget } from "./target.ts";

type Caller = "orgAdmin" | "facilitator" | "admin" | "apiKey" | "apiKeyHeader" | "none" | "garbage";
const CALLERS: readonly Caller[] = ["orgAdmin", "orgAdmin", "facilitator", "admin", "apiKey", "apiKeyHeader", "none", "garbage"];

interface RestInput {
  readonly route: FuzzRoute;
  readonly caller: Caller;
  readonly path: string;
  readonly query: string;
  readonly body: RawBody;
  readonly ifMatch?: string;
  readonly garbage: string;
}

/** A path parameter: the caller's real id, another organization's, or a generated string. */
function paramArbitrary(target: FuzzTarget, route: FuzzRoute, name: string): fc.Arbitrary<string> {
  const key = name === "id" ? `id:${route.path.split("/")[1]}` : name;
  const own = target.own[key];
  const foreign = target.foreign[key];
  return fc.oneof(
    { weight: 4, arbitrary: own ? fc.constant(own) : hostileString },
    { weight: 2, arbitrary: foreign ? fc.constant(foreign) : hostileString },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0) },
  );
}

/** Real ids where a body names a record, so valid bodies reach the lookups and writes behind validation. */
function hintsOf(target: FuzzTarget): Hints {
  const either = (key: string) => fc.constantFrom(target.own[key]!, target.own[key]!, target.foreign[key]!);
  return { ...DOMAIN_HINTS, siteId: either("id:sites"), flowId: either("id:resource-flows"), matchId: either("id:matches"), businessId: either("id:organizations"), orgId: either("id:organizations"), facilitatorId: fc.constant(target.callers.facilitatorId) };
}

function inputsFor(target: FuzzTarget, route: FuzzRoute): fc.Arbitrary<RestInput> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map((n) => paramArbitrary(target, route, n)));
  const body: fc.Arbitrary<RawBody> = route.body ? rawBodies(mutated(fromSchema(route.body, hintsOf(target)))) : fc.oneof({ weight: 4, arbitrary: fc.constant<RawBody>({}) }, { weight: 1, arbitrary: rawBodies(fc.jsonValue({ maxDepth: 2 })) });
  return fc.record({
    route: fc.constant(route),
    caller: fc.constantFrom(...CALLERS),
    path: params.map((values) => {
      let i = 0;
      return route.path.replace(/:(\w+)/g, () => safeEncode(values[i++]!));
    }),
    query: queryStrings(route.query),
    body,
    ifMatch: fc.option(fc.oneof(fc.constantFrom('"1"', "1", "W/\"1\"", "*", '"-1"', '"1e308"', '"abc"'), hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s))), { nil: undefined, freq: 4 }),
    garbage: fc.oneof(fc.constantFrom("Bearer", "Bearer ", "Bearer x.y.z", "ApiKey ", "ApiKey tk_nope", "Basic YTpi", "eyJhbGciOiJub25lIn0.e30."), hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s)).map((s) => `Bearer ${s}`)),
  });
}

function headersOf(target: FuzzTarget, input: RestInput): Record<string, string> {
  const headers: Record<string, string> = {};
  const { callers } = target;
  const token = input.route.path === "/auth/logout" && input.caller === "orgAdmin" ? callers.logout : callers[input.caller as "orgAdmin" | "facilitator" | "admin"];
  if (input.caller === "apiKey") headers.authorization = `ApiKey ${callers.apiKey}`;
  else if (input.caller === "apiKeyHeader") headers["x-api-key"] = callers.apiKey;
  else if (input.caller === "garbage") headers.authorization = input.garbage;
  else if (input.caller !== "none") headers.authorization = `Bearer ${token}`;
  if (input.body.contentType !== undefined && input.body.text !== undefined) headers["content-type"] = input.body.contentType;
  if (input.ifMatch !== undefined) headers["if-match"] = input.ifMatch;
  return headers;
}

/** Send `runs` generated requests spread over every route; count statuses per route. */
export async function fuzzRest(target: FuzzTarget, seed: number, runs: number): Promise<Tally> {
  const tally = new Tally("rest");
  // The signed webhooks and the streaming upload have boundaries of their own.
  const routes = target.routes.filter((r) => !r.path.startsWith("/webhooks/") && !(r.method === "post" && r.path === "/imports"));
  const perRoute = Math.ceil(runs / routes.length);
  const inputs = routes.flatMap((route, i) => fc.sample(inputsFor(target, route), { seed: seed + i, numRuns: perRoute }));
  // Interleave the routes so a destructive call (DELETE of a fixture) does not starve one route of real ids.
  const order = fc.sample(fc.shuffledSubarray(inputs.map((_, i) => i), { minLength: inputs.length, maxLength: inputs.length }), { seed, numRuns: 1 })[0]!;
  await inBatches(target, tally, order.map((i) => inputs[i]!), async (input) => {
    // fetch sends no body with a GET.
    const body = input.route.method === "get" ? undefined : input.body.text;
    const request = { method: input.route.method, path: `${V1}${input.path}${input.query ? `?${input.query}` : ""}`, headers: headersOf(target, input), body };
    const res = await target.send(request);
    tally.record(`${input.route.method.toUpperCase()} ${input.route.path}`, res, { ...request, headers: { ...request.headers, authorization: input.caller }, body: request.body?.slice(0, 2000) });
  });
  return tally;
}
