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
