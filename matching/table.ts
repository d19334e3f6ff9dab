/**
 * Compiles flows and their context into a struct-of-arrays table: the hot path reads
 * typed arrays by index instead of object properties, and never allocates.
 */
import { TYPE_HAZARDOUS, TYPE_RADIUS_KM, typeIndex } from "./compatibility.ts";
import type { MatchableFlow, MatchContext, Precision } from "./types.ts";

const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;

/** Precision as a number: 0 rough, 1 estimated, 2 measured. */
export const PRECISION_CODE: Readonly<Record<Precision, number>> = { rough: 0, estimated: 1, measured: 2 };

/** The compiled table. Index i describes flows[i]; NaN means "not given". */
export interface FlowTable {
  readonly n: number;
  readonly flows: readonly MatchableFlow[];
  /** 0 offer, 1 need. */
  readonly dir: Uint8Array;
  readonly type: Int32Array;
  readonly latR: Float64Array;
  readonly lonR: Float64Array;
  readonly cosLat: Float64Array;
  readonly qty: Float64Array;
  readonly peakKw: Float64Array;
  readonly tempC: Float64Array;
  readonly pressure: Float64Array;
  readonly purity: Float64Array;
  /** Interned hazard class of an offer, −1 when not hazardous. */
  readonly hazard: Int32Array;
  readonly hazardClasses: readonly string[];
  /** Need: 1 when it accepts any hazard class. */
  readonly acceptAll: Uint8Array;
  /** Need: interned classes it accepts (null = none). */
  readonly accepts: readonly (ReadonlySet<number> | null)[];
  readonly abp: Uint8Array;
  /** Radius for this flow: its own maxDistanceKm (∞ when absent) and, for offers, at most the taxonomy radius. */
  readonly radiusKm: Float64Array;
  /** The party's own maxDistanceKm (∞ when absent): a limit the fallback's wider radius never crosses. */
  readonly limitKm: Float64Array;
  readonly minQty: Float64Array;
  readonly months: Int32Array;
  readonly monthCount: Uint8Array;
  readonly hours: Float64Array;
  readonly startDay: Float64Array;
  readonly endDay: Float64Array;
  readonly variability: Float64Array;
  readonly price: Float64Array;
  readonly disposal: Float64Array;
  readonly currentCost: Float64Array;
  readonly precision: Uint8Array;
  readonly org: Int32Array;
  readonly site: Int32Array;
  readonly orgIds: readonly string[];
  /** Past successful exchanges per org index. */
  readonly orgHistory: Float64Array;
  /** Org pairs (a·orgCount + b, both orders) that already partner. */
  readonly partners: ReadonlySet<number>;
  /** Org pairs sharing a facilitator. */
  readonly sharedFacilitator: ReadonlySet<number>;
  /** Flow pairs (a·n + b, both orders) a party rejected. */
  readonly rejected: ReadonlySet<number>;
}

/** Order-free key of a pair of flow ids, for `MatchContext.rejectedPairs`. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
}

function popcount12(m: number): number {
  let c = 0;
  for (let x = m & 0xfff; x; x &= x - 1) c++;
  return c;
}

function dayOf(iso: string | undefined, fallback: number): number {
  if (!iso) return fallback;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`invalid ISO date: ${iso}`);
  return Math.floor(t / DAY_MS);
}

function num(v: number | undefined): number {
  return v === undefined || v === null ? Number.NaN : v;
}

/**
 * Compiles flows and context. Throws on an unknown resource type (the ingest path
 * validates; reaching here with one is a bug).
 */
export function compileFlows(flows: readonly MatchableFlow[], context: MatchContext = {}): FlowTable {
  const n = flows.length;
  const orgIndex = new Map<string, number>();
  const siteIndex = new Map<string, number>();
  const hazardIndex = new Map<string, number>();
  const intern = (m: Map<string, number>, k: string) => {
    let i = m.get(k);
    if (i === undefined) m.set(k, (i = m.size));
    return i;
  };
  const t = {
    n,
    flows,
    dir: new Uint8Array(n),
    type: new Int32Array(n),
    latR: new Float64Array(n),
    lonR: new Float64Array(n),
    cosLat: new Float64Array(n),
    qty: new Float64Array(n),
    peakKw: new Float64Array(n),
    tempC: new Float64Array(n),
    pressure: new Float64Array(n),
    purity: new Float64Array(n),
    hazard: new Int32Array(n),
    acceptAll: new Uint8Array(n),
    accepts: new Array<ReadonlySet<number> | null>(n).fill(null),
    abp: new Uint8Array(n),
    radiusKm: new Float64Array(n),
    limitKm: new Float64Array(n),
    minQty: new Float64Array(n),
    months: new Int32Array(n),
    monthCount: new Uint8Array(n),
    hours: new Float64Array(n),
    startDay: new Float64Array(n),
    endDay: new Float64Array(n),
    variability: new Float64Array(n),
    price: new Float64Array(n),
    disposal: new Float64Array(n),
    currentCost: new Float64Array(n),
    precision: new Uint8Array(n),
    org: new Int32Array(n),
    site: new Int32Array(n),
  };
  const idIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = flows[i]!;
    const ti = typeIndex(f.resourceType);
    if (ti < 0) throw new Error(`flow ${f.id}: unknown resource type "${f.resourceType}"`);
    idIndex.set(f.id, i);
    t.dir[i] = f.direction === "offer" ? 0 : 1;
    t.type[i] = ti;
    t.latR[i] = f.lat * DEG;
    t.lonR[i] = f.lon * DEG;
    t.cosLat[i] = Math.cos(f.lat * DEG);
    t.qty[i] = Math.max(0, f.annualQuantity);
    t.peakKw[i] = num(f.peakKw);
    t.tempC[i] = num(f.temperatureC);
    t.pressure[i] = num(f.pressureBar);
    t.purity[i] = num(f.purityPct);
    // An offer is hazardous when it declares a class or its type is hazardous by default;
    // "none" is a declaration too (non-hazardous), and overrides the type's default.
    const hz = f.direction !== "offer" || f.hazardClass === "none" ? null : (f.hazardClass ?? (TYPE_HAZARDOUS[ti] ? "hazardous" : null));
    t.hazard[i] = hz === null ? -1 : intern(hazardIndex, hz);
    if (f.acceptsHazardClasses && f.acceptsHazardClasses.length > 0) {
      if (f.acceptsHazardClasses.includes("*")) t.acceptAll[i] = 1;
      t.accepts[i] = new Set(f.acceptsHazardClasses.map((c) => intern(hazardIndex, c)));
    }
    t.abp[i] = f.abpCategory ?? 0;
    // A flow's maxDistanceKm is its party's limit: it narrows the offer type's radius, never widens it
    // (so the prefilter, which searches the type radius, finds every pair the engine can pass).
    const own = f.maxDistanceKm ?? Number.POSITIVE_INFINITY;
    t.radiusKm[i] = f.direction === "offer" ? Math.min(TYPE_RADIUS_KM[ti]!, own) : own;
    t.limitKm[i] = own;
    t.minQty[i] = num(f.minAnnualQuantity);
    t.months[i] = f.availability.months & 0xfff;
    t.monthCount[i] = popcount12(f.availability.months);
    t.hours[i] = Math.min(168, Math.max(0, f.availability.hoursPerWeek ?? 168));
    t.startDay[i] = dayOf(f.availability.start, Number.NEGATIVE_INFINITY);
    t.endDay[i] = dayOf(f.availability.end, Number.POSITIVE_INFINITY);
    t.variability[i] = Math.min(1, Math.max(0, f.variability ?? 0));
    t.price[i] = num(f.priceEurPerUnit);
    t.disposal[i] = num(f.disposalCostEurPerUnit);
    t.currentCost[i] = num(f.currentCostEurPerUnit);
    t.precision[i] = PRECISION_CODE[f.precision];
    t.org[i] = intern(orgIndex, f.orgId);
    t.site[i] = intern(siteIndex, f.siteId);
  }
  const orgIds = [...orgIndex.keys()];
  const orgCount = orgIds.length;
  const orgHistory = new Float64Array(orgCount);
  for (let o = 0; o < orgCount; o++) orgHistory[o] = context.successfulExchanges?.get(orgIds[o]!) ?? 0;

  const partners = new Set<number>();
  for (const [a, set] of context.partnerships ?? []) {
    const ia = orgIndex.get(a);
    if (ia === undefined) continue;
    for (const b of set) {
      const ib = orgIndex.get(b);
      if (ib === undefined) continue;
      partners.add(ia * orgCount + ib).add(ib * orgCount + ia);
    }
  }
  // Orgs sharing a facilitator: invert org → facilitators into facilitator → orgs.
  const byFacilitator = new Map<string, number[]>();
  for (const [org, facs] of context.facilitators ?? []) {
    const io = orgIndex.get(org);
    if (io === undefined) continue;
    for (const f of facs) {
      const list = byFacilitator.get(f) ?? [];
      list.push(io);
      byFacilitator.set(f, list);
    }
  }
  const sharedFacilitator = new Set<number>();
  for (const list of byFacilitator.values()) {
    for (const a of list) for (const b of list) if (a !== b) sharedFacilitator.add(a * orgCount + b);
  }
  const rejected = new Set<number>();
  for (const key of context.rejectedPairs ?? []) {
    const [a, b] = key.split("\u0001");
    const ia = idIndex.get(a ?? "");
    const ib = idIndex.get(b ?? "");
    if (ia === undefined || ib === undefined) continue;
    rejected.add(ia * n + ib).add(ib * n + ia);
  }
  return {
    ...t,
    hazardClasses: [...hazardIndex.keys()],
    orgIds,
    orgHistory,
    partners,
    sharedFacilitator,
    rejected,
  };
}
