/** Sites: create, read, list (bounding box), update with optimistic concurrency, delete. */
import { Router } from "express";
import { z } from "zod";
import { ExternalId, Version } from "../../../domain/schemas/common.ts";
import { SiteCreateSchema, SiteUpdateSchema } from "../../../domain/schemas/site.ts";
import { createSite, findSites, getSite, patchSite, removeSite } from "../../commands/sites-and-flows.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { BBox, decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination.ts";
import { etag, ifMatchVersion, withPrecondition } from "../../http/versioning.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { orgIdsOf } from "../../auth/principal.ts";
import { NodeRef } from "../../../domain/node-ref.ts";
import { presentSite, SiteView } from "./presenter.ts";

const IdParams = z.object({ id: NodeRef });
const WRITERS = ["admin", "org_admin", "org_member", "partner"] as const;
const IF_MATCH = [{ name: "If-Match", description: 'the ETag you saw, e.g. "3"' }];

/** Site routes. */
export function siteRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/sites",
    tag: "sites",
    summary: "Register a site of one of your organizations; replaying the same body changes nothing",
    description: "Registers a site (coordinates in WGS84, latitude then longitude) for one of the caller's organizations. Replaying the same body answers 200 and changes nothing; another body under a taken id is a 409. The answer's ETag is the version to name in later updates.",
    policy: { roles: WRITERS, scope: "flows:write" },
    body: SiteCreateSchema,
    example: { externalId: "acme-plant", businessId: "acme-dairy", name: "Acme plant", lat: 55.4, lon: 10.39 },
    responses: { 201: { description: "created", schema: SiteView }, 200: { description: "identical replay", schema: SiteView }, 409: { description: "the id is taken" } },
    handler: async ({ principal, body }) => {
      const { created, stored } = await createSite(ctx, principal, body);
      const view = presentSite(stored, orgIdsOf(principal));
      return { status: created ? 201 : 200, body: view, headers: { ETag: etag(stored.version), Location: `/api/v1/sites/${encodeURIComponent(view.id)}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/sites",
    tag: "sites",
    summary: "Sites you may see, by cursor; filter by bounding box and organization",
    description: "Sites the caller may see (its own organizations', and public organizations'), ordered by id; `bbox` is west,south,east,north in degrees. Page with `cursor` = the previous answer's `nextCursor`.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    query: z.object({ ...PageQuery, bbox: BBox.optional(), org: ExternalId.optional() }),
    responses: { 200: { description: "a page", schema: pageOf(SiteView) } },
    handler: async ({ principal, query }) => {
      const rows = await findSites(ctx, principal, { after: decodeCursor(query.cursor), limit: query.limit, bbox: query.bbox, orgId: query.org });
      const page = toPage(rows, query.limit, (r) => r.id);
      return { status: 200, body: { items: page.items.map((s) => presentSite(s, orgIdsOf(principal))), nextCursor: page.nextCursor } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/sites/:id",
    tag: "sites",
    summary: "One site",
    description: "One site with its version (also the ETag). A site of a confidential organization you do not belong to answers 404, the same as a missing one.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    params: IdParams,
    responses: { 200: { description: "the site", schema: SiteView }, 404: { description: "no such site (or not yours)" } },
    handler: async ({ principal, params }) => {
      const stored = await getSite(ctx, principal, params.id);
      return { status: 200, body: presentSite(stored, orgIdsOf(principal)), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "patch",
    path: "/sites/:id",
    tag: "sites",
    summary: "Change a site; give the version you saw (body `version` or If-Match)",
    description: "Changes only the fields sent; moving a site re-runs matching for its flows. State the version you saw (If-Match or `version`): a stale one is a 409 (body) or 412 (If-Match) and nothing changes.",
    policy: { roles: WRITERS, scope: "flows:write" },
    params: IdParams,
    body: SiteUpdateSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "changed", schema: SiteView }, 409: { description: "version conflict" }, 412: { description: "If-Match did not match" } },
    handler: async ({ principal, params, body, req }) => {
      const stored = await withPrecondition(req, () => patchSite(ctx, principal, params.id, body));
      return { status: 200, body: presentSite(stored, orgIdsOf(principal)), headers: { ETag: etag(stored.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "delete",
    path: "/sites/:id",
    tag: "sites",
    summary: "Delete a site and its flows (optionally only at the version you saw: If-Match or ?version=)",
    description: "Deletes the site with every flow it has; their matches are withdrawn. With If-Match or `?version=` the delete happens only at that version (409 otherwise), so a partner system cannot delete a site someone just changed.",
    policy: { roles: WRITERS, scope: "flows:write" },
    params: IdParams,
    query: z.object({ version: z.coerce.number().pipe(Version).optional() }),
    headers: IF_MATCH,
    responses: { 204: { description: "deleted" }, 404: { description: "no such site" }, 409: { description: "version conflict" } },
    handler: async ({ principal, params, query, req }) => {
      await withPrecondition(req, () => removeSite(ctx, principal, params.id, ifMatchVersion(req) ?? query.version));
      return { status: 204 };
    },
  });

  return router;
}
