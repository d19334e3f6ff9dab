/**
 * Daily rollups of projections (`daily_rollups`): derived figures per day, projection,
 * organization, site, resource type, region, stage and party role. Written by replacing a
 * projection's days whole inside one transaction, so a rewrite of the same days is
 * idempotent and a reader never sees half a day.
 */
import type { Knex } from "knex";

/** One rollup row. */
export interface RollupRow {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly projection: string;
  readonly organizationId: string;
  readonly siteId: string;
  readonly resourceType: string;
  readonly regionCode: string;
  readonly stage: string;
  readonly partyRole: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

const CHUNK = 2_000;

/**
 * Replace `projection`'s rows for the days `from`..`to` (inclusive, YYYY-MM-DD) with `rows`
 * (all of which must lie in that span). With `from` null, every day of the projection goes.
 */
export async function replaceRollups(knex: Knex, projection: string, from: string | null, to: string, rows: readonly RollupRow[]): Promise<number> {
  return knex.transaction(async (trx) => {
    // Two writers of the same projection (two worker processes, a rebuild) take turns: without
    // the lock both would delete nothing and then insert the same keys.
    await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [`daily_rollups:${projection}`]);
    const del = trx("daily_rollups").where({ projection }).andWhere("day", "<=", to);
    await (from === null ? del : del.andWhere("day", ">=", from)).delete();
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx("daily_rollups").insert(
        rows.slice(i, i + CHUNK).map((r) => ({
          day: r.day,
          projection: r.projection,
          organization_id: r.organizationId,
          site_id: r.siteId,
          resource_type: r.resourceType,
          region_code: r.regionCode,
          stage: r.stage,
          party_role: r.partyRole,
          metric: r.metric,
          value: r.value,
          unit: r.unit,
        })),
      );
    }
    return rows.length;
  });
}

/** A filter over one projection's rollups. */
export interface RollupFilter {
  readonly projection: string;
  readonly organizationId?: string;
  /** Inclusive days, YYYY-MM-DD. */
  readonly from?: string;
  readonly to?: string;
}

const filtered = (knex: Knex, f: RollupFilter) => {
  const q = knex("daily_rollups").where({ projection: f.projection });
  if (f.organizationId !== undefined) q.andWhere({ organization_id: f.organizationId });
  if (f.from !== undefined) q.andWhere("day", ">=", f.from);
  if (f.to !== undefined) q.andWhere("day", "<=", f.to);
  return q;
};

/** Every row of a filter, ordered by day and grain (for comparisons and exports). */
export async function listRollups(knex: Knex, f: RollupFilter): Promise<RollupRow[]> {
  const rows = await filtered(knex, f)
    .select(knex.raw("to_char(day, 'YYYY-MM-DD') as day"), "projection", "organization_id", "site_id", "resource_type", "region_code", "stage", "party_role", "metric", "value", "unit")
    .orderBy(["day", "organization_id", "site_id", "resource_type", "region_code", "stage", "party_role", "metric"]);
  return rows.map((r: Record<string, unknown>) => ({
    day: r.day as string,
    projection: r.projection as string,
    organizationId: r.organization_id as string,
    siteId: r.site_id as string,
    resourceType: r.resource_type as string,
    regionCode: r.region_code as string,
    stage: r.stage as string,
    partyRole: r.party_role as string,
    metric: r.metric as string,
    value: Number(r.value),
    unit: r.unit as string,
  }));
}

/** Sums per day, stage and metric of a filter (the series a report draws). */
export async function rollupSeries(knex: Knex, f: RollupFilter): Promise<{ day: string; stage: string; metric: string; value: number }[]> {
  const rows = await filtered(knex, f)
    .select(knex.raw("to_char(day, 'YYYY-MM-DD') as day"), "stage", "metric")
    .sum({ value: "value" })
    .groupBy("day", "stage", "metric")
    .orderBy(["day", "stage", "metric"]);
  return rows.map((r: Record<string, unknown>) => ({ day: r.day as string, stage: r.stage as string, metric: r.metric as string, value: Number(r.value) }));
}

/** The latest day a projection has rows for (YYYY-MM-DD), or null. */
export async function latestRollupDay(knex: Knex, projection: string): Promise<string | null> {
  const { rows } = await knex.raw<{ rows: { day: string | null }[] }>("select to_char(max(day), 'YYYY-MM-DD') as day from daily_rollups where projection = ?", [projection]);
  return rows[0]?.day ?? null;
}
