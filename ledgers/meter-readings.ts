/**
 * The meter-readings ledger: every reading a flow's meter sent, as sent and converted to
 * the flow's canonical unit. One row per (flow, reading time): a re-sent reading is an
 * idempotent upsert, a corrected one (same time, other value) replaces the old.
 */
import type { Knex } from "knex";

/** A reading as stored. */
export interface StoredReading {
  readonly flowId: string;
  readonly siteId: string;
  /** The reading's identity (ISO 8601). */
  readonly readingAt: string;
  readonly value: number;
  readonly unit: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The value as an amount over the period in `canonicalUnit`. */
  readonly amount: number;
  readonly canonicalUnit: string;
  readonly source: string;
}

/** What storing a reading did. */
export type StoreOutcome = "created" | "updated" | "unchanged";

/**
 * Insert a reading, or replace the stored one at the same time when its content differs.
 * The source alone is not content: the same reading via another path changes nothing.
 */
export async function upsertMeterReading(knex: Knex, r: StoredReading): Promise<StoreOutcome> {
  const { rows } = await knex.raw<{ rows: { inserted: boolean }[] }>(
    `insert into meter_readings (flow_id, site_id, reading_at, value, unit, period_start, period_end, amount, canonical_unit, source)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (flow_id, reading_at) do update set
       site_id = excluded.site_id, value = excluded.value, unit = excluded.unit, period_start = excluded.period_start,
       period_end = excluded.period_end, amount = excluded.amount, canonical_unit = excluded.canonical_unit,
       source = excluded.source, received_at = now()
     where (meter_readings.site_id, meter_readings.value, meter_readings.unit, meter_readings.period_start,
            meter_readings.period_end, meter_readings.amount, meter_readings.canonical_unit)
       is distinct from (excluded.site_id, excluded.value, excluded.unit, excluded.period_start,
            excluded.period_end, excluded.amount, excluded.canonical_unit)
     returning (xmax = 0) as inserted`,
    [r.flowId, r.siteId, r.readingAt, r.value, r.unit, r.periodStart, r.periodEnd, r.amount, r.canonicalUnit, r.source],
  );
  const row = rows[0];
  if (!row) return "unchanged";
  return row.inserted ? "created" : "updated";
}

/**
 * The readings of a flow in `canonicalUnit` whose period ends within `windowMs` of the
 * latest one's end — what annualization needs — as epoch-millisecond spans.
 */
export async function readingSpans(knex: Knex, flowId: string, canonicalUnit: string, windowMs: number): Promise<{ start: number; end: number; amount: number }[]> {
  const { rows } = await knex.raw<{ rows: { start: number; end: number; amount: number }[] }>(
    `select extract(epoch from period_start)::float8 * 1000 as start, extract(epoch from period_end)::float8 * 1000 as "end", amount
     from meter_readings
     where flow_id = ? and canonical_unit = ?
       and period_end > (select max(period_end) from meter_readings where flow_id = ? and canonical_unit = ?) - make_interval(secs => ?)
     order by period_start`,
    [flowId, canonicalUnit, flowId, canonicalUnit, windowMs / 1000],
  );
  return rows.map((r) => ({ start: Number(r.start), end: Number(r.end), amount: Number(r.amount) }));
}

/** Every stored reading of a flow, oldest first. */
export async function listMeterReadings(knex: Knex, flowId: string): Promise<StoredReading[]> {
  const rows = await knex("meter_readings").where({ flow_id: flowId }).orderBy("reading_at");
  return rows.map((row: Record<string, unknown>) => ({
    flowId: row.flow_id as string,
    siteId: row.site_id as string,
    readingAt: (row.reading_at as Date).toISOString(),
    value: Number(row.value),
    unit: row.unit as string,
    periodStart: (row.period_start as Date).toISOString(),
    periodEnd: (row.period_end as Date).toISOString(),
    amount: Number(row.amount),
    canonicalUnit: row.canonical_unit as string,
    source: row.source as string,
  }));
}
