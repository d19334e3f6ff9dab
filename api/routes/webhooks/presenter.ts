/** How webhook endpoints and readings deliveries leave the API. */
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { MAX_READINGS_PER_DELIVERY } from "./schemas.ts";
import type { WebhookEndpoint } from "../../../ledgers/webhook-endpoints.ts";

export const WebhookEndpointView = z.object({
  id: z.uuid().max(36),
  orgId: wire.id(),
  name: wire.name(),
  createdAt: wire.time(),
  revokedAt: wire.time().nullable(),
});

/** The creation answer: the only time the secret is shown. */
export const CreatedWebhookEndpointView = WebhookEndpointView.extend({
  secret: wire.token().describe("the signing secret (whsec_…), shown only now; store it in the partner system"),
});

export const ReadingsAcceptedView = z.object({
  deliveryId: wire.id(),
  accepted: z.int().describe("readings queued for the readings worker"),
  rejected: z.array(z.object({ index: z.int(), field: wire.code(), message: wire.text() })).max(MAX_READINGS_PER_DELIVERY).describe("readings refused, e.g. a site not of the endpoint's organization"),
});

/** Present an endpoint (never its secret). */
export function presentEndpoint(e: WebhookEndpoint): z.output<typeof WebhookEndpointView> {
  return { id: e.id, orgId: e.orgId, name: e.name, createdAt: e.createdAt, revokedAt: e.revokedAt };
}
