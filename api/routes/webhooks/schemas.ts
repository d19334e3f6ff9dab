/** Request bodies of the webhook routes. */
import { z } from "zod";
import { FREE_TEXT_PATTERN, MAX_CELL_LENGTH } from "../../../domain/schemas/strings.ts";
import { ExternalId, text } from "../../../domain/schemas/common.ts";
import { checkReadingPeriod, ReadingFields } from "../../../ingest/readings/reading.ts";

/** A readings delivery may carry at most this many readings. */
export const MAX_READINGS_PER_DELIVERY = 1_000;

/** Body of `POST /organizations/{id}/webhook-endpoints`. */
export const WebhookEndpointCreateBody = z.strictObject({
  name: text(100),
});

/** One reading in a delivery: the reading message plus the site it was measured at. */
export const WebhookReading = ReadingFields.extend({ siteId: ExternalId }).strict().superRefine(checkReadingPeriod);

/** Body of `POST /webhooks/readings`. */
export const ReadingsDeliveryBody = z.strictObject({
  readings: z
    .array(WebhookReading)
    .min(1, { error: "must hold at least one reading" })
    .max(MAX_READINGS_PER_DELIVERY, { error: `must hold at most ${MAX_READINGS_PER_DELIVERY} readings` }),
});

/** A signed import delivery may carry at most this many rows (send files through /imports beyond it). */
export const MAX_ROWS_PER_DELIVERY = 10_000;

/** Body of `POST /webhooks/imports`: rows of import fields, as a file's rows would be. */
export const ImportDeliveryBody = z.strictObject({
  rows: z
    .array(z.record(text(200), z.union([z.string().max(MAX_CELL_LENGTH).meta({ pattern: FREE_TEXT_PATTERN.source, description: "checked row by row against the string rule: a bad cell refuses its row, with line and field" }), z.number(), z.boolean(), z.null()]), { error: "must be an object of import fields" }))
    .min(1, { error: "must hold at least one row" })
    .max(MAX_ROWS_PER_DELIVERY, { error: `must hold at most ${MAX_ROWS_PER_DELIVERY} rows` }),
});
