/**
 * Partner push: webhook endpoints (the secrets partners sign with) and the signed
 * readings webhook, which puts each reading on `<P>.flows.readings.<siteId>` for the
 * readings worker — the same subject partners with NATS access publish to directly.
 *
 * This router is mounted ahead of the api's JSON parser and authentication (api/app.ts)
 * because the signed route must see the body's raw bytes; the endpoint-management routes
 * therefore get the same JSON parser and authentication here, scoped to their path.
 */
import { Router } from "express";
import { z } from "zod";
import { errors } from "../../../domain/errors.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import type { Site } from "../../../domain/schemas/site.ts";
import { readEntities } from "../../../graph/entity-store.ts";
import { resolveNodeRef } from "../../../graph/node-refs.ts";
import { publishReading } from "../../../ingest/readings/publish.ts";
import { createWebhookEndpoint, findActiveWebhookEndpoint, listWebhookEndpoints, revokeWebhookEndpoint } from "../../../ledgers/webhook-endpoints.ts";
import { authenticate } from "../../auth/authenticate.ts";
import { canAdministerOrg } from "../../auth/principal.ts";
import { getOrganization } from "../../commands/organizations.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { MAX_LISTED } from "../../http/wire.ts";
import { signedWebhook, WEBHOOK_HEADERS, type SignedWebhookOptions } from "../../http/signed-webhook.ts";
import { jsonBody } from "../../http/json-body.ts";
import { requestBudget } from "../../http/request-budget.ts";
import { CreatedWebhookEndpointView, presentEndpoint, ReadingsAcceptedView, WebhookEndpointView } from "./presenter.ts";
import { ImportDeliveryBody, ReadingsDeliveryBody, WebhookEndpointCreateBody } from "./schemas.ts";
import { MAX_JSON_BYTES, recordsOf } from "../../../ingest/imports/sources.ts";
import { startDeliveredImport } from "../../commands/imports.ts";
import { ImportJobView, presentImport } from "../imports/presenter.ts";

const ENDPOINTS_PATH = "/organizations/:id/webhook-endpoints";
const READINGS_PATH = "/webhooks/readings";
const IMPORTS_PATH = "/webhooks/imports";
const IdParams = z.object({ id: ExternalId });
const ADMINS = ["admin", "org_admin"] as const;

/** Webhook routes: endpoint management and the signed readings webhook. */
export function webhookRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const prefix = ctx.config.nats.streamPrefix;

  // Same parser settings and authentication as the rest of the api (api/app.ts).
  const budget = requestBudget(ctx.redis, ctx.config.limits.requests);
  router.use(ENDPOINTS_PATH, jsonBody(ctx.config.limits.jsonBodyBytes), authenticate(ctx.knex, ctx.config.auth.jwtSecret), budget);
  const signing: SignedWebhookOptions = {
    redis: ctx.redis,
    limitBytes: ctx.config.limits.jsonBodyBytes,
    resolveEndpoint: async (id: string) => {
      const found = await findActiveWebhookEndpoint(ctx.knex, ctx.config.secrets.webhookKeys, id);
      if (found === "unreadable") {
        // Answered like an unknown endpoint; the operator learns why (a key left the ring too early).
        ctx.logger.error({ endpointId: id }, "no WEBHOOK_SECRET_KEY (current or previous) opens this endpoint's secret; run npm run secrets:reseal with the former key in WEBHOOK_SECRET_KEY_PREVIOUS");
        return undefined;
      }
      return found && { orgId: found.endpoint.orgId, secret: found.secret };
    },
  };
  const signed = signedWebhook(signing);
  // Deliveries carry no credentials: they spend their client address's budget before any work.
  router.post(READINGS_PATH, budget, ...signed);
  // An import delivery is JSON read whole (to check its signature): bound by IMPORT_MAX_BYTES, at most MAX_JSON_BYTES.
  const importLimit = Math.min(ctx.config.limits.imports.maxBytes, MAX_JSON_BYTES);
  router.post(IMPORTS_PATH, budget, ...signedWebhook({ ...signing, limitBytes: importLimit, tooLarge: () => errors.importTooLarge(importLimit) }));

  defineRoute(router, registry, {
    method: "post",
    path: ENDPOINTS_PATH,
    tag: "webhooks",
    summary: "Create a webhook endpoint for a partner system; its signing secret is shown once and stored encrypted",
    description: "An organization's administrator registers the partner system that will push readings or imports to `/webhooks/*`. The answer carries the signing secret once; store it in the partner system, since Turash keeps it only encrypted and never shows it again. Sign each delivery as described by the `webhookSignature` security scheme.",
    policy: { roles: ADMINS },
    params: IdParams,
    body: WebhookEndpointCreateBody,
    responses: { 201: { description: "created; `secret` is shown only now", schema: CreatedWebhookEndpointView }, 403: { description: "not an administrator of the organization" }, 404: { description: "no such organization" } },
    handler: async ({ principal, params, body }) => {
      await getOrganization(ctx, principal, params.id);
      if (!canAdministerOrg(principal, params.id)) throw errors.forbidden("Only the organization's administrators may create webhook endpoints.");
      const { endpoint, secret } = await createWebhookEndpoint(ctx.knex, ctx.config.secrets.webhookKeys, { orgId: params.id, name: body.name, createdBy: principal.kind === "user" ? principal.id : null });
      return { status: 201, body: { ...presentEndpoint(endpoint), secret } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: ENDPOINTS_PATH,
    tag: "webhooks",
    summary: "The organization's webhook endpoints (never their secrets), newest first",
    description: "Lists the organization's webhook endpoints, revoked ones included with `revokedAt`, newest first. Secrets are never returned; a lost secret means creating a new endpoint and revoking the old one.",
    policy: { roles: ADMINS },
    params: IdParams,
    responses: { 200: { description: "endpoints", schema: z.object({ items: z.array(WebhookEndpointView).max(MAX_LISTED) }) }, 403: { description: "not an administrator of the organization" }, 404: { description: "no such organization" } },
    handler: async ({ principal, params }) => {
      await getOrganization(ctx, principal, params.id);
      if (!canAdministerOrg(principal, params.id)) throw errors.forbidden("Only the organization's administrators may list webhook endpoints.");
      return { status: 200, body: { items: (await listWebhookEndpoints(ctx.knex, params.id)).slice(0, MAX_LISTED).map(presentEndpoint) } };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: `${ENDPOINTS_PATH}/:endpointId`,
    tag: "webhooks",
    summary: "Revoke a webhook endpoint; deliveries signed for it are refused at once",
    description: "Revokes the endpoint at once: any delivery signed with its secret is refused from now on, including retries already in flight. A revoked or foreign endpoint answers 404.",
    policy: { roles: ADMINS },
    params: IdParams.extend({ endpointId: z.uuid({ error: "must be an endpoint id (uuid)" }).max(36) }),
    responses: { 204: { description: "revoked" }, 403: { description: "not an administrator of the organization" }, 404: { description: "no such active endpoint of this organization" } },
    handler: async ({ principal, params }) => {
      await getOrganization(ctx, principal, params.id);
      if (!canAdministerOrg(principal, params.id)) throw errors.forbidden("Only the organization's administrators may revoke webhook endpoints.");
      if (!(await revokeWebhookEndpoint(ctx.knex, params.id, params.endpointId))) throw errors.notFound("webhook endpoint", params.endpointId);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: READINGS_PATH,
    tag: "webhooks",
    summary: "Deliver meter readings, signed with a webhook endpoint's secret; each is queued for the readings worker",
    description:
      'No credentials: the body is signed. `Turash-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, ' +
      "`Turash-Webhook-Id: <endpoint id>`, `Turash-Delivery: <unique id>`. A timestamp more than 5 minutes off is refused, and so is a " +
      "delivery id already accepted (409). Each reading goes to `<P>.flows.readings.<siteId>`; sites must be the endpoint's organization's.",
    policy: { public: true },
    signedWebhook: true,
    body: ReadingsDeliveryBody,
    headers: [
      { name: WEBHOOK_HEADERS.endpoint, description: "the webhook endpoint's id", required: true },
      { name: WEBHOOK_HEADERS.signature, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', required: true },
      { name: WEBHOOK_HEADERS.delivery, description: "a unique id per delivery (reuse is a replay)", required: true },
    ],
    responses: {
      202: { description: "queued; counts of accepted and refused readings", schema: ReadingsAcceptedView },
      400: { description: "the body is not valid JSON or a reading is malformed (the field is named)" },
      401: { description: "a header is missing, the signature is malformed or does not match, the timestamp is stale, or the endpoint is unknown or revoked (the code says which)" },
      409: { description: "this delivery id was already accepted (WEBHOOK_REPLAYED)" },
    },
    handler: async ({ body, req }) => {
      const hook = req.webhook;
      if (!hook) throw errors.unauthenticated("This route needs a signed delivery.");
      const refs = [...new Set(body.readings.map((r) => r.siteId))];
      const nodeIds = new Map(await Promise.all(refs.map(async (ref) => [ref, await resolveNodeRef(ctx.neo4j, "Site", ref, [hook.orgId])] as const)));
      const sites = await readEntities<Site>(ctx.neo4j, "Site", [...nodeIds.values()]);
      const rejected: { index: number; field: string; message: string }[] = [];
      const accepted: typeof body.readings = [];
      body.readings.forEach((reading, index) => {
        const siteId = nodeIds.get(reading.siteId)!;
        // Someone else's site reads as no site at all: existence is private too.
        if (sites.get(siteId)?.orgId === hook.orgId) accepted.push({ ...reading, siteId });
        else rejected.push({ index, field: `readings.${index}.siteId`, message: `"${reading.siteId}" is not a site of organization "${hook.orgId}"` });
      });
      await Promise.all(accepted.map(({ siteId, ...reading }) => publishReading(ctx.publisher, prefix, siteId, { ...reading, source: `webhook:${hook.endpointId}` })));
      return { status: 202, body: { deliveryId: hook.deliveryId, accepted: accepted.length, rejected } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: IMPORTS_PATH,
    tag: "webhooks",
    summary: "Deliver rows of sites and flows, signed with a webhook endpoint's secret; they become an import job of the endpoint's organization",
    description:
      "Signed like /webhooks/readings. The rows carry import fields (see the README's header mapping) and are the endpoint's organization's own sites and flows; " +
      "they go through the import pipeline and are reported like a file (GET /imports/{id} by the organization's members).",
    policy: { public: true },
    signedWebhook: true,
    body: ImportDeliveryBody,
    headers: [
      { name: WEBHOOK_HEADERS.endpoint, description: "the webhook endpoint's id", required: true },
      { name: WEBHOOK_HEADERS.signature, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', required: true },
      { name: WEBHOOK_HEADERS.delivery, description: "a unique id per delivery (reuse is a replay)", required: true },
    ],
    responses: {
      202: { description: "queued as an import job", schema: ImportJobView },
      400: { description: "the body is not valid JSON, or the rows lack essential fields (named)" },
      401: { description: "a header is missing, the signature is malformed or does not match, the timestamp is stale, or the endpoint is unknown or revoked" },
      409: { description: "this delivery id was already accepted (WEBHOOK_REPLAYED)" },
      413: { description: "the delivery is larger than IMPORT_MAX_BYTES (at most 64 MiB); nothing was imported" },
    },
    handler: async ({ body, req }) => {
      const hook = req.webhook;
      if (!hook) throw errors.unauthenticated("This route needs a signed delivery.");
      const job = await startDeliveredImport(ctx, hook, toAsync(recordsOf(body)));
      return { status: 202, body: presentImport(job), headers: { Location: `/api/v1/imports/${job.id}` } };
    },
  });

  return router;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
