/**
 * Threshold alerts over an organization's carbon rollups: defining them (org_admin),
 * reading them and their firings (members, admins, facilitators), acknowledging a firing
 * (members). Thin: validate → authorize (in the command) → present. The rollup worker
 * evaluates them (projections/carbon/alert-evaluator.ts).
 */
import { Router } from "express";
import { z } from "zod";
import { ExternalId } from "../../../domain/schemas/common.ts";
import type { AlertFields } from "../../../ledgers/alerts.ts";
import { acknowledge, createAlert, getAlert, listAlerts, listFirings, removeAlert, replaceAlert } from "../../commands/alerts.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { MAX_LISTED } from "../../http/wire.ts";
import { AlertFiringView, AlertView, presentAlert, presentFiring } from "./presenter.ts";
import { AlertBody, FiringsQuery, type AlertBodyInput } from "./schemas.ts";

const READERS = ["admin", "facilitator", "org_admin", "org_member"] as const;
const MEMBERS = ["org_admin", "org_member"] as const;
const PATH = "/organizations/:id/alerts";
const OrgParams = z.object({ id: ExternalId });
const AlertParams = OrgParams.extend({ alertId: z.uuid({ error: "must be an alert id (uuid)" }).max(36) });
const FiringParams = OrgParams.extend({ firingId: z.uuid({ error: "must be a firing id (uuid)" }).max(36) });
const NOT_FOUND = { description: "no such organization (or not yours)" };
const FORBIDDEN = { description: "not an administrator of the organization" };

const fieldsOf = (b: AlertBodyInput): AlertFields => ({ ...b, webhookUrl: b.webhookUrl ?? null, webhookEndpointId: b.webhookEndpointId ?? null });

const DESCRIPTION =
  "An alert watches one figure of the organization's carbon rollups — a metric (`co2_avoided_t`, `energy_mwh`…) of one stage (potential, in progress, realised) summed over the last `windowDays` days — and fires when it is above or below `threshold`. It is evaluated after each rollup write and fires at most once a day. `in_app` sends `alert:fired` to the organization's sockets; `webhook` POSTs the same JSON to `webhookUrl`, signed with the named webhook endpoint's secret (`Turash-Signature`, as partners sign deliveries to us; `Turash-Delivery` is the firing id).";

/** Alert routes. */
export function alertRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: PATH,
    tag: "alerts",
    summary: "Define a threshold alert over the organization's carbon figures (org_admin; audited)",
    description: DESCRIPTION,
    policy: { roles: ["org_admin"] },
    params: OrgParams,
    body: AlertBody,
    responses: { 201: { description: "defined", schema: AlertView }, 403: FORBIDDEN, 404: { description: "no such organization (or not yours), or webhook endpoint of it" } },
    handler: async ({ principal, params, body }) => ({ status: 201, body: presentAlert(await createAlert(ctx, principal, params.id, fieldsOf(body))) }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: PATH,
    tag: "alerts",
    summary: "The organization's alerts, oldest first",
    description: "The organization's threshold alerts over its carbon figures (metric, threshold, window, channel: in-app or a signed webhook), oldest first.",
    policy: { roles: READERS },
    params: OrgParams,
    responses: { 200: { description: "alerts", schema: z.object({ items: z.array(AlertView).max(MAX_LISTED) }) }, 404: NOT_FOUND },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: (await listAlerts(ctx, principal, params.id)).slice(0, MAX_LISTED).map(presentAlert) } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: `${PATH}/:alertId`,
    tag: "alerts",
    summary: "One alert of the organization",
    description: "One alert of the organization with its threshold, channel and last firing. A foreign or missing alert answers 404.",
    policy: { roles: READERS },
    params: AlertParams,
    responses: { 200: { description: "the alert", schema: AlertView }, 404: { description: "no such organization (or not yours) or alert" } },
    handler: async ({ principal, params }) => ({ status: 200, body: presentAlert(await getAlert(ctx, principal, params.id, params.alertId)) }),
  });

  defineRoute(router, registry, {
    method: "put",
    path: `${PATH}/:alertId`,
    tag: "alerts",
    summary: "Replace what an alert says (org_admin; audited with the previous version)",
    description: "Firings already stored keep the threshold they fired at.",
    policy: { roles: ["org_admin"] },
    params: AlertParams,
    body: AlertBody,
    responses: { 200: { description: "replaced", schema: AlertView }, 403: FORBIDDEN, 404: { description: "no such organization (or not yours), alert or webhook endpoint" } },
    handler: async ({ principal, params, body }) => ({ status: 200, body: presentAlert(await replaceAlert(ctx, principal, params.id, params.alertId, fieldsOf(body))) }),
  });

  defineRoute(router, registry, {
    method: "delete",
    path: `${PATH}/:alertId`,
    tag: "alerts",
    summary: "Delete an alert and its firings (org_admin; audited)",
    description: "Deletes the alert and its firings. Only the organization's administrators may; the deletion is audited.",
    policy: { roles: ["org_admin"] },
    params: AlertParams,
    responses: { 204: { description: "deleted" }, 403: FORBIDDEN, 404: { description: "no such organization (or not yours) or alert" } },
    handler: async ({ principal, params }) => {
      await removeAlert(ctx, principal, params.id, params.alertId);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/alert-firings",
    tag: "alerts",
    summary: "The organization's alert firings, newest first (of one alert with `alertId`)",
    description: "When the organization's alerts fired, newest first, with the value that crossed the threshold and who acknowledged it; `alertId` narrows to one alert.",
    policy: { roles: READERS },
    params: OrgParams,
    query: FiringsQuery,
    responses: { 200: { description: "firings", schema: z.object({ items: z.array(AlertFiringView).max(500) }) }, 404: NOT_FOUND },
    handler: async ({ principal, params, query }) => ({ status: 200, body: { items: (await listFirings(ctx, principal, params.id, query)).map(presentFiring) } }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/organizations/:id/alert-firings/:firingId/acknowledgement",
    tag: "alerts",
    summary: "Acknowledge a firing (a member of the organization; audited); a second acknowledgement keeps the first's who and when",
    description: "A member acknowledges a firing. A second acknowledgement changes nothing and answers the first one's who and when. Audited.",
    policy: { roles: MEMBERS },
    params: FiringParams,
    responses: { 200: { description: "acknowledged", schema: AlertFiringView }, 403: { description: "not a member of the organization" }, 404: { description: "no such organization (or not yours) or firing" } },
    handler: async ({ principal, params }) => ({ status: 200, body: presentFiring(await acknowledge(ctx, principal, params.id, params.firingId)) }),
  });

  return router;
}
