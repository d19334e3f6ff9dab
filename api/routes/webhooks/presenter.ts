/** How webhook endpoints and readings deliveries leave the API. */
import { z } from "zod";
import type { WebhookEndpoint } from "../../../ledgers/webhook-endpoints.ts";

export const WebhookEndpointView = z.object({
  id: z.uuid(),
  orgId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

/** The creation answer: the only time the secret is shown. */
export const CreatedWebhookEndpointView = WebhookEndpointView.extend({
  secret: z.string().describe("the signing secret (whsec_…), shown only now; store it in the partner system"),
});

export const ReadingsAcceptedView = z.object({
  deliveryId: z.string(),
  accepted: z.int().describe("readings queued for the readings worker"),
  rejected: z.array(z.object({ index: z.int(), field: z.string(), message: z.string() })).describe("readings refused, e.g. a site not of the endpoint's organization"),
});

/** Present an endpoint (never its secret). */
export function presentEndpoint(e: WebhookEndpoint): z.output<typeof WebhookEndpointView> {
  return { id: e.id, orgId: e.orgId, name: e.name, createdAt: e.createdAt, revokedAt: e.revokedAt };
}
