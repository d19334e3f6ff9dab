/** Request bodies and queries of the alert routes. */
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { text } from "../../../domain/schemas/common.ts";
import { ALERT_CHANNELS, ALERT_COMPARISONS, ALERT_METRICS, ALERT_STAGES, ALERT_WINDOWS } from "../../../projections/carbon/alert-rule.ts";

const list = (values: readonly (string | number)[]) => values.join(", ");

// Addresses an outgoing webhook must not reach: this host, private networks, link-local
// (cloud metadata) and carrier-grade NAT — the api's own neighbourhood, not a receiver's.
const INTERNAL = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16]] as const) INTERNAL.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]] as const) INTERNAL.addSubnet(net, bits, "ipv6");

/** Is this URL's host a name or address inside the api's own network? */
export function isInternalHost(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const family = isIP(host);
  if (family !== 0) return INTERNAL.check(host, family === 4 ? "ipv4" : "ipv6");
  return host === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || !host.includes(".");
}

// Outgoing requests go to the public internet only over TLS: the URL is checked here, where
// its owner can be told, rather than failing at the first firing. (A public name that
// resolves to an internal address is not caught here: see README, threshold alerts.)
const WebhookUrl = z
  .url({ protocol: /^https$/, error: "must be an https:// URL" })
  .max(2_000, { error: "must be at most 2000 characters" })
  .refine((u) => !isInternalHost(u), { error: "must be a public host, not localhost or a private address" });

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
