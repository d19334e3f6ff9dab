/** Builders for webhook tests: an endpoint made through the API, and signed deliveries. */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { signWebhook } from "../../platform/webhook-signature.ts";
import type { Actor, HttpResponse, TestApi } from "../helpers/http.ts";
import { V1 } from "../api/fixtures.ts";

/** An endpoint as created: its id and the secret shown once. */
export interface Endpoint {
  readonly id: string;
  readonly secret: string;
}

/** A webhook endpoint of `orgId`, created by one of its administrators. */
export async function anEndpoint(api: TestApi, admin: Actor, orgId: string, name = "ERP meters"): Promise<Endpoint> {
  const res = await api.request("post", `${V1}/organizations/${orgId}/webhook-endpoints`, { token: admin.token, body: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, secret: res.body.secret };
}

/** How to send a delivery; by default correctly signed now, with a fresh delivery id. */
export interface DeliveryOptions {
  readonly timestamp?: number;
  readonly deliveryId?: string;
  /** Replace the signature header's value. */
  readonly signature?: string;
  /** Leave these headers out. */
  readonly omit?: readonly string[];
  /** Which signed webhook (default readings). */
  readonly path?: "/webhooks/readings" | "/webhooks/imports";
}

/** POST a body to a signed webhook (readings by default), signed with the endpoint's secret, exactly as a partner would. */
export async function deliver(api: TestApi, endpoint: Endpoint, body: unknown, options: DeliveryOptions = {}): Promise<HttpResponse> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "Turash-Webhook-Id": endpoint.id,
    "Turash-Signature": options.signature ?? signWebhook(endpoint.secret, raw, timestamp),
    "Turash-Delivery": options.deliveryId ?? randomUUID(),
  };
  for (const name of options.omit ?? []) delete headers[name];
  return api.request("post", `${V1}${options.path ?? "/webhooks/readings"}`, { body: raw, headers });
}
