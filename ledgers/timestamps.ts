/**
 * Timestamps as the ledgers hand them on: ISO 8601 in UTC. node-postgres returns a
 * `timestamptz` column as a Date, but a value read through `to_char`, a JSON column or
 * a raw query may arrive as text: both are normalized here, once for every ledger.
 */

/** A timestamp column's value as ISO 8601 (UTC); null for null or undefined. */
export function isoTime(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** A NOT NULL timestamp column's value as ISO 8601 (UTC). */
export function isoTimeOf(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}
