/** The append-only audit log: who changed what, when, to which version. */
import type { Knex } from "knex";

/** One audit entry to append. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityVersion?: number;
  readonly payload?: unknown;
}

// PostgreSQL allows 65,535 bind parameters per statement; 6 per row.
const ROWS_PER_INSERT = 5_000;

/** Append entries (one insert per 5,000). */
export async function appendAudit(knex: Knex, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) await insertAudit(knex, entries.slice(i, i + ROWS_PER_INSERT));
}

async function insertAudit(knex: Knex, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await knex("audit_log").insert(
    entries.map((e) => ({
      actor: e.actor,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      entity_version: e.entityVersion ?? null,
      payload: e.payload === undefined ? null : JSON.stringify(e.payload),
    })),
  );
}
