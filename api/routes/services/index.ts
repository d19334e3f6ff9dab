/**
 * The services projection's routes: an organization's services on the marketplace (its
 * org_admins list, change and withdraw them; audited), and a region's marketplace for every
 * logged-in user. Thin: validate → authorize (role here, the organization in the command) →
 * command → present.
 */
import { Router } from "express";
import { z } from "zod";
import { ExternalId } from "../../../domain/schemas/common.ts";
import type { ServiceFields } from "../../../graph/queries/services.ts";
import { addService, getService, listServices, marketplace, removeService, replaceService } from "../../commands/services.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { MarketplaceView, presentMarketplace, presentService, ServiceList, ServiceView } from "./presenter.ts";
import { MarketplaceQuery, ServiceBody, type ServiceBodyInput } from "./schemas.ts";

const TAG = "services";
const READERS = ["admin", "facilitator", "org_admin", "org_member"] as const;
const PATH = "/organizations/:id/services";
const OrgParams = z.object({ id: ExternalId });
const ServiceParams = OrgParams.extend({ serviceId: ExternalId });
const FORBIDDEN = { description: "not an administrator of the organization" };
const NO_SERVICE = { description: "no such organization (or not yours) or service of it" };

const fieldsOf = (b: ServiceBodyInput): ServiceFields => ({
  name: b.name,
  kind: b.kind,
  description: b.description ?? null,
  regions: b.regions,
  expertise: b.expertise,
  capacity: b.capacity,
  facilitatorId: b.facilitatorId ?? null,
});

const DESCRIPTION =
  "A service an organization offers on the marketplace: `facilitation` (a facilitator working facilitated matches — the only kind matches are routed to; `facilitatorId` names them), `engineering`, `logistics`, `maintenance` or `permitting`; the regions it serves (loaded region codes, GET /regions; a country serves every region in it), its expertise by resource type and its capacity in slots. A facilitated match goes to the facilitation service that serves the supply's region, has expertise in the offered or needed type and has a free slot — the most specific region first, then the most free slots, then the lowest id — and otherwise to the shared queue; the reason is on the match (GET /facilitator/queue, route.routing).";

/** Services routes. */
export function serviceRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: PATH,
    tag: TAG,
    summary: "List a service of the organization on the marketplace (org_admin; audited)",
    description: DESCRIPTION,
    policy: { roles: ["org_admin"] },
    params: OrgParams,
    body: ServiceBody,
    responses: { 201: { description: "listed", schema: ServiceView }, 400: { description: "a field is wrong: an unknown region (body.regions.N), a user who is not a facilitator (body.facilitatorId)…" }, 403: FORBIDDEN, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, body }) => ({ status: 201, body: presentService(await addService(ctx, principal, params.id, fieldsOf(body))) }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: PATH,
    tag: TAG,
    summary: "The organization's services with their load and free slots",
    description: "Every service the organization lists (withdrawn ones excluded), with the open facilitated matches routed to it (load) and its free slots. Members of the organization only; another organization's id answers 404, as a missing one does.",
    policy: { roles: READERS },
    params: OrgParams,
    responses: { 200: { description: "services", schema: ServiceList }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: { items: (await listServices(ctx, principal, params.id)).map(presentService) } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: `${PATH}/:serviceId`,
    tag: TAG,
    summary: "One service of the organization",
    description: "One listed service with its regions, expertise by resource type, capacity, load and version (the ETag to name when changing it). A service of another organization answers 404, as a missing one does.",
    policy: { roles: READERS },
    params: ServiceParams,
    responses: { 200: { description: "the service", schema: ServiceView }, 404: NO_SERVICE },
    handler: async ({ principal, params }) => ({ status: 200, body: presentService(await getService(ctx, principal, params.id, params.serviceId)) }),
  });

  defineRoute(router, registry, {
    method: "put",
    path: `${PATH}/:serviceId`,
    tag: TAG,
    summary: "Replace what a service says (org_admin; audited with what it said before)",
    description: "Give the `version` you read to refuse a concurrent change (409 VERSION_CONFLICT). Matches already routed to it stay routed to it.",
    policy: { roles: ["org_admin"] },
    params: ServiceParams,
    body: ServiceBody,
    responses: { 200: { description: "replaced", schema: ServiceView }, 400: { description: "a field is wrong" }, 403: FORBIDDEN, 404: NO_SERVICE, 409: { description: "the service is at another version (VERSION_CONFLICT)" } },
    handler: async ({ principal, params, body }) => ({ status: 200, body: presentService(await replaceService(ctx, principal, params.id, params.serviceId, fieldsOf(body), body.version ?? null)) }),
  });

  defineRoute(router, registry, {
    method: "delete",
    path: `${PATH}/:serviceId`,
    tag: TAG,
    summary: "Withdraw a service from the marketplace (org_admin; audited); its open routed matches go back to the shared queue",
    description: "Removes the service from the marketplace and from routing. The facilitated matches routed to it and still open return to the shared queue, with the reason saying the service was withdrawn. Audited as service.withdrawn.",
    policy: { roles: ["org_admin"] },
    params: ServiceParams,
    responses: { 204: { description: "withdrawn" }, 403: FORBIDDEN, 404: NO_SERVICE },
    handler: async ({ principal, params }) => {
      await removeService(ctx, principal, params.id, params.serviceId);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/marketplace",
    tag: TAG,
    summary: "A region's marketplace: the service providers serving it, by resource type, with their expertise and free capacity (any logged-in user)",
    description: "Lists every service serving the region or a region containing it (a provider for DK is listed in Aalborg), grouped by each resource type of its expertise; within a type the most free slots first. Listing a service is a public offer: its organization's name is shown.",
    // People, not partner systems' keys: the marketplace is a page for a logged-in user.
    policy: { roles: READERS },
    query: MarketplaceQuery,
    responses: { 200: { description: "the marketplace", schema: MarketplaceView }, 404: { description: "no such loaded region (field query.region)" } },
    handler: async ({ query }) => ({ status: 200, body: presentMarketplace(await marketplace(ctx, query.region, query.resource_type)) }),
  });

  return router;
}
