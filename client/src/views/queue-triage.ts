/**
 * Triage of the facilitator queue in the browser: look-alike entries merged (same
 * organizations, resources and sites: one card, the best first, "3 similar merged"), then filtered
 * by region, age and why routed, sorted — the matches routed to the facilitator's own queue
 * before the rest, whatever the sort — and cut into pages. Resource type and minimum score
 * are filtered by the server (GET /facilitator/queue?resource_type=&min_score=).
 */

/** A queue entry as GET /facilitator/queue returns it. */
export interface QueueSide {
  readonly orgId: string;
  readonly orgName: string | null;
  readonly flowId: string;
  readonly resourceType: string | null;
}
export interface QueueItem {
  readonly matchId: string;
  readonly score: number;
  readonly distanceKm: number;
  readonly supply: QueueSide;
  readonly demand: QueueSide;
  readonly economics: { capexEur: number | null; annualSavingsEur: number | null; paybackYears: number | null; npvEur: { low: number; mid: number; high: number } | null; co2AvoidedTPerYear: { low: number; mid: number; high: number } | null };
  readonly relaxed: boolean;
  readonly updatedAt: string;
  readonly claim: { facilitatorId: string; facilitatorName: string | null; claimedAt: string } | null;
  readonly route?: { readonly drivers: readonly string[]; readonly routing?: QueueRouting | null };
  readonly supplyPlace?: { lat: number; lon: number; region: { code: string; name: string } | null } | null;
}

/** Where the services projection routed a queued match, and why (GET /facilitator/queue, route.routing). */
export interface QueueRouting {
  readonly to: "facilitator" | "shared";
  readonly serviceId: string | null;
  readonly serviceName: string | null;
  readonly facilitatorId: string | null;
  readonly region: { code: string; name: string } | null;
  readonly resourceType: string | null;
  readonly free: number | null;
  readonly capacity: number | null;
  readonly skippedFull: number;
  readonly cause: string | null;
  readonly reason: string;
}

/** Is this match in `me`'s own queue (routed to a service they work)? */
export const isMine = (item: QueueItem, me: string | null | undefined): boolean => !!me && item.route?.routing?.facilitatorId === me;

/** A card: the best entry of a group of look-alikes, and the others. */
export interface QueueCard {
  readonly item: QueueItem;
  readonly similar: readonly QueueItem[];
}

export type QueueSort = "score" | "age" | "newest" | "reasons";

export interface Triage {
  region: string;
  /** Only entries at least this many days in the queue (0: any). */
  minAgeDays: number;
  /** A reason key (reasonKey), or "" for any. */
  why: string;
  sort: QueueSort;
  page: number;
  /** The facilitator looking: their own queue's cards come first. */
  me?: string | null;
}

export const PAGE_SIZE = 10;

export const defaultTriage = (): Triage => ({ region: "", minAgeDays: 0, why: "", sort: "score", page: 0 });

/** The router's reason in a stable key (matching/router.ts writes them in English). */
export function reasonKey(driver: string): string {
  if (/hazard/i.test(driver)) return "hazardous";
  if (/parties/i.test(driver)) return "parties";
  if (/quarter/i.test(driver)) return "coverage";
  if (/heat pump/i.test(driver)) return "heat_pump";
  if (/rough data/i.test(driver)) return "rough_data";
  if (/capex/i.test(driver)) return "capex";
  if (/distance/i.test(driver)) return "long_distance";
  if (/regulated/i.test(driver)) return "regulated";
  return "other";
}

const ageDays = (item: QueueItem, now: number) => Math.max(0, Math.floor((now - Date.parse(item.updatedAt)) / 86_400_000));

/**
 * Merge look-alikes: the same two organizations exchanging the same resources over the same
 * distance (to 100 m) — several flows of the same two sites — in the same facilitator's queue
 * (or both in the shared one). A pair of other sites of the same organizations is another
 * deal, and keeps its own card.
 */
export function mergeLookAlikes(items: readonly QueueItem[]): QueueCard[] {
  const groups = new Map<string, QueueItem[]>();
  for (const q of items) {
    // Look-alikes in different facilitators' queues stay apart: each is someone's own work.
    const key = [q.supply.orgId, q.demand.orgId, q.supply.resourceType, q.demand.resourceType, Math.round(q.distanceKm * 10), q.route?.routing?.facilitatorId ?? ""].join("|");
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  return [...groups.values()].map((g) => {
    const [best, ...rest] = [...g].sort((a, b) => b.score - a.score);
    return { item: best!, similar: rest };
  });
}

/** The cards of one page, and how many there are in all after the filters. */
export function triage(items: readonly QueueItem[], t: Triage, now = Date.now()): { cards: QueueCard[]; total: number; pages: number } {
  const cards = mergeLookAlikes(items).filter(({ item }) => {
    if (t.region && item.supplyPlace?.region?.code !== t.region) return false;
    if (t.minAgeDays > 0 && ageDays(item, now) < t.minAgeDays) return false;
    if (t.why && !(item.route?.drivers ?? []).some((d) => reasonKey(d) === t.why)) return false;
    return true;
  });
  const by: Record<QueueSort, (a: QueueCard, b: QueueCard) => number> = {
    score: (a, b) => b.item.score - a.item.score,
    age: (a, b) => Date.parse(a.item.updatedAt) - Date.parse(b.item.updatedAt),
    newest: (a, b) => Date.parse(b.item.updatedAt) - Date.parse(a.item.updatedAt),
    reasons: (a, b) => (b.item.route?.drivers.length ?? 0) - (a.item.route?.drivers.length ?? 0) || b.item.score - a.item.score,
  };
  const own = (c: QueueCard) => (isMine(c.item, t.me) ? 0 : 1);
  cards.sort((a, b) => own(a) - own(b) || by[t.sort](a, b) || a.item.matchId.localeCompare(b.item.matchId));
  const pages = Math.max(1, Math.ceil(cards.length / PAGE_SIZE));
  const page = Math.min(t.page, pages - 1);
  return { cards: cards.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), total: cards.length, pages };
}

/** The regions the queue's supplies are in, by name. */
export function regionsOf(items: readonly QueueItem[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const q of items) if (q.supplyPlace?.region) seen.set(q.supplyPlace.region.code, q.supplyPlace.region.name);
  return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}
