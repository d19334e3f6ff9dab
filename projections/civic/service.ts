/**
 * The civic projection's use case over the stores: a region's release (release.ts) from the
 * spatial index (sites and flows, which the write path keeps equal to the graph) and the
 * carbon rollups of their latest day (matched deliveries, partnerships and CO2 per
 * receiving site), both read for the sites around the region only — so a release costs what
 * the region holds, not what the whole graph does.
 *
 * Where a figure sits: supply and demand at the site of the flow; matched potential, active
 * partnerships and avoidable CO2 at the receiving site (where the delivery displaces
 * something — the carbon rollups credit a region the same way), so no match counts twice.
 *
 * The matched figures are the rollups', not a recomputation: the credited-once allocation
 * shares each supply among all its matches wherever they are, so recomputing it for one
 * region means recomputing it for the whole graph. The rollup writer (projections/carbon/
 * rollup-worker.ts, in the matching worker's process) rewrites today's rows a debounce
 * after each batch of matches and each deal step, so the matched figures, partnerships and
 * CO2 lag the graph by up to one rollup write (seconds) and are of the day `carbonDay` the
 * release names — as every projection's rollups lag the graph (DESIGN.md); supply and
 * demand are as of `generatedAt`. Before the first rollup write a region shows no matched
 * figures at all.
 *
 * A release is cached in Redis for {@link RELEASE_TTL_SECONDS}: every public route, the
 * dashboard and the open-data files of that time read the same value.
 */
import type { Knex } from "knex";
import type { Driver } from "neo4j-driver";
import type { Redis } from "ioredis";
import { createHmac } from "node:crypto";
import { cellToLatLng } from "h3-js";
import { latestRollupDay } from "../../ledgers/daily-rollups.ts";
import { lockCivicReleases, publishedSetsOf, recordPublishedSets } from "../../ledgers/civic-published-sets.ts";
import { civicFlowsInBox, civicRegion, civicSiteRollupsInBox, civicSitesInBox, pointsInRegion, type CivicRegion } from "../../spatial/civic-facts.ts";
import { CARBON_PROJECTION } from "../carbon/rollup-rows.ts";
import { cellToParent } from "h3-js";
import { canonicalPart, cityCellOf, COUNTRY_RESOLUTION, DEFAULT_RULE, disclose, ORGANIZATIONS, restKey, type Contribution, type Disclosure, type DisclosureRule, type Dominance } from "./disclosure.ts";
import { buildRelease, type CivicRelease } from "./release.ts";

/** The stores a release reads. */
export interface CivicStores {
  readonly neo4j: Driver;
  readonly knex: Knex;
}

export const RELEASE_TTL_SECONDS = 300;

/**
 * The rule a deployment applies: its dominance thresholds (platform/config.ts) and a digest
 * of each contributor's part keyed by the server's ID_SECRET (under a label of its own, so
 * it is unrelated to the match ids keyed by the same secret). Keyed, a digest in the ledger
 * cannot be matched against guessed quantities. Rotating ID_SECRET makes every part look
 * changed once: the next release compares membership only in effect, so rotate between
 * releases that few would difference.
 */
export function civicRule(config: { readonly civic: { readonly dominance: Dominance }; readonly secrets: { readonly idSecret: string } }): DisclosureRule {
  const key = createHmac("sha256", config.secrets.idSecret).update("turash civic part digest").digest();
  return {
    dominance: config.civic.dominance,
    digest: (k, metric, orgId, value) => createHmac("sha256", key).update(`${k}\n${metric}\n${orgId}\n${canonicalPart(value)}`).digest("base64url"),
  };
}

/**
 * How far around a region's box sites are read: a country cell (resolution 5, 8.5 km edge)
 * reaches at most ~20 km past the city cells it contains, and its figures and its
 * complementary suppressions need every site in it, inside the region or not.
 */
const MARGIN_KM = 25;
const DAYS_PER_YEAR = 365;

const widen = (box: CivicRegion["bbox"]): CivicRegion["bbox"] => {
  const dLat = MARGIN_KM / 111;
  const dLon = MARGIN_KM / (111 * Math.max(0.1, Math.cos((((box.south + box.north) / 2) * Math.PI) / 180)));
  return { west: Math.max(-180, box.west - dLon), south: Math.max(-90, box.south - dLat), east: Math.min(180, box.east + dLon), north: Math.min(90, box.north + dLat) };
};

/** The rollup metrics a release reads per receiving site. */
const SITE_METRICS = ["delivered_quantity", "partnerships", "co2_avoided_t"] as const;

/**
 * Every contribution around a region, before any disclosure rule: one `organizations` per
 * site, supply/demand per flow, matched potential / partnerships / CO2 per receiving site
 * and need type (the carbon rollups' latest day; yearly figures are a day's × 365).
 * Exported for the tests' recomputation.
 */
export async function civicContributions(stores: CivicStores, region: CivicRegion): Promise<{ contributions: Contribution[]; carbonDay: string | null }> {
  const box = widen(region.bbox);
  const [sites, flows, carbonDay] = await Promise.all([civicSitesInBox(stores.knex, box), civicFlowsInBox(stores.knex, box), latestRollupDay(stores.knex, CARBON_PROJECTION)]);
  const out: Contribution[] = sites.map((s) => ({ orgId: s.orgId, lat: s.lat, lon: s.lon, metric: ORGANIZATIONS, value: 1 }));
  for (const f of flows) out.push({ orgId: f.orgId, lat: f.lat, lon: f.lon, metric: `${f.direction === "offer" ? "supply" : "demand"}:${f.resourceType}`, value: f.annualQuantity });
  if (carbonDay) {
    const figures = await civicSiteRollupsInBox(stores.knex, box, { projection: CARBON_PROJECTION, day: carbonDay, partyRole: "receiver", metrics: SITE_METRICS });
    // A site's CO2 is one figure over its need types, as the map shows it; its deliveries stay per type.
    const co2 = new Map<string, Contribution & { value: number }>();
    for (const r of figures) {
      if (r.value === 0) continue;
      const at = { orgId: r.orgId, lat: r.lat, lon: r.lon };
      if (r.metric === "delivered_quantity") out.push({ ...at, metric: `matched:${r.resourceType}`, value: r.value * DAYS_PER_YEAR });
      // A count per day: the day's partnerships, not a yearly figure.
      else if (r.metric === "partnerships") out.push({ ...at, metric: "partnerships", value: r.value });
      else {
        const had = co2.get(r.siteId);
        if (had) had.value += r.value * DAYS_PER_YEAR;
        else co2.set(r.siteId, { ...at, metric: "co2_avoided_t", value: r.value * DAYS_PER_YEAR });
      }
    }
    for (const c of co2.values()) if (c.value !== 0) out.push(c);
  }
  return { contributions: out, carbonDay };
}

/**
 * The disclosure against every earlier release: the sets published before are read, the
 * rule applied, and what this release shows recorded — the region's city cells, their
 * country cells and those cells' rests, not the margin read around it — under one lock, so
 * releases built at the same time by two processes are decided one after the other.
 */
async function discloseOnce(knex: Knex, contributions: readonly Contribution[], rule: DisclosureRule, shown: (d: Disclosure) => Promise<readonly string[]>): Promise<{ d: Disclosure; cells: readonly string[] }> {
  const keys = new Set<string>();
  for (const c of contributions) {
    const city = cityCellOf(c.lat, c.lon);
    const country = cellToParent(city, COUNTRY_RESOLUTION);
    keys.add(city).add(country).add(restKey(country));
  }
  return knex.transaction(async (trx) => {
    await lockCivicReleases(trx);
    const before = await publishedSetsOf(trx, [...keys]);
    const d = disclose(contributions, (key, metric) => before.get(`${key} ${metric}`) ?? [], rule);
    const cells = await shown(d);
    const parents = new Set(cells.map((c) => cellToParent(c, COUNTRY_RESOLUTION)));
    const recorded = new Set([...cells, ...parents, ...[...parents].map(restKey)]);
    await recordPublishedSets(trx, d.released.filter((r) => recorded.has(r.key)).map((r) => ({ key: r.key, metric: r.metric, organizationIds: r.orgs, digests: r.digests })));
    return { d, cells };
  });
}

/** Compute a region's release from the stores (no cache). Null when no such region is loaded. */
export async function computeRelease(stores: CivicStores, code: string, level?: string, now = new Date(), rule: DisclosureRule = DEFAULT_RULE): Promise<CivicRelease | null> {
  const region = await civicRegion(stores.knex, code, level);
  if (!region) return null;
  const { contributions, carbonDay } = await civicContributions(stores, region);
  const { d, cells } = await discloseOnce(stores.knex, contributions, rule, async (d) => {
    const all = [...d.city.keys()];
    const inside = await pointsInRegion(
      stores.knex,
      region.level,
      region.code,
      all.map((c) => {
        const [lat, lon] = cellToLatLng(c);
        return { lat, lon };
      }),
    );
    return all.filter((_, i) => inside[i]);
  });
  return buildRelease(
    d,
    cells,
    { region: { level: region.level, code: region.code, name: region.name }, carbonDay, generatedAt: now.toISOString() },
  );
}

/** A region's release, from the cache when one was built in the last {@link RELEASE_TTL_SECONDS}. */
export async function regionRelease(stores: CivicStores & { readonly redis: Redis }, code: string, level?: string, rule: DisclosureRule = DEFAULT_RULE): Promise<CivicRelease | null> {
  const key = `civic:release:${level ?? "*"}:${code}`;
  const cached = await stores.redis.get(key).catch(() => null);
  if (cached) return JSON.parse(cached) as CivicRelease;
  const release = await computeRelease(stores, code, level, new Date(), rule);
  // A missing region is not cached: boundaries loaded a minute later show at once.
  if (release) await stores.redis.set(key, JSON.stringify(release), "EX", RELEASE_TTL_SECONDS).catch(() => undefined);
  return release;
}
