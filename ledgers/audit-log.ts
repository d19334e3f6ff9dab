/** The append-only audit log: who changed what, when, to which version. */
import type { Knex } from "knex";

/** One audit entry to append. */
export interface AuditEntry {
  readonly actor: string;
  /** The organization the entry concerns (whose record changed, whose identity was read); its org_admins may read it. */
  readonly orgId?: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityVersion?: number;
  readonly payload?: unknown;
}

// Entries travel as one JSON array parameter, so a statement has one bind parameter
// whatever the batch size; slices only bound the size of that document.
const ROWS_PER_INSERT = 5_000;

/** Append entries (one insert per 5,000). */
export async function appendAudit(knex: Knex, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) await insertAudit(knex, entries.slice(i, i + ROWS_PER_INSERT));
}

async function insertAudit(knex: Knex, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // `e->'payload'` keeps the distinction the column has always had: an absent payload is
  // SQL NULL, a payload of null (a deletion) is the JSON null.
  await knex.raw(
    `insert into audit_log (actor, org_id, action, entity_type, entity_id, entity_version, payload)
     select e->>'actor', e->>'org_id', e->>'action', e->>'entity_type', e->>'entity_id', (e->>'entity_version')::int, e->'payload'
     from jsonb_array_elements(?::jsonb) with ordinality as a(e, n)
     order by a.n`,
    [
      JSON.stringify(
        entries.map((e) => ({
          actor: e.actor,
          org_id: e.orgId ?? null,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          entity_version: e.entityVersion ?? null,
          payload: e.payload,
        })),
      ),
    ],
  );
}

/**
 * Which of `writes` (entity id at version) `actor` recorded, with the action it recorded
 * ("created", "updated"), by `${id}@${version}`. An import asks it of the rows a redelivered
 * chunk found unchanged: those its own earlier attempt wrote are still that attempt's work.
 */
export async function actionsBy(knex: Knex, actor: string, entityType: string, writes: readonly { id: string; version: number }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < writes.length; i += ROWS_PER_INSERT) {
    const part = writes.slice(i, i + ROWS_PER_INSERT);
    const rows = (await knex("audit_log")
      .where({ actor, entity_type: entityType })
      .whereIn(["entity_id", "entity_version"], part.map((w) => [w.id, w.version]))
      .select("entity_id", "entity_version", "action")) as { entity_id: string; entity_version: number; action: string }[];
    for (const r of rows) found.set(`${r.entity_id}@${r.entity_version}`, r.action);
  }
  return found;
}

/** One entry as read back. */
export interface StoredAuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly orgId: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityVersion: number | null;
  readonly payload: unknown;
}

/** Which entries to read: `orgIds` null means every organization's (and those of none). */
export interface AuditFilter {
  readonly orgIds: readonly string[] | null;
  readonly actor?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Entries older than this id (the cursor). */
  readonly before: string | null;
  readonly limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  org_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  entity_version: number | null;
  payload: unknown;
}

/** Entries newest first, `limit + 1` of them (for toPage), filtered. */
export async function listAudit(knex: Knex, filter: AuditFilter): Promise<StoredAuditEntry[]> {
  const q = knex<AuditRow>("audit_log").select("*").orderBy("id", "desc").limit(filter.limit + 1);
  if (filter.orgIds !== null) q.whereIn("org_id", [...filter.orgIds]);
  if (filter.actor !== undefined) q.where("actor", filter.actor);
  if (filter.action !== undefined) q.where("action", filter.action);
  if (filter.from !== undefined) q.where("at", ">=", filter.from);
  if (filter.to !== undefined) q.where("at", "<", filter.to);
  if (filter.before !== null) q.where("id", "<", filter.before);
  const rows = (await q) as AuditRow[];
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    orgId: r.org_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityVersion: r.entity_version,
    payload: r.payload,
  }));
}
