/**
 * Idempotent, version-guarded writes of the domain's nodes. Every node stores its
 * validated document as JSON (`doc`), a content hash, a `version` and `updatedAt`, plus
 * flat properties for queries and indexes. Invariants:
 * - writing content identical to what is stored changes nothing (no version bump);
 * - every real change bumps `version` by exactly one;
 * - a guarded update applies only when the caller saw the current version.
 */
import type { Driver, ManagedTransaction } from "neo4j-driver";
import { errors } from "../domain/errors.ts";

/** The labels this store writes. */
export type EntityLabel = "Business" | "Site" | "ResourceFlow";

/** One node to write: its id, content hash, flat properties (null removes one) and parent. */
export interface EntityRow {
  readonly id: string;
  readonly hash: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** Site: its business id; flow: its site id. */
  readonly parentId?: string;
  /** Flow: OFFERS or NEEDS; site: OPERATES. */
  readonly rel?: "OPERATES" | "OFFERS" | "NEEDS";
  readonly lat?: number;
  readonly lon?: number;
}

/** What a write did to one node. */
export interface WriteOutcome {
  readonly id: string;
  readonly version: number;
  readonly change: "created" | "updated" | "unchanged";
  readonly updatedAt: string;
}

/** A stored node read back. */
export interface StoredEntity<D> {
  readonly id: string;
  readonly doc: D;
  readonly version: number;
  readonly updatedAt: string;
  readonly hash: string;
  /** The owning organization (sites and flows; a business is its own). */
  readonly orgId: string;
}

const PARENT_LABEL: Record<EntityLabel, string | undefined> = { Business: undefined, Site: "Business", ResourceFlow: "Site" };

// Site locations are Neo4j points so the point index serves bounding-box and distance queries.
const setLocation = (label: EntityLabel) =>
  label === "Site" ? "SET n.location = point({latitude: row.lat, longitude: row.lon})" : "";

type Rel = NonNullable<EntityRow["rel"]>;

/**
 * Link a written node to its parent with the row's relationship type. Only nodes that
 * existed before (version > 1) can have an old link to drop — a flow whose direction
 * changed, say — so new nodes skip that look-up.
 */
function linkParent(label: EntityLabel, rel: Rel | undefined): string {
  const parent = PARENT_LABEL[label];
  if (!parent || !rel) return "";
  return `
    WITH n, row
    CALL (n, row) {
      WITH n, row WHERE n.version > 1
      MATCH (n)<-[old]-(q:${parent})
      WHERE type(old) <> '${rel}' OR q.id <> row.parentId
      DELETE old
    }
    WITH n, row
    MATCH (p:${parent} {id: row.parentId})
    MERGE (p)-[:${rel}]->(n)`;
}

// Rows are grouped by relationship type so each query names its type statically (Cypher
// cannot parameterize a relationship type without APOC).
function upsertCypher(label: EntityLabel, rel: Rel | undefined): string {
  return `
    UNWIND $rows AS row
    MERGE (n:${label} {id: row.id})
    ON CREATE SET n.version = 0
    WITH n, row
    WHERE n.contentHash IS NULL OR n.contentHash <> row.hash
    SET n += row.props, n.contentHash = row.hash, n.version = n.version + 1, n.updatedAt = $now
    ${setLocation(label)}
    ${linkParent(label, rel)}
    RETURN n.id AS id, n.version AS version`;
}

function byRel(rows: readonly EntityRow[]): Map<Rel | undefined, EntityRow[]> {
  const groups = new Map<Rel | undefined, EntityRow[]>();
  for (const row of rows) {
    const group = groups.get(row.rel);
    if (group) group.push(row);
    else groups.set(row.rel, [row]);
  }
  return groups;
}

/**
 * Create or replace nodes by id in one transaction. Rows whose content equals what is
 * stored are left alone and reported `unchanged`. Parents must exist (callers check).
 */
export async function upsertEntities(driver: Driver, label: EntityLabel, rows: readonly EntityRow[]): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  const now = new Date().toISOString();
  const session = driver.session({ defaultAccessMode: "WRITE" });
  let records;
  try {
    records = await session.executeWrite(async (tx) => {
      const all = [];
      for (const [rel, group] of byRel(rows)) all.push(...(await tx.run(upsertCypher(label, rel), { rows: group, now })).records);
      return all;
    });
  } finally {
    await session.close();
  }
  // Version 1 after the write means this write created the node.
  const written = new Map(
    records.map((r) => [r.get("id") as string, { version: r.get("version") as number, created: (r.get("version") as number) === 1 }]),
  );
  const unchanged = rows.filter((row) => !written.has(row.id)).map((row) => row.id);
  const current = unchanged.length ? await versionsOf(driver, label, unchanged) : new Map<string, { version: number; updatedAt: string }>();
  return rows.map((row) => {
    const w = written.get(row.id);
    if (w) return { id: row.id, version: w.version, change: w.created ? "created" : "updated", updatedAt: now };
    const c = current.get(row.id);
    return { id: row.id, version: c?.version ?? 0, change: "unchanged", updatedAt: c?.updatedAt ?? now };
  });
}

async function versionsOf(driver: Driver, label: EntityLabel, ids: readonly string[]) {
  const { records } = await driver.executeQuery(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, n.version AS version, n.updatedAt AS updatedAt`,
    { ids },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, { version: r.get("version") as number, updatedAt: r.get("updatedAt") as string }]));
}

/** Read nodes by id; missing ids are absent from the map. */
export async function readEntities<D>(driver: Driver, label: EntityLabel, ids: readonly string[]): Promise<Map<string, StoredEntity<D>>> {
  if (ids.length === 0) return new Map();
  const { records } = await driver.executeQuery(
    `UNWIND $ids AS id MATCH (n:${label} {id: id})
     RETURN n.id AS id, n.doc AS doc, n.version AS version, n.updatedAt AS updatedAt, n.contentHash AS hash, n.orgId AS orgId`,
    { ids },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, toStored<D>(r.toObject())]));
}

/** Parse one record of `id, doc, version, updatedAt, hash` into a stored entity. */
export function toStored<D>(record: Record<string, unknown>): StoredEntity<D> {
  return {
    id: record.id as string,
    doc: JSON.parse(record.doc as string) as D,
    version: record.version as number,
    updatedAt: record.updatedAt as string,
    hash: (record.hash as string) ?? "",
    orgId: (record.orgId as string | null) ?? (record.id as string),
  };
}

/**
 * Update one node only if the caller saw its current version. The node is write-locked
 * before it is read, so two concurrent updates from the same version cannot both win.
 * `next` receives the stored document and returns the row to write (or throws a
 * validation error). Content equal to what is stored is a no-op, whatever the version.
 * @throws NOT_FOUND, or VERSION_CONFLICT naming the current version
 */
export async function updateGuarded<D>(
  driver: Driver,
  label: EntityLabel,
  id: string,
  expectedVersion: number,
  next: (current: StoredEntity<D>) => EntityRow,
): Promise<{ outcome: WriteOutcome; before: StoredEntity<D> }> {
  const session = driver.session({ defaultAccessMode: "WRITE" });
  try {
    return await session.executeWrite(async (tx: ManagedTransaction) => {
      const locked = await tx.run(
        `MATCH (n:${label} {id: $id}) SET n._lock = true REMOVE n._lock
         RETURN n.id AS id, n.doc AS doc, n.version AS version, n.updatedAt AS updatedAt, n.contentHash AS hash, n.orgId AS orgId`,
        { id },
      );
      const record = locked.records[0];
      if (!record) throw errors.notFound(label, id);
      const before = toStored<D>(record.toObject());
      const row = next(before);
      if (row.hash === before.hash) {
        return { before, outcome: { id, version: before.version, change: "unchanged", updatedAt: before.updatedAt } };
      }
      if (before.version !== expectedVersion) throw errors.versionConflict(label, id, expectedVersion, before.version);
      const now = new Date().toISOString();
      const written = await tx.run(upsertCypher(label, row.rel), { rows: [row], now });
      const version = written.records[0]?.get("version") as number;
      return { before, outcome: { id, version, change: "updated", updatedAt: now } };
    });
  } finally {
    await session.close();
  }
}

/** Delete a node (and its relationships) if the caller saw its current version. */
export async function deleteGuarded(driver: Driver, label: EntityLabel, id: string, expectedVersion: number | undefined): Promise<number> {
  const session = driver.session({ defaultAccessMode: "WRITE" });
  try {
    return await session.executeWrite(async (tx) => {
      const locked = await tx.run(`MATCH (n:${label} {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.version AS version`, { id });
      const version = locked.records[0]?.get("version") as number | undefined;
      if (version === undefined) throw errors.notFound(label, id);
      if (expectedVersion !== undefined && version !== expectedVersion) throw errors.versionConflict(label, id, expectedVersion, version);
      await tx.run(`MATCH (n:${label} {id: $id}) DETACH DELETE n`, { id });
      return version;
    });
  } finally {
    await session.close();
  }
}

/** Which of these ids exist under a label. */
export async function existingIds(driver: Driver, label: EntityLabel, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { records } = await driver.executeQuery(`UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id`, { ids: [...new Set(ids)] }, { routing: "READ" });
  return new Set(records.map((r) => r.get("id") as string));
}
