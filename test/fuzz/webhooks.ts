/**
 * Boundary 3: the signed webhooks (readings and imports). Deliveries signed as the server
 * verifies them (HMAC-SHA256 over "<t>.<raw body>" with the endpoint's secret, see
 * platform/webhook-signature.ts) with generated bodies, and deliveries signed wrongly:
 * another secret, a tampered body, a stale or future timestamp, a malformed header,
 * an unknown or foreign endpoint, no headers, a replayed delivery id.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { signWebhook } from "../../platform/webhook-signature.ts";
import { fromSchema, hostileString, mutated, rawBodies, type RawBody } from "./generators.ts";
import { inBatches, Tally, V1, type FuzzTarget } from "./target.ts";

type Signing = "valid" | "replay" | "other-secret" | "tampered" | "stale" | "future" | "malformed" | "two-v1" | "unsigned" | "unknown-endpoint" | "foreign-endpoint" | "bad-delivery";

interface WebhookInput {
  readonly path: "/webhooks/readings" | "/webhooks/imports";
  readonly body: RawBody;
  readonly signing: Signing;
  readonly hostile: string;
  readonly omit: readonly string[];
}

function bodies(target: FuzzTarget, path: WebhookInput["path"]): fc.Arbitrary<RawBody> {
  const schema = target.routes.find((r) => r.path === path)?.body;
  const site = target.own["id:sites"]!;
  const flow = target.own["id:resource-flows"]!;
  const reading = fc.record({ siteId: fc.constantFrom(site, site, target.foreign["id:sites"]!), flowId: fc.constant(flow), at: fc.constant(new Date().toISOString()), value: fc.integer({ min: 0, max: 1_000_000 }), unit: fc.constantFrom("MWh", "kW", "t"), periodSeconds: fc.integer({ min: 60, max: 86_400 }) });
  const row = fc.record({ Latitude: fc.double({ min: 54.6, max: 57.5, noNaN: true }), Longitude: fc.double({ min: 8.1, max: 12.5, noNaN: true }), Direction: fc.constantFrom("offer", "need"), "Resource type": fc.constantFrom("steam", "waste_heat_low"), Quantity: fc.integer({ min: 1, max: 9000 }), Unit: fc.constant("MWh/yr") });
  const valid = path === "/webhooks/readings" ? fc.record({ readings: fc.array(reading, { minLength: 1, maxLength: 3 }) }) : fc.record({ rows: fc.array(row, { minLength: 1, maxLength: 3 }) });
  // Some deliveries exactly as a partner sends them, so signing is also fuzzed with bodies the route accepts.
  const asSent = valid.map((v): RawBody => ({ text: JSON.stringify(v), contentType: "application/json" }));
  return fc.oneof({ weight: 1, arbitrary: asSent }, { weight: 3, arbitrary: rawBodies(mutated(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: schema ? fromSchema(schema) : valid }))) });
}

const SIGNINGS: readonly Signing[] = ["valid", "valid", "valid", "valid", "replay", "other-secret", "tampered", "stale", "future", "malformed", "two-v1", "unsigned", "unknown-endpoint", "foreign-endpoint", "bad-delivery"];

function inputsOf(target: FuzzTarget): fc.Arbitrary<WebhookInput> {
  return fc.constantFrom<WebhookInput["path"]>("/webhooks/readings", "/webhooks/imports").chain((path) =>
    fc.record({
      path: fc.constant(path),
      body: bodies(target, path),
      signing: fc.constantFrom(...SIGNINGS),
      hostile: hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 8000),
      omit: fc.subarray(["Turash-Webhook-Id", "Turash-Signature", "Turash-Delivery"], { minLength: 1 }),
    }),
  );
}

/** The headers of a delivery of `raw` as `input.signing` says. */
function headersOf(target: FuzzTarget, input: WebhookInput, raw: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const { id, secret } = target.endpoint;
  const headers: Record<string, string> = { "Turash-Webhook-Id": id, "Turash-Signature": signWebhook(secret, raw, now), "Turash-Delivery": randomUUID() };
  if (input.body.contentType !== undefined) headers["content-type"] = input.body.contentType;
  switch (input.signing) {
    case "other-secret":
      headers["Turash-Signature"] = signWebhook("whsec_not-the-secret", raw, now);
      break;
    case "tampered":
      headers["Turash-Signature"] = signWebhook(secret, `${raw} `, now);
      break;
    case "stale":
      headers["Turash-Signature"] = signWebhook(secret, raw, now - 3600);
      break;
    case "future":
      headers["Turash-Signature"] = signWebhook(secret, raw, now + 3600);
      break;
    case "malformed":
      headers["Turash-Signature"] = input.hostile;
      break;
    case "two-v1":
      headers["Turash-Signature"] = `${signWebhook(secret, raw, now)},v1=${input.hostile},t=${now}`;
      break;
    case "unsigned":
      for (const name of input.omit) delete headers[name];
      break;
    case "unknown-endpoint":
      headers["Turash-Webhook-Id"] = input.hostile || randomUUID();
      break;
    case "foreign-endpoint":
      headers["Turash-Webhook-Id"] = target.foreign.endpointId!;
      break;
    case "bad-delivery":
      headers["Turash-Delivery"] = input.hostile;
      break;
  }
  return headers;
}

/** Send `runs` generated deliveries; a replay is the same delivery sent twice (the second must be refused, never a 5xx). */
export async function fuzzWebhooks(target: FuzzTarget, seed: number, runs: number): Promise<Tally> {
  const tally = new Tally("webhooks");
  await inBatches(target, tally, fc.sample(inputsOf(target), { seed, numRuns: runs }), async (input) => {
    const raw = input.body.text ?? "";
    const headers = headersOf(target, input, raw);
    const request = { method: "post", path: `${V1}${input.path}`, headers, body: input.body.text };
    const route = `POST ${input.path}`;
    const first = await target.send(request);
    tally.record(route, first, { ...request, signing: input.signing, body: raw.slice(0, 2000) });
    if (input.signing === "replay") {
      const again = await target.send(request);
      tally.record(route, again, { ...request, signing: "replayed", body: raw.slice(0, 2000) });
      if (first.status === 202 && again.status !== 409) tally.broken(route, `a replayed accepted delivery got ${again.status}, not 409`, request, again.text);
    }
    if (first.status === 202 && !["valid", "replay", "bad-delivery"].includes(input.signing)) tally.broken(route, `a delivery signed "${input.signing}" was accepted`, request, first.text);
  });
  return tally;
}
