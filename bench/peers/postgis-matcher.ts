/**
 * The all-in-PostGIS peer of the matching benchmark (issue 16 item 3): what a matcher
 * built entirely in the database would cost. One query joins the source flow with a
 * compatibility table loaded from matching/compatibility.json and with every flow_index
 * row inside the pair's radius (`ST_DWithin` on the GiST index), scores each candidate in
 * SQL and returns the top 10. The score is a simplified mirror of matching/score.ts —
 * distance, quantity, quality (temperature) and trust terms — not the engine's seven
 * factors; {@link peerScore} is the same formula in TypeScript, unit-tested against the
 * engine's quantity factor, so the SQL and what it approximates stay documented together.
 */
import type { Knex } from "knex";
import pg from "pg";
import { getResourceType } from "../../domain/taxonomy.ts";
import { DEFAULT_SCORING_PARAMS, RULES } from "../../matching/index.ts";
import { Thermal } from "../../matching/compatibility.ts";

/** The peer's compatibility table (one row per source direction and pair). */
export const PEER_TABLE = "bench_peer_compat";

const MARGIN_K = DEFAULT_SCORING_PARAMS.temperatureMarginK;
const PRECISION_TRUST = { measured: 1, estimated: 0.7, rough: 0.4 } as const;

/** Weights of the peer's four terms (distance, quantity, quality, trust). */
export const PEER_WEIGHTS = [0.3, 0.3, 0.2, 0.2] as const;

/** One side of a pair as the peer scores it. */
export interface PeerSide {
  readonly annualQuantity: number;
  readonly temperatureC?: number | undefined;
  readonly precision: keyof typeof PRECISION_TRUST;
}

/**
 * The peer's score of supply → demand at `distanceM` under a rule with `efficiency`,
 * `thermal` (matching/compatibility Thermal) and `radiusM`, or −1 when the temperature
 * rules the pair out. Mirrors the SQL of {@link PEER_SQL} term by term.
 */
export function peerScore(supply: PeerSide, demand: PeerSide, rule: { efficiency: number; thermal: number; radiusM: number }, distanceM: number): number {
  const tS = supply.temperatureC;
  const tD = demand.temperatureC;
  let quality = 1;
  if (rule.thermal !== Thermal.None) {
    if (tS === undefined || tD === undefined) quality = 0.5;
    else if (rule.thermal === Thermal.Heat ? tS >= tD + MARGIN_K : tS <= tD - MARGIN_K) quality = 1;
    else return -1;
  }
  const distance = Math.max(0, 1 - distanceM / rule.radiusM);
  const sup = supply.annualQuantity * rule.efficiency;
  const dem = demand.annualQuantity;
  let quantity = 0;
  if (sup > 0 && dem > 0) {
    const coverage = Math.min(1, sup / dem);
    quantity = 0.7 * coverage + 0.3 * Math.min(1, (coverage * dem) / sup);
  }
  const trust = (PRECISION_TRUST[supply.precision] + PRECISION_TRUST[demand.precision]) / 2;
  const [wd, wq, wl, wt] = PEER_WEIGHTS;
  return wd * distance + wq * quantity + wl * quality + wt * trust;
}

const trustSql = (col: string) => `(case ${col} when 'measured' then ${PRECISION_TRUST.measured} when 'estimated' then ${PRECISION_TRUST.estimated} else ${PRECISION_TRUST.rough} end)`;

/** The peer's one query: $1 the flow id; the top 10 candidates with their scores. */
export const PEER_SQL = `
with s as (select * from flow_index where flow_id = $1),
p as (
  select c.flow_id, t.thermal, t.radius_m, st_distance(c.geog, s.geog) as d,
    case when s.direction = 'offer' then s.annual_quantity else c.annual_quantity end * t.efficiency as sup,
    case when s.direction = 'offer' then c.annual_quantity else s.annual_quantity end as dem,
    case when s.direction = 'offer' then s.temperature_c else c.temperature_c end as ts,
    case when s.direction = 'offer' then c.temperature_c else s.temperature_c end as td,
    (${trustSql("s.precision")} + ${trustSql("c.precision")}) / 2.0 as trust
  from s
  join ${PEER_TABLE} t on t.src_dir = s.direction and t.src_type = s.resource_type
  join flow_index c on c.resource_type = t.cand_type and c.direction <> s.direction and c.org_id <> s.org_id
    and st_dwithin(c.geog, s.geog, t.radius_m)
),
q as (
  select flow_id, d,
    greatest(0, 1 - d / radius_m) as f_dist,
    case when sup > 0 and dem > 0 then 0.7 * least(1, sup / dem) + 0.3 * least(1, least(1, sup / dem) * dem / sup) else 0 end as f_qty,
    case when thermal = 0 then 1.0 when ts is null or td is null then 0.5 else 1.0 end as f_qual,
    trust
  from p
  where thermal = 0 or ts is null or td is null
     or (thermal = ${Thermal.Heat} and ts >= td + ${MARGIN_K}) or (thermal = ${Thermal.Cold} and ts <= td - ${MARGIN_K})
)
select flow_id, d, ${PEER_WEIGHTS[0]} * f_dist + ${PEER_WEIGHTS[1]} * f_qty + ${PEER_WEIGHTS[2]} * f_qual + ${PEER_WEIGHTS[3]} * trust as score
from q order by score desc, flow_id limit 10`;

/** Every (source direction, source type) → (candidate type, radius, efficiency, thermal) of compatibility.json. */
export function peerCompatRows(): { src_dir: string; src_type: string; cand_type: string; radius_m: number; efficiency: number; thermal: number }[] {
  return RULES.flatMap((r) => {
    const common = { radius_m: getResourceType(r.offer).radiusKm * 1000, efficiency: r.efficiency, thermal: r.thermal };
    return [
      { src_dir: "offer", src_type: r.offer, cand_type: r.need, ...common },
      { src_dir: "need", src_type: r.need, cand_type: r.offer, ...common },
    ];
  });
}

/** A peer bound to the bench database: its table loaded, its own pool with generic plans (as the prefilter runs). */
export interface PostgisPeer {
  match(flowId: string): Promise<{ flow_id: string; d: number; score: number }[]>;
  close(): Promise<void>;
}

/** (Re)create and fill the peer's compatibility table and open its pool. */
export async function openPostgisPeer(knex: Knex, connectionString: string): Promise<PostgisPeer> {
  await knex.schema.dropTableIfExists(PEER_TABLE);
  await knex.schema.createTable(PEER_TABLE, (t) => {
    t.text("src_dir").notNullable();
    t.text("src_type").notNullable();
    t.text("cand_type").notNullable();
    t.double("radius_m").notNullable();
    t.double("efficiency").notNullable();
    t.integer("thermal").notNullable();
    t.index(["src_dir", "src_type"]);
  });
  await knex(PEER_TABLE).insert(peerCompatRows());
  await knex.raw(`analyze ${PEER_TABLE}`);
  const pool = new pg.Pool({ connectionString, max: 2, options: "-c plan_cache_mode=force_generic_plan" });
  pool.on("error", () => undefined);
  return {
    async match(flowId) {
      const { rows } = await pool.query<{ flow_id: string; d: number; score: number }>({ name: "bench_peer_match", text: PEER_SQL, values: [flowId] });
      return rows;
    },
    async close() {
      await pool.end();
      await knex.schema.dropTableIfExists(PEER_TABLE);
    },
  };
}
