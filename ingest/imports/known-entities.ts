/**
 * The stored businesses an import chunk could be about: by name key, with their sites and
 * flows — one Neo4j read per chunk, the input of deduplication (resolve-identities.ts).
 */
import type { Driver } from "neo4j-driver";
import type { KnownBusiness } from "./resolve-identities.ts";

const RETURN_BUSINESS = `
  OPTIONAL MATCH (b)-[:OPERATES]->(s:Site)
  OPTIONAL MATCH (s)-[:OFFERS|NEEDS]->(f:ResourceFlow)
  WITH key, b, s, collect(CASE WHEN f IS NULL THEN null ELSE {id: f.id, direction: f.direction, resourceType: f.resourceType} END) AS flows
  WITH key, b, collect(CASE WHEN s IS NULL THEN null ELSE {id: s.id, name: s.name, lat: s.location.latitude, lon: s.location.longitude, flows: flows} END) AS sites
  RETURN key, b.id AS id, b.name AS name, b.nace AS nace, sites`;

type Row = { get(k: string): unknown };
const toKnown = (r: Row): KnownBusiness => ({
  id: r.get("id") as string,
  name: r.get("name") as string,
  naceCode: (r.get("nace") as string | null) ?? null,
  sites: r.get("sites") as KnownBusiness["sites"],
});

/** Stored businesses whose name key is one of `keys`, grouped by key. */
export async function knownBusinessesByKey(neo4j: Driver, keys: readonly string[]): Promise<Map<string, KnownBusiness[]>> {
  const out = new Map<string, KnownBusiness[]>();
  if (keys.length === 0) return out;
  const { records } = await neo4j.executeQuery(`UNWIND $keys AS key MATCH (b:Business {nameKey: key}) ${RETURN_BUSINESS}`, { keys: [...new Set(keys)] }, { routing: "READ" });
  for (const r of records) {
    const key = r.get("key") as string;
    out.set(key, [...(out.get(key) ?? []), toKnown(r)]);
  }
  return out;
}

/** One organization with its sites and flows, or undefined when it does not exist. */
export async function knownBusiness(neo4j: Driver, id: string): Promise<KnownBusiness | undefined> {
  const { records } = await neo4j.executeQuery(`WITH $id AS key MATCH (b:Business {id: key}) ${RETURN_BUSINESS}`, { id }, { routing: "READ" });
  return records[0] ? toKnown(records[0]) : undefined;
}

/** Give every stored business without one its name key (businesses written before keys existed). */
export async function backfillNameKeys(neo4j: Driver, nameKey: (name: string) => string): Promise<number> {
  const { records } = await neo4j.executeQuery("MATCH (b:Business) WHERE b.nameKey IS NULL RETURN b.id AS id, b.name AS name", {}, { routing: "READ" });
  const rows = records.map((r) => ({ id: r.get("id") as string, key: nameKey((r.get("name") as string | null) ?? "") }));
  for (let i = 0; i < rows.length; i += 5_000) {
    await neo4j.executeQuery("UNWIND $rows AS row MATCH (b:Business {id: row.id}) SET b.nameKey = row.key", { rows: rows.slice(i, i + 5_000) });
  }
  return rows.length;
}
