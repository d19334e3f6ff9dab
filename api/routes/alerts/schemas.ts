/** Request bodies and queries of the alert routes. */
import { z } from "zod";
import { text } from "../../../domain/schemas/common.ts";
import { ALERT_CHANNELS, ALERT_COMPARISONS, ALERT_METRICS, ALERT_STAGES, ALERT_WINDOWS } from "../../../projections/carbon/alert-rule.ts";

const list = (values: readonly (string | number)[]) => values.join(", ");

// Outgoing requests go to the public internet only over TLS: the URL is checked here, where
// its owner can be told, rather than failing at the first firing.
const WebhookUrl = z
  .url({ protocol: /^https$/, error: "must be an https:// URL" })
  .max(2_000, { error: "must be at most 2000 characters" });

/** Body of `POST /organizations/{id}/alerts` and `PUT …/alerts/{alertId}`. */
export const AlertBody = z
  .strictObject({
    name: text(200),
    metric: z.enum(ALERT_METRICS, { error: `must be one of ${list(ALERT_METRICS)}` }),
    stage: z.enum(ALERT_STAGES, { error: `must be one of ${list(ALERT_STAGES)}` }),
    windowDays: z.union(ALERT_WINDOWS.map((d) => z.literal(d)), { error: `must be one of ${list(ALERT_WINDOWS)} (days ending today)` }),
    comparison: z.enum(ALERT_COMPARISONS, { error: `must be one of ${list(ALERT_COMPARISONS)}` }),
    threshold: z.number({ error: "must be a number (in the metric's unit)" }).min(-1e12, { error: "must be at least -1e12" }).max(1e12, { error: "must be at most 1e12" }),
    channel: z.enum(ALERT_CHANNELS, { error: `must be one of ${list(ALERT_CHANNELS)}` }),
    webhookUrl: WebhookUrl.optional(),
    webhookEndpointId: z.uuid({ error: "must be a webhook endpoint id (uuid) of the organization" }).max(36).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.channel === "webhook") {
      if (b.webhookUrl === undefined) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "is required for a webhook alert" });
      if (b.webhookEndpointId === undefined) ctx.addIssue({ code: "custom", path: ["webhookEndpointId"], message: "is required for a webhook alert: its secret signs the deliveries" });
    } else {
      for (const field of ["webhookUrl", "webhookEndpointId"] as const) if (b[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "is only for a webhook alert" });
    }
  });
export type AlertBodyInput = z.output<typeof AlertBody>;

/** Query of `GET /organizations/{id}/alert-firings`. */
export const FiringsQuery = z.strictObject({
  alertId: z.uuid({ error: "must be an alert id (uuid)" }).max(36).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1, { error: "must be 1..500" }).max(500, { error: "must be 1..500" }).default(100),
});
