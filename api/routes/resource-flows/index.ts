/** Resource flows: create, read, list with filters, update with optimistic concurrency, delete. */
import { Router } from "express";
import { z } from "zod";
import { ExternalId, Version } from "../../../domain/schemas/common.ts";
import { FLOW_DIRECTIONS, ResourceFlowCreateSchema, ResourceFlowUpdateSchema, ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { createFlow, findFlows, getFlow, patchFlow, removeFlow } from "../../commands/sites-and-flows.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { BBox, decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination.ts";
import { etag, ifMatchVersion, withPrecondition } from "../../http/versioning.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { orgIdsOf } from "../../auth/principal.ts";
import { NodeRef } from "../../../domain/node-ref.ts";
import { FlowView, presentFlow } from "./presenter.ts";

const IdParams = z.object({ id: NodeRef });
const WRITERS = ["admin", "org_admin", "org_member", "partner"] as const;
const IF_MATCH = [{ name: "If-Match", description: 'the ETag you saw, e.g. "3"' }];

/** Resource flow routes. */
export function resourceFlowRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/resource-flows",
    tag: "resource-flows",
    summary: "Register what a site offers or needs; the quantity is normalized (MWh/yr + peak kW, t/yr, m³/yr)",
    description: "Units are checked against the resource type: tonnes of heat or kW of fly ash are refused naming `body.quantity.unit`. GET /resource-types lists the accepted units.",
    policy: { roles: WRITERS, scope: "flows:write" },
    body: ResourceFlowCreateSchema,
    example: { externalId: "acme-heat", siteId: "acme-plant", direction: "offer", resourceType: "waste_heat_low", quantity: { value: 2, unit: "MW" }, quality: { temperatureC: 55 }, precision: "measured" },
    responses: { 201: { description: "created", schema: FlowView }, 200: { description: "identical replay", schema: FlowView }, 400: { description: "invalid; the problem names the field" } },
    handler: async ({ principal, body }) => {
      const { created, stored } = await createFlow(ctx, principal, body);
      const view = presentFlow(stored, orgIdsOf(principal));
      return { status: created ? 201 : 200, body: view, headers: { ETag: etag(stored.version), Location: `/api/v1/resource-flows/${encodeURIComponent(view.id)}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/resource-flows",
    tag: "resource-flows",
    summary: "Flows you may see, by cursor; filter by bounding box, resource type, direction, site, organization",
    description: "Flows the caller may see, ordered by id, filtered by `bbox` (west,south,east,north), `resource_type`, `direction` (offer|need), `site` and `org`. Each carries its declared quantity and the normalized one (MWh/yr, t/yr or m³/yr). Page with `cursor`.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    query: z.object({
      ...PageQuery,
      bbox: BBox.optional(),
      resource_type: ResourceTypeIdSchema.optional(),
      direction: z.enum(FLOW_DIRECTIONS, { error: "must be offer or need" }).optional(),
      site: NodeRef.optional(),
      org: ExternalId.optional(),
    }),
    responses: { 200: { description: "a page", schema: pageOf(FlowView) } },
    handler: async ({ principal, query }) => {
      const rows = await findFlows(ctx, principal, {
        after: decodeCursor(query.cursor),
        limit: query.limit,
        bbox: query.bbox,
        resourceType: query.resource_type,
        direction: query.direction,
        siteId: query.site,
        orgId: query.org,
      });
      const page = toPage(rows, query.limit, (r) => r.id);
      return { status: 200, body: { items: page.items.map((s) => presentFlow(s, orgIdsOf(principal))), nextCursor: page.nextCursor } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/resource-flows/:id",
    tag: "resource-flows",
    summary: "One flow",
    description: "One flow with its declared and normalized quantity, quality, availability and version (also the ETag). A flow you may not see answers 404, the same as a missing one.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    params: IdParams,
    responses: { 200: { description: "the flow", schema: FlowView }, 404: { description: "no such flow (or not yours)" } },
    handler: async ({ principal, params }) => {
      const stored = await getFlow(ctx, principal, params.id);
      return { status: 200, body: presentFlow(stored, orgIdsOf(principal)), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "patch",
    path: "/resource-flows/:id",
    tag: "resource-flows",
    summary: "Change a flow; give the version you saw (body `version` or If-Match). Nested objects are replaced whole.",
    description: "Changes only the fields sent; a nested object (quantity, quality, availability, price) is replaced whole. The flow's matches are recomputed. State the version you saw (If-Match or `version`): a stale one is a 409 (body) or 412 (If-Match).",
    policy: { roles: WRITERS, scope: "flows:write" },
    params: IdParams,
    body: ResourceFlowUpdateSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "changed", schema: FlowView }, 409: { description: "version conflict" }, 412: { description: "If-Match did not match" } },
    handler: async ({ principal, params, body, req }) => {
      const stored = await withPrecondition(req, () => patchFlow(ctx, principal, params.id, body));
      return { status: 200, body: presentFlow(stored, orgIdsOf(principal)), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/resource-flows/:id",
    tag: "resource-flows",
    summary: "Delete a flow (optionally only at the version you saw: If-Match or ?version=)",
    description: "Deletes the flow and withdraws its matches. With If-Match or `?version=` the delete happens only at that version (409 otherwise).",
    policy: { roles: WRITERS, scope: "flows:write" },
    params: IdParams,
    query: z.object({ version: z.coerce.number().pipe(Version).optional() }),
    headers: IF_MATCH,
    responses: { 204: { description: "deleted" }, 404: { description: "no such flow" }, 409: { description: "version conflict" } },
    handler: async ({ principal, params, query, req }) => {
      await withPrecondition(req, () => removeFlow(ctx, principal, params.id, ifMatchVersion(req) ?? query.version));
      return { status: 204 };
    },
  });

  return router;
}
