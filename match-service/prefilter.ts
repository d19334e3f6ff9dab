/**
 * The spatial prefilter (DESIGN.md "Matching" step 1): one PostGIS query returns the
 * source flow and every complementary flow within the resource's radius — opposite
 * direction, a compatible resource type (matching/compatibility), another organization,
 * not a pair a party rejected — with all the columns the engine scores. GiST-indexed
 * `ST_DWithin` on geography, one index probe per compatible type.
 */
import type { Knex } from "knex";
import pg from "pg";
import { getResourceType } from "../domain/taxonomy.ts";
import { RULES, type MatchableFlow } from "../matching/index.ts";
import { FLOW_COLUMNS, toMatchable, type FlowIndexRecord } from "./rows.ts";

/** One compatibility row as the query joins it: from a source of (direction, type) look for `candType` within `radiusM`. */
interface CompatRow {
  readonly srcDir: "offer" | "need";
  readonly srcType: string;
  readonly candType: string;
  readonly radiusM: number;
}

/** Every (source direction, source type) → (candidate type, radius) the taxonomy allows. The radius is the offer type's. */
export function compatibilityRows(): CompatRow[] {
  const rows: CompatRow[] = [];
  for (const r of RULES) {
    const radiusM = getResourceType(r.offer).radiusKm * 1000;
    rows.push({ srcDir: "offer", srcType: r.offer, candType: r.need, radiusM });
    rows.push({ srcDir: "need", srcType: r.need, candType: r.offer, radiusM });
  }
  return rows;
}

const COMPAT = compatibilityRows();
const COMPAT_PARAMS = [COMPAT.map((c) => c.srcDir), COMPAT.map((c) => c.srcType), COMPAT.map((c) => c.candType), COMPAT.map((c) => c.radiusM)];

/** Radius (km) the prefilter uses between a source and a candidate type, or undefined when incompatible. */
export function radiusKmFor(source: { direction: "offer" | "need"; resourceType: string }, candidateType: string): number | undefined {
  const row = COMPAT.find((c) => c.srcDir === source.direction && c.srcType === source.resourceType && c.candType === candidateType);
  return row === undefined ? undefined : row.radiusM / 1000;
}

/**
 * Candidate budget: per compatible type, the prefilter keeps the nearest this many flows
 * within the radius. Dense regions put thousands of bulk-material flows inside a 200 km
 * radius (2,000 at p95 in a 100k-site region); past the nearest few hundred, distance
 * has already taken most of their score, and fetching them all made the query the
 * largest part of a match. Index-assisted: KNN ordering on the (type, direction, point)
 * GiST index.
 */
export const CANDIDATES_PER_TYPE = 200;

// Positional parameters: $1 flow id, $2–$5 the compatibility table, $6 radius factor,
// $7 candidates per type.
const SQL = `
with s as (select * from flow_index where flow_id = $1),
c as (
  select t.cand_type, t.radius_m
  from s join unnest($2::text[], $3::text[], $4::text[], $5::float8[]) as t(src_dir, src_type, cand_type, radius_m)
    on t.src_dir = s.direction and t.src_type = s.resource_type
)
select true as is_source, ${FLOW_COLUMNS} from flow_index f where f.flow_id = $1
union all
select false as is_source, ${FLOW_COLUMNS.replaceAll("f.", "n.")}
from s cross join c
cross join lateral (
  select f.* from flow_index f
  where f.resource_type = c.cand_type
    and f.direction <> s.direction
    and f.org_id <> s.org_id
    and st_dwithin(f.geog, s.geog, c.radius_m * $6::float8)
    and not exists (
      select 1 from match_decisions d
      where d.decision = 'rejected'
        and d.supply_flow_id = case when s.direction = 'offer' then s.flow_id else f.flow_id end
        and d.demand_flow_id = case when s.direction = 'offer' then f.flow_id else s.flow_id end
    )
  order by f.geog <-> s.geog
  limit $7
) n`;

// Planning a geography ST_DWithin costs PostgreSQL far more than running it (tens of ms
// against well under one on a GiST index). The prefilter therefore runs as a named
// prepared statement with a generic plan, on a small pool of its own so that setting
// applies to nothing else.
const pools = new WeakMap<Knex, pg.Pool>();

function poolFor(knex: Knex): pg.Pool {
  let pool = pools.get(knex);
  if (!pool) {
    const conn = (knex.client as { config: { connection: unknown } }).config.connection;
    const settings = typeof conn === "string" ? { connectionString: conn } : (conn as pg.PoolConfig);
    pool = new pg.Pool({ ...settings, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true, options: "-c plan_cache_mode=force_generic_plan" });
    pool.on("error", () => undefined); // an idle client's error surfaces on the next query
    pools.set(knex, pool);
  }
  return pool;
}

/** Close the prefilter's own pool for this knex (processes exit without it too: the pool allows exit on idle). */
export async function closePrefilter(knex: Knex): Promise<void> {
  const pool = pools.get(knex);
  pools.delete(knex);
  await pool?.end();
}

/** What the prefilter found: the source (undefined when the flow is not indexed) and its candidates. */
export interface Prefiltered {
  readonly source: MatchableFlow | undefined;
  readonly candidates: MatchableFlow[];
  /** Canonical unit per flow id (source and candidates), for presentation. */
  readonly units: Map<string, string>;
}

/**
 * Source flow and its spatially and type-compatible counterparts, in one query.
 * `radiusFactor` widens every radius (the engine's fallback relaxation goes up to ×3).
 */
export async function prefilter(knex: Knex, flowId: string, radiusFactor = 1): Promise<Prefiltered> {
  const { rows } = await poolFor(knex).query<FlowIndexRecord & { is_source: boolean }>({ name: "turash_match_prefilter", text: SQL, values: [flowId, ...COMPAT_PARAMS, radiusFactor, CANDIDATES_PER_TYPE] });
  let source: MatchableFlow | undefined;
  const candidates: MatchableFlow[] = [];
  const units = new Map<string, string>();
  for (const r of rows) {
    units.set(r.flow_id, r.canonical_unit);
    if (r.is_source) source = toMatchable(r);
    else candidates.push(toMatchable(r));
  }
  if (!source) candidates.length = 0;
  return { source, candidates, units };
}

/**
 * Current version and organization of an indexed flow (undefined when not indexed): the
 * cached read path's one database round trip, so it runs as a prepared statement too.
 */
export async function indexedVersion(knex: Knex, flowId: string): Promise<{ version: number; orgId: string } | undefined> {
  const { rows } = await poolFor(knex).query<{ version: number; org_id: string }>({
    name: "turash_flow_version",
    text: "select version, org_id from flow_index where flow_id = $1",
    values: [flowId],
  });
  const row = rows[0];
  return row ? { version: row.version, orgId: row.org_id } : undefined;
}

/** Indexed flows of an organization (ids and versions), for organization-wide matching. */
export async function flowsOfOrg(knex: Knex, orgId: string): Promise<{ flowId: string; version: number; direction: string }[]> {
  const rows = (await knex("flow_index").where({ org_id: orgId }).select("flow_id", "version", "direction").orderBy("flow_id")) as {
    flow_id: string;
    version: number;
    direction: string;
  }[];
  return rows.map((r) => ({ flowId: r.flow_id, version: r.version, direction: r.direction }));
}
