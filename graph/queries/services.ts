/**
 * `:Service` nodes — the services projection's part of the graph:
 * `(:Business)-[:PROVIDES]->(:Service)-[:SERVES]->(:Region {code})`, and a routed
 * facilitated match `(:Match)-[:ROUTED_TO]->(:Service)` with the decision kept on the match
 * (`routing`, JSON text; `routedFacilitatorId` for the facilitator's own queue). A service's
 * *load* is the number of open facilitated matches routed to it: matches still in the
 * facilitator queue (`route = 'facilitator'`; a withdrawn match is deleted, so it drops out).
 * Every Cypher of the projection lives here.
 */
import type { Driver, ManagedTransaction } from "neo4j-driver";
import type { ServiceKind } from "../../domain/service-kinds.ts";

/** What an organization says about a service it offers. */
export interface ServiceFields {
  readonly name: string;
  readonly kind: ServiceKind;
  readonly description: string | null;
  /** Region codes served (loaded boundaries). */
  readonly regions: readonly string[];
  /** Resource type ids it has expertise in. */
  readonly expertise: readonly string[];
  /** Open facilitated matches it takes at once. */
  readonly capacity: number;
  /** The facilitator working a facilitation service's matches (null for the other kinds). */
  readonly facilitatorId: string | null;
}

/** A stored service with its load. */
export interface StoredService extends ServiceFields {
  readonly id: string;
  readonly orgId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly load: number;
}

const LOAD = "COUNT { (m:Match)-[:ROUTED_TO]->(s) WHERE m.route = 'facilitator' }";
const RETURN_SERVICE = `RETURN properties(s) AS p, ${LOAD} AS load`;

function decode(p: Record<string, unknown>, load: unknown): StoredService {
  return {
    id: p.id as string,
    orgId: p.orgId as string,
    name: p.name as string,
    kind: p.kind as ServiceKind,
    description: (p.description as string | null) ?? null,
    regions: ((p.regions as string[] | null) ?? []).map(String),
    expertise: ((p.expertise as string[] | null) ?? []).map(String),
    capacity: Number(p.capacity ?? 0),
    facilitatorId: (p.facilitatorId as string | null) ?? null,
    version: Number(p.version ?? 1),
    createdAt: String(p.createdAt ?? ""),
    updatedAt: String(p.updatedAt ?? ""),
    load: Number(load ?? 0),
  };
}

const rowsOf = (records: { get(key: string): unknown }[]) => records.map((r) => decode(r.get("p") as Record<string, unknown>, r.get("load")));
const props = (f: ServiceFields) => ({ ...f, regions: [...f.regions], expertise: [...f.expertise] });

// The SERVES edges follow the regions property: dropped and drawn again on every write.
const LINK_REGIONS = `
WITH s
OPTIONAL MATCH (s)-[old:SERVES]->(:Region) DELETE old
WITH DISTINCT s
FOREACH (code IN s.regions | MERGE (r:Region {code: code}) MERGE (s)-[:SERVES]->(r))
WITH s`;

/** Create a service of an organization (the organization must exist in the graph); undefined when it does not. */
export async function createService(neo4j: Driver, id: string, orgId: string, fields: ServiceFields, now: string): Promise<StoredService | undefined> {
  const { records } = await neo4j.executeQuery(
    `MATCH (b:Business {id: $orgId})
     CREATE (b)-[:PROVIDES]->(s:Service {id: $id, orgId: $orgId, version: 1, createdAt: $now, updatedAt: $now})
     SET s += $fields
     ${LINK_REGIONS}
     ${RETURN_SERVICE}`,
    { id, orgId, fields: props(fields), now },
  );
  return rowsOf(records)[0];
}

/** The services of an organization, by name then id. */
export async function servicesOfOrg(neo4j: Driver, orgId: string): Promise<StoredService[]> {
  const { records } = await neo4j.executeQuery(`MATCH (s:Service {orgId: $orgId}) WITH s ORDER BY s.name, s.id ${RETURN_SERVICE}`, { orgId }, { routing: "READ" });
  return rowsOf(records);
}

/** One service of an organization; undefined when there is none by that id *of that organization*. */
export async function findService(neo4j: Driver, orgId: string, id: string): Promise<StoredService | undefined> {
  const { records } = await neo4j.executeQuery(`MATCH (s:Service {id: $id}) WHERE s.orgId = $orgId ${RETURN_SERVICE}`, { id, orgId }, { routing: "READ" });
  return rowsOf(records)[0];
}

/**
 * Replace what a service says, guarded by version when `expectedVersion` is given.
 * @returns the service after, `"stale"` with the stored version when the guard failed, or undefined when the organization has no such service
 */
export async function updateService(
  neo4j: Driver,
  orgId: string,
  id: string,
  fields: ServiceFields,
  expectedVersion: number | null,
  now: string,
): Promise<StoredService | { stale: number } | undefined> {
  const session = neo4j.session();
  try {
    return await session.executeWrite(async (tx) => {
      // The write lock taken by the first SET holds the version read against a concurrent writer.
      const current = await tx.run("MATCH (s:Service {id: $id}) WHERE s.orgId = $orgId SET s.version = s.version RETURN s.version AS version", { id, orgId });
      const version = current.records[0]?.get("version");
      if (version === undefined) return undefined;
      if (expectedVersion !== null && Number(version) !== expectedVersion) return { stale: Number(version) };
      const { records } = await tx.run(
        `MATCH (s:Service {id: $id}) SET s += $fields, s.version = s.version + 1, s.updatedAt = $now ${LINK_REGIONS} ${RETURN_SERVICE}`,
        { id, fields: props(fields), now },
      );
      return rowsOf(records)[0];
    });
  } finally {
    await session.close();
  }
}

/**
 * Withdraw a service: the node and its edges go, and the open matches routed to it go back
 * to the shared queue with `reason` (so no facilitator keeps a queue of a service that is gone).
 * @returns the service as it was, or undefined when the organization has no such service
 */
export async function withdrawService(neo4j: Driver, orgId: string, id: string, sharedRouting: string): Promise<{ service: StoredService; returned: string[] } | undefined> {
  return neo4j.executeQuery(
    `MATCH (s:Service {id: $id}) WHERE s.orgId = $orgId
     WITH s, properties(s) AS p, ${LOAD} AS load
     OPTIONAL MATCH (m:Match)-[:ROUTED_TO]->(s)
     SET m.routing = $shared, m.routedFacilitatorId = null
     WITH s, p, load, collect(m.id) AS returned
     DETACH DELETE s
     RETURN p, load, returned`,
    { id, orgId, shared: sharedRouting },
  ).then(({ records }) => {
    const r = records[0];
    return r ? { service: decode(r.get("p") as Record<string, unknown>, r.get("load")), returned: (r.get("returned") as string[]).map(String) } : undefined;
  });
}

/** Every service serving one of these region codes, by kind, name and id (the marketplace). */
export async function servicesServing(neo4j: Driver, regionCodes: readonly string[]): Promise<StoredService[]> {
  if (regionCodes.length === 0) return [];
  const { records } = await neo4j.executeQuery(
    `MATCH (s:Service)-[:SERVES]->(r:Region) WHERE r.code IN $codes
     WITH DISTINCT s ORDER BY s.kind, s.name, s.id
     ${RETURN_SERVICE}`,
    { codes: [...regionCodes] },
    { routing: "READ" },
  );
  return rowsOf(records);
}

/** A facilitated match waiting for its routing decision. */
export interface UnroutedMatch {
  readonly id: string;
  readonly supplyFlowId: string;
  readonly offerType: string;
  readonly needType: string;
}

/** The decision to store on one match: JSON text, and the service and facilitator it went to (null: the shared queue). */
export interface StoredRouting {
  readonly routing: string;
  readonly serviceId: string | null;
  readonly facilitatorId: string | null;
}

/**
 * Route the facilitated matches among `ids` that have no routing yet, one at a time in one
 * write transaction. The facilitation services are locked first (a write to each), so two
 * workers routing at once cannot both take a service's last slot; `decide` sees each match
 * with every facilitation service and its load *including the matches routed before it in
 * this call*, and says where it goes; `prepare` reads what deciding needs from other stores
 * for the matches found pending.
 * @returns the ids routed, with what was stored
 */
export async function routeUnroutedMatches(
  neo4j: Driver,
  ids: readonly string[],
  decide: (match: UnroutedMatch, services: readonly StoredService[]) => StoredRouting,
  prepare: (pending: readonly UnroutedMatch[]) => Promise<void> = async () => undefined,
): Promise<Map<string, StoredRouting>> {
  const out = new Map<string, StoredRouting>();
  if (ids.length === 0) return out;
  const session = neo4j.session();
  try {
    await session.executeWrite(async (tx: ManagedTransaction) => {
      out.clear();
      const pending = await tx.run(
        `UNWIND $ids AS id MATCH (m:Match {id: id}) WHERE m.route = 'facilitator' AND m.routing IS NULL
         RETURN m.id AS id, m.supplyFlowId AS supplyFlowId, m.offerType AS offerType, m.needType AS needType ORDER BY m.id`,
        { ids: [...new Set(ids)] },
      );
      if (pending.records.length === 0) return;
      const matches: UnroutedMatch[] = pending.records.map((r) => ({ id: r.get("id"), supplyFlowId: r.get("supplyFlowId"), offerType: r.get("offerType"), needType: r.get("needType") }));
      await prepare(matches);
      const locked = await tx.run(`MATCH (s:Service {kind: 'facilitation'}) SET s.routingLock = coalesce(s.routingLock, 0) + 1 WITH s ORDER BY s.id ${RETURN_SERVICE}`);
      const services = rowsOf(locked.records).map((s) => ({ ...s }));
      const writes: { id: string; routing: string; serviceId: string | null; facilitatorId: string | null }[] = [];
      for (const match of matches) {
        const decision = decide(match, services);
        out.set(match.id, decision);
        writes.push({ id: match.id, ...decision });
        const taken = services.findIndex((s) => s.id === decision.serviceId);
        if (taken >= 0) services[taken] = { ...services[taken]!, load: services[taken]!.load + 1 };
      }
      await tx.run(
        `UNWIND $writes AS w MATCH (m:Match {id: w.id})
         SET m.routing = w.routing, m.routedFacilitatorId = w.facilitatorId
         WITH m, w WHERE w.serviceId IS NOT NULL
         MATCH (s:Service {id: w.serviceId}) MERGE (m)-[:ROUTED_TO]->(s)`,
        { writes },
      );
    });
  } finally {
    await session.close();
  }
  return out;
}
