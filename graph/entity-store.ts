/**
 * Idempotent, version-guarded writes of the domain's nodes. Every node stores its
 * validated document as JSON (`doc`), a content hash, a `version` and `updatedAt`, plus
 * flat properties for queries and indexes. Invariants:
 * - writing content identical to what is stored changes nothing (no version bump);
 * - every real change bumps `version` by exactly one;
 * - a guarded update applies only when the caller saw the current version;
 * - a site or flow is never written over a node of another organization (`orgId`): such a
 *   row is reported `foreign` and the stored node is left as it is, so no bulk path can
 *   move or overwrite another organization's record;
 * - work a caller hands in as `beforeCommit` runs inside the graph transaction, after the
 *   rows are written and before it commits: when it fails, the graph write is undone.
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

/**
 * What a batch write did: an outcome per written or unchanged row; rows not written because
 * the stored node belongs to another organization (`foreign`), or exists and is to be kept
 * as stored (`kept`, with `existing: "keep"`).
 */
export interface UpsertResult {
  readonly outcomes: WriteOutcome[];
  readonly foreign: readonly string[];
  readonly kept: readonly string[];
}

/** How {@link upsertEntities} writes. */
export interface UpsertOptions {
  /** An existing node whose content differs: rewrite it (`update`, the default) or leave it as stored (`keep`). */
  readonly existing?: "update" | "keep";
  /**
   * Runs inside the graph transaction with the batch's result, before the commit; when it
   * throws, nothing of the batch is committed. It may run more than once when the driver
   * retries a transient failure, so it must be repeatable (callers use a savepoint).
   */
  readonly beforeCommit?: (result: UpsertResult) => Promise<void>;
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

type Rel = NonNullable<EntityRow["rel"]>;

/** The relationship types that link a label to its parent. */
const PARENT_RELS: Record<EntityLabel, readonly Rel[]> = { Business: [], Site: ["OPERATES"], ResourceFlow: ["OFFERS", "NEEDS"] };

/**
 * Rows per write query: one query per batch (a bulk import's chunk) is one Bolt message
 * and one plan execution; 5,000 flows of transaction state stay far below the smallest
 * heap the tests give Neo4j.
 */
const WRITE_BATCH = 5_000;

/**
 * How a row is written. `create` (a node that does not exist): CREATE, no MERGE, no
 * look-up of old links. `guarded`: MERGE by id; only where the stored hash differs, set
 * the properties, bump the version by one and relink. A batch query (`auto`) picks one of
 * the two per row, so a batch is one query: one Bolt message, one round trip.
 */
type RowMode = "create" | "guarded";
type Mode = RowMode | "auto";

/**
 * Rows travel as positional lists, `[id, hash, parentId, rel, lat, lon, owner, ...props]`,
 * with the property keys written into the query: the driver packs a list of values
 * markedly faster than a map per row. `owner` is the row's `orgId` property (sites and
 * flows), null for businesses.
 */
const FIXED = 7;

const quote = (key: string) => `\`${key.replace(/`/g, "``")}\``;

/** Link the written node `n` to its parent; Cypher cannot parameterize a relationship type. */
function linkParent(label: EntityLabel, mode: RowMode): string {
  const parent = PARENT_LABEL[label];
  if (!parent) return "";
  const verb = mode === "create" ? "CREATE" : "MERGE";
  const links = PARENT_RELS[label].map((rel) => `
      CALL (p, n, row) { WITH p, n, row WHERE row[3] = '${rel}' ${verb} (p)-[:${rel}]->(n) }`);
  // Only nodes that existed before (version > 1) can have an old link to drop — a flow
  // whose direction changed, a site moved to another business.
  const unlink =
    mode === "create"
      ? ""
      : `
      CALL (n, row) {
        WITH n, row WHERE n.version > 1
        MATCH (n)<-[old]-(q:${parent})
        WHERE type(old) <> row[3] OR q.id <> row[2]
        DELETE old
      }`;
  return `
      WITH n, row${unlink}
      MATCH (p:${parent} {id: row[2]})${links.join("")}`;
}

/** Write one `row` as node `n` (a null property is removed). */
function writeRow(label: EntityLabel, mode: RowMode, keys: readonly string[]): string {
  const props = keys.map((key, i) => `n.${quote(key)} = row[${FIXED + i}], `).join("");
  const location = label === "Site" ? ", n.location = point({latitude: row[4], longitude: row[5]})" : "";
  const write =
    mode === "create"
      ? `CREATE (n:${label} {id: row[0]})
      SET ${props}n.contentHash = row[1], n.version = 1, n.updatedAt = $now${location}`
      : `MERGE (n:${label} {id: row[0]})
      ON CREATE SET n.version = 0
      WITH n, row
      WHERE (n.contentHash IS NULL OR n.contentHash <> row[1])
        AND (row[6] IS NULL OR n.orgId IS NULL OR n.orgId = row[6])
      SET ${props}n.contentHash = row[1], n.version = n.version + 1, n.updatedAt = $now${location}`;
  return write + linkParent(label, mode);
}

const cypherCache = new Map<string, string>();

/** The write query of a label, mode and property keys; returns the rows it wrote. */
function upsertCypher(label: EntityLabel, mode: Mode, keys: readonly string[], existing: "update" | "keep" = "update"): string {
  const cacheKey = `${label}|${mode}|${existing}|${keys.join("|")}`;
  let text = cypherCache.get(cacheKey);
  if (text) return text;
  // Keeping existing nodes: only the rows no node holds yet are written.
  const update =
    existing === "keep"
      ? ""
      : `
        UNION ALL
        WITH row, fresh WHERE NOT fresh
        ${writeRow(label, "guarded", keys)}
        RETURN n`;
  const body =
    mode !== "auto"
      ? writeRow(label, mode, keys)
      : `OPTIONAL MATCH (existing:${label} {id: row[0]})
      WITH row, existing IS NULL AS fresh
      CALL (row, fresh) {
        WITH row, fresh WHERE fresh
        ${writeRow(label, "create", keys)}
        RETURN n${update}
      }`;
  text = `
    UNWIND $rows AS row
    ${body}
    RETURN n.id AS id, n.version AS version`;
  cypherCache.set(cacheKey, text);
  return text;
}

/** Run the writes of rows (grouped by property keys: a key a row lacks is left alone). */
async function runUpserts(
  tx: ManagedTransaction,
  label: EntityLabel,
  mode: Mode,
  rows: readonly EntityRow[],
  now: string,
  existing: "update" | "keep" = "update",
): Promise<Map<string, number>> {
  const groups = new Map<string, { keys: string[]; rows: unknown[][] }>();
  for (const row of rows) {
    const keys = Object.keys(row.props);
    const signature = keys.join("\u0000");
    let group = groups.get(signature);
    if (!group) groups.set(signature, (group = { keys, rows: [] }));
    const owner = typeof row.props.orgId === "string" ? row.props.orgId : null;
    group.rows.push([row.id, row.hash, row.parentId ?? null, row.rel ?? null, row.lat ?? null, row.lon ?? null, owner, ...keys.map((key) => row.props[key])]);
  }
  const written = new Map<string, number>();
  for (const { keys, rows: values } of groups.values()) {
    for (let i = 0; i < values.length; i += WRITE_BATCH) {
      const { records } = await tx.run(upsertCypher(label, mode, keys, existing), { rows: values.slice(i, i + WRITE_BATCH), now });
      for (const r of records) written.set(r.get("id") as string, r.get("version") as number);
    }
  }
  return written;
}

const isUniquenessViolation = (error: unknown) => (error as { code?: string } | null)?.code === "Neo.ClientError.Schema.ConstraintValidationFailed";

interface Unwritten {
  readonly version: number;
  readonly updatedAt: string;
  readonly hash: string | null;
  readonly orgId: string | null;
}

/** What is stored under the ids of rows that were not written: their content, another organization's node, or one kept. */
async function storedOf(tx: ManagedTransaction, label: EntityLabel, ids: readonly string[]): Promise<Map<string, Unwritten>> {
  if (ids.length === 0) return new Map();
  const { records } = await tx.run(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, n.version AS version, n.updatedAt AS updatedAt, n.contentHash AS hash, n.orgId AS orgId`,
    { ids },
  );
  return new Map(
    records.map((r) => [
      r.get("id") as string,
      { version: r.get("version") as number, updatedAt: r.get("updatedAt") as string, hash: r.get("hash") as string | null, orgId: r.get("orgId") as string | null },
    ]),
  );
}

/** Sort a batch's rows into outcomes, foreign and kept rows, from what was written and what is stored. */
function resultOf(rows: readonly EntityRow[], written: ReadonlyMap<string, number>, unwritten: ReadonlyMap<string, Unwritten>, now: string): UpsertResult {
  const outcomes: WriteOutcome[] = [];
  const foreign: string[] = [];
  const kept: string[] = [];
  for (const row of rows) {
    const version = written.get(row.id);
    // Version 1 after the write means this write created the node.
    if (version !== undefined) {
      outcomes.push({ id: row.id, version, change: version === 1 ? "created" : "updated", updatedAt: now });
      continue;
    }
    const current = unwritten.get(row.id);
    const owner = row.props.orgId;
    if (current && typeof owner === "string" && current.orgId !== null && current.orgId !== owner) foreign.push(row.id);
    else if (current && current.hash !== row.hash) kept.push(row.id);
    else outcomes.push({ id: row.id, version: current?.version ?? 0, change: "unchanged", updatedAt: current?.updatedAt ?? now });
  }
  return { outcomes, foreign, kept };
}

/**
 * Create or replace nodes by id in one transaction. Rows whose content equals what is
 * stored are left alone and reported `unchanged`; rows naming another organization's node
 * are left alone and reported `foreign`. Parents must exist (callers check).
 *
 * New nodes are created without MERGE; should a concurrent writer create one of them
 * first, the uniqueness constraint refuses the CREATE and the batch is written again the
 * guarded way (or, keeping existing nodes, the same way), which sees that node.
 */
export async function upsertEntities(driver: Driver, label: EntityLabel, rows: readonly EntityRow[], options: UpsertOptions = {}): Promise<UpsertResult> {
  if (rows.length === 0) return { outcomes: [], foreign: [], kept: [] };
  const existing = options.existing ?? "update";
  const now = new Date().toISOString();
  const upsert = (mode: Mode) => async (tx: ManagedTransaction) => {
    const written = await runUpserts(tx, label, mode, rows, now, existing);
    const result = resultOf(rows, written, await storedOf(tx, label, rows.filter((row) => !written.has(row.id)).map((row) => row.id)), now);
    await options.beforeCommit?.(result);
    return result;
  };
  const session = driver.session({ defaultAccessMode: "WRITE" });
  return session
    .executeWrite(upsert("auto"))
    .catch((error: unknown) => {
      if (isUniquenessViolation(error)) return session.executeWrite(upsert(existing === "keep" ? "auto" : "guarded"));
      throw error;
    })
    .finally(() => session.close());
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
  beforeCommit?: (outcome: WriteOutcome) => Promise<void>,
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
      const version = (await runUpserts(tx, label, "guarded", [row], now)).get(row.id)!;
      const outcome: WriteOutcome = { id, version, change: "updated", updatedAt: now };
      await beforeCommit?.(outcome);
      return { before, outcome };
    });
  } finally {
    await session.close();
  }
}

/**
 * Delete a node (and its relationships) if the caller saw its current version; returns
 * the version deleted. `beforeCommit` gets it inside the transaction, before the commit.
 */
export async function deleteGuarded(
  driver: Driver,
  label: EntityLabel,
  id: string,
  expectedVersion: number | undefined,
  beforeCommit?: (version: number) => Promise<void>,
): Promise<number> {
  const session = driver.session({ defaultAccessMode: "WRITE" });
  try {
    return await session.executeWrite(async (tx) => {
      const locked = await tx.run(`MATCH (n:${label} {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.version AS version`, { id });
      const version = locked.records[0]?.get("version") as number | undefined;
      if (version === undefined) throw errors.notFound(label, id);
      if (expectedVersion !== undefined && version !== expectedVersion) throw errors.versionConflict(label, id, expectedVersion, version);
      await tx.run(`MATCH (n:${label} {id: $id}) DETACH DELETE n`, { id });
      await beforeCommit?.(version);
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
