/**
 * The services projection behind its routes: an organization lists the services it offers
 * — facilitation, engineering, logistics, maintenance, permitting — on the marketplace,
 * changes and withdraws them. Only its own org_admins write (each write in the audit log
 * with what it said before); its members read. Another organization's id, or a service of
 * another organization, answers as a missing one. The marketplace of a region is for every
 * logged-in user: a listed service is a public offer of the organization.
 */
import { randomUUID } from "node:crypto";
import { errors } from "../../domain/errors.ts";
import type { FieldError } from "../../domain/errors.ts";
import { orgNames } from "../../graph/queries/org-names.ts";
import { createService, findService, servicesOfOrg, servicesServing, updateService, withdrawService, type ServiceFields, type StoredService } from "../../graph/queries/services.ts";
import { displayNames, findUser } from "../../ledgers/accounts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { withdrawnRouting } from "../../match-service/service-routing.ts";
import { enclosingRegions, regionsByCode, type NamedRegion } from "../../spatial/service-regions.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOwnOrganization } from "./organizations.ts";

/** A service with the names its view shows: its regions' and its facilitator's. */
export interface ServiceEntry {
  readonly service: StoredService;
  readonly regions: ReadonlyMap<string, NamedRegion>;
  readonly facilitatorName: string | null;
}

const isOrgAdmin = (p: Principal, orgId: string) => p.kind === "user" && p.memberships.some((m) => m.orgId === orgId && m.role === "org_admin");

async function administered(ctx: ApiContext, principal: Principal, orgId: string): Promise<void> {
  await getOwnOrganization(ctx, principal, orgId);
  // A member who is not an administrator knows the organization exists: refused, not hidden.
  if (!isOrgAdmin(principal, orgId)) throw errors.forbidden("Only the organization's own administrators change its services.");
}

const SERVICE_NOT_FOUND = (id: string) => errors.notFound("service", id);

/** The body's references exist: loaded regions, an enabled facilitator. Each miss names its field. */
async function checkReferences(ctx: ApiContext, fields: ServiceFields): Promise<Map<string, NamedRegion>> {
  const regions = await regionsByCode(ctx.knex, fields.regions);
  const problems: FieldError[] = fields.regions.flatMap((code, i) => (regions.has(code) ? [] : [{ field: `body.regions.${i}`, message: `"${code}" is not a loaded region (GET /regions lists them)` }]));
  if (fields.facilitatorId !== null) {
    const user = await findUser(ctx.knex, fields.facilitatorId);
    if (!user || user.disabled || user.role !== "facilitator") problems.push({ field: "body.facilitatorId", message: "must be an enabled user with the facilitator role" });
  }
  if (problems.length) throw errors.validationFailed(problems);
  return regions;
}

const audited = (s: ServiceFields) => ({ name: s.name, kind: s.kind, description: s.description, regions: s.regions, expertise: s.expertise, capacity: s.capacity, facilitatorId: s.facilitatorId });

async function entriesOf(ctx: ApiContext, services: readonly StoredService[]): Promise<ServiceEntry[]> {
  const [regions, names] = await Promise.all([
    regionsByCode(ctx.knex, services.flatMap((s) => s.regions)),
    displayNames(ctx.knex, services.flatMap((s) => (s.facilitatorId ? [s.facilitatorId] : []))),
  ]);
  return services.map((service) => ({ service, regions, facilitatorName: service.facilitatorId ? (names.get(service.facilitatorId) ?? null) : null }));
}

/** The organization's services (its members, admins and facilitators read them). */
export async function listServices(ctx: ApiContext, principal: Principal, orgId: string): Promise<ServiceEntry[]> {
  await getOwnOrganization(ctx, principal, orgId);
  return entriesOf(ctx, await servicesOfOrg(ctx.neo4j, orgId));
}

/** One service of the organization. */
export async function getService(ctx: ApiContext, principal: Principal, orgId: string, serviceId: string): Promise<ServiceEntry> {
  await getOwnOrganization(ctx, principal, orgId);
  const service = await findService(ctx.neo4j, orgId, serviceId);
  if (!service) throw SERVICE_NOT_FOUND(serviceId);
  return (await entriesOf(ctx, [service]))[0]!;
}

/** List a new service of the organization. */
export async function addService(ctx: ApiContext, principal: Principal, orgId: string, fields: ServiceFields): Promise<ServiceEntry> {
  await administered(ctx, principal, orgId);
  await checkReferences(ctx, fields);
  const service = await createService(ctx.neo4j, `svc_${randomUUID()}`, orgId, fields, new Date().toISOString());
  if (!service) throw errors.notFound("organization", orgId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "service.created", entityType: "service", entityId: service.id, entityVersion: service.version, payload: audited(service) }]);
  return (await entriesOf(ctx, [service]))[0]!;
}

/** Replace what a service says (guarded by `version` when given). Its routed matches stay routed to it. */
export async function replaceService(ctx: ApiContext, principal: Principal, orgId: string, serviceId: string, fields: ServiceFields, version: number | null): Promise<ServiceEntry> {
  await administered(ctx, principal, orgId);
  const before = await findService(ctx.neo4j, orgId, serviceId);
  if (!before) throw SERVICE_NOT_FOUND(serviceId);
  await checkReferences(ctx, fields);
  const after = await updateService(ctx.neo4j, orgId, serviceId, fields, version, new Date().toISOString());
  if (!after) throw SERVICE_NOT_FOUND(serviceId);
  if ("stale" in after) throw errors.versionConflict("service", serviceId, version ?? 0, after.stale);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "service.changed", entityType: "service", entityId: serviceId, entityVersion: after.version, payload: { ...audited(after), previous: audited(before) } }]);
  return (await entriesOf(ctx, [after]))[0]!;
}

/** Withdraw a service from the marketplace; the open matches routed to it go back to the shared queue. */
export async function removeService(ctx: ApiContext, principal: Principal, orgId: string, serviceId: string): Promise<{ returnedToSharedQueue: number }> {
  await administered(ctx, principal, orgId);
  const before = await findService(ctx.neo4j, orgId, serviceId);
  if (!before) throw SERVICE_NOT_FOUND(serviceId);
  const done = await withdrawService(ctx.neo4j, orgId, serviceId, withdrawnRouting(before.name, new Date().toISOString()));
  if (!done) throw SERVICE_NOT_FOUND(serviceId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "service.withdrawn", entityType: "service", entityId: serviceId, entityVersion: done.service.version, payload: { previous: audited(done.service), returnedToSharedQueue: done.returned } }]);
  return { returnedToSharedQueue: done.returned.length };
}

/** One region's marketplace: the providers serving it (or a region containing it), grouped by resource type of expertise. */
export interface Marketplace {
  readonly region: NamedRegion;
  /** The region and every region containing it, most specific first: a provider serving any of them is listed. */
  readonly regions: readonly NamedRegion[];
  readonly byResourceType: readonly { readonly resourceType: string; readonly providers: readonly StoredService[] }[];
  readonly orgNames: ReadonlyMap<string, string>;
}

/** The marketplace of a loaded region (404 naming `query.region` otherwise), optionally of one resource type. */
export async function marketplace(ctx: ApiContext, regionCode: string, resourceType: string | undefined): Promise<Marketplace> {
  const regions = await enclosingRegions(ctx.knex, regionCode);
  const region = regions[0];
  if (!region || region.code !== regionCode) throw errors.missingReference("region", regionCode, "query.region");
  const services = await servicesServing(ctx.neo4j, regions.map((r) => r.code));
  const groups = new Map<string, StoredService[]>();
  for (const s of services) for (const type of s.expertise) if (resourceType === undefined || type === resourceType) groups.set(type, [...(groups.get(type) ?? []), s]);
  // Within a resource type: the most free slots first, then by name and id (stable).
  const free = (s: StoredService) => Math.max(0, s.capacity - s.load);
  const byResourceType = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, providers]) => ({ resourceType: type, providers: [...providers].sort((a, b) => free(b) - free(a) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)) }));
  return { region, regions, byResourceType, orgNames: await orgNames(ctx.neo4j, services.map((s) => s.orgId)) };
}
