/** How alerts and their firings leave the API. */
import { z } from "zod";
import type { Alert, AlertFiring } from "../../../ledgers/alerts.ts";
import { wire } from "../../http/wire.ts";

export const AlertView = z.object({
  id: z.uuid().max(36),
  orgId: wire.id(),
  name: wire.name(),
  metric: wire.code(),
  stage: wire.code(),
  windowDays: z.int(),
  comparison: z.enum(["above", "below"]),
  threshold: z.number(),
  channel: z.enum(["in_app", "webhook"]),
  webhookUrl: wire.token().nullable(),
  webhookEndpointId: z.uuid().max(36).nullable(),
  createdBy: wire.id(),
  createdAt: wire.time(),
  updatedBy: wire.id(),
  updatedAt: wire.time(),
});

export const AlertFiringView = z.object({
  id: z.uuid().max(36),
  alertId: z.uuid().max(36),
  evaluatedDay: wire.time().describe("the day (UTC) the alert fired for; it fires at most once a day"),
  windowFrom: wire.time().describe("first day of the summed window (inclusive)"),
  value: z.number().describe("the metric's sum over windowFrom..evaluatedDay"),
  threshold: z.number(),
  comparison: z.enum(["above", "below"]),
  firedAt: wire.time(),
  deliveredAt: wire.time().nullable().describe("webhook alerts: when the receiver answered 2xx"),
  deliveryError: wire.text().nullable().describe("webhook alerts: why the delivery failed"),
  deliveryStatus: z.enum(["pending", "delivered", "failed"]).nullable().describe("webhook alerts: pending (being sent or waiting to retry), delivered, or failed (given up after the last attempt or a refusal); null for in-app alerts"),
  deliveryAttempts: z.number().int().min(0).describe("webhook alerts: delivery attempts made so far"),
  acknowledgedBy: wire.id().nullable(),
  acknowledgedAt: wire.time().nullable(),
});

export const presentAlert = (a: Alert): z.output<typeof AlertView> => ({ ...a });

export const presentFiring = (f: AlertFiring): z.output<typeof AlertFiringView> => ({
  id: f.id,
  alertId: f.alertId,
  evaluatedDay: f.evaluatedDay,
  windowFrom: f.windowFrom,
  value: f.value,
  threshold: f.threshold,
  comparison: f.comparison,
  firedAt: f.firedAt,
  deliveredAt: f.deliveredAt,
  deliveryError: f.deliveryError,
  deliveryStatus: f.deliveryStatus,
  deliveryAttempts: f.deliveryAttempts,
  acknowledgedBy: f.acknowledgedBy,
  acknowledgedAt: f.acknowledgedAt,
});
