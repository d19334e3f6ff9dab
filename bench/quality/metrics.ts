/**
 * Pure parts of the quality evaluation: where the real supplier ranks in a need's
 * matches, why it is not first, recall@k, and whether never-realised links rank below
 * the real ones of the same consumer.
 */

/** What the evaluation reads of one match (GET /resource-flows/{id}/matches, counterpart named). */
export interface SeenMatch {
  readonly rank: number;
  readonly score: number;
  readonly offerType?: string;
  readonly counterpart: { readonly orgId?: string; readonly orgName?: string; readonly flowId?: string; readonly resourceType?: string };
  readonly factors: Readonly<Record<string, { readonly score: number; readonly weight: number; readonly reason: string }>>;
}

/** What the evaluation reads of one near miss. */
export interface SeenNearMiss {
  readonly counterpart: { readonly orgId?: string; readonly flowId?: string } | null;
  readonly constraint?: string;
  readonly reason: string;
}

/** The 1-based position of the first match whose counterpart is `orgId`, or null. */
export function rankOf(matches: readonly SeenMatch[], orgId: string): { rank: number; match: SeenMatch } | null {
  const i = matches.findIndex((m) => m.counterpart.orgId === orgId);
  return i < 0 ? null : { rank: i + 1, match: matches[i]! };
}

/**
 * The factor that most separates `winner` from `real`: the largest gap of weighted factor
 * scores in the winner's favour.
 */
export function decisiveFactor(winner: SeenMatch, real: SeenMatch): { factor: string; gap: number; winnerReason: string; realReason: string } | null {
  let best: { factor: string; gap: number; winnerReason: string; realReason: string } | null = null;
  for (const [name, w] of Object.entries(winner.factors)) {
    const r = real.factors[name];
    const gap = w.score * w.weight - (r ? r.score * r.weight : 0);
    if (gap > 0 && (!best || gap > best.gap)) best = { factor: name, gap, winnerReason: w.reason, realReason: r?.reason ?? "(no such factor)" };
  }
  return best;
}

/** Everything the cause of a miss is decided from. */
export interface MissFacts {
  readonly label: string;
  readonly offer: { readonly type: string | null; readonly expected: string | null; readonly why?: string; readonly description?: string | null; readonly flowId: string | null };
  readonly need: { readonly type: string | null; readonly expected: string | null; readonly why?: string; readonly description?: string | null; readonly flowId: string | null };
  /** Whether the taxonomy pairs the registered offer and need types. */
  readonly compatible: boolean;
  /** The regulatory ban on the pair, when there is one. */
  readonly forbidden?: string;
  /** Whether either registered type is hazardous by default (taxonomy). */
  readonly hazardous?: boolean;
  /** How many candidates the engine considered for the need and how many passed its constraints. */
  readonly considered?: number;
  readonly passed?: number;
  readonly supplierOrgId: string;
  readonly matches: readonly SeenMatch[];
  readonly nearMisses: readonly SeenNearMiss[];
  readonly distanceKm: number;
  readonly offerRadiusKm: number | null;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function codingNote(side: "offer" | "need", s: MissFacts["offer"]): string | null {
  if (s.type === s.expected || s.description === undefined || (s.expected === null && s.type === null)) return null;
  const engineer = s.expected ?? "no type in today's taxonomy";
  return `coding help typed the ${side} "${s.description ?? ""}" as ${s.type ?? "nothing"} (engineer: ${engineer})`;
}

/** Why the real supplier is not first for this need (null when it is). */
export function causeOfMiss(f: MissFacts): string | null {
  const found = rankOf(f.matches, f.supplierOrgId);
  if (found?.rank === 1) return null;
  const unregistered = f.offer.flowId === null ? `supplier's "${f.label}" offer not registered: ${f.offer.why ?? "no type"}` : null;
  if (f.need.flowId === null) return `consumer's "${f.label}" need not registered: ${f.need.why ?? "no type"}`;
  if (unregistered && !found) return unregistered;
  const coding = [unregistered, codingNote("offer", f.offer), codingNote("need", f.need)].filter((x): x is string => x !== null);
  const prefix = coding.length ? `${coding.join("; ")}; ` : "";
  if (!found) {
    if (f.forbidden) return `${prefix}wrong type: ${f.offer.type} → ${f.need.type} is banned (${f.forbidden})`;
    if (!f.compatible) return `${prefix}wrong type: the taxonomy has no pair ${f.offer.type} → ${f.need.type}`;
    const near = f.nearMisses.find((n) => n.counterpart?.orgId === f.supplierOrgId || (f.offer.flowId !== null && n.counterpart?.flowId === f.offer.flowId));
    if (near) return `${prefix}filtered by a constraint (${near.constraint ?? "unnamed"}): ${near.reason}`;
    const radius = f.offerRadiusKm === null ? "" : `; ${f.offer.type} radius ${f.offerRadiusKm} km`;
    const counts = f.considered === undefined ? "" : `; the need considered ${f.considered} candidates, ${f.passed ?? "?"} passed`;
    const hazard = f.hazardous ? "; hazardous by default, dropped without a near miss (no hazard class can be accepted over REST)" : "";
    return `${prefix}supplier not among candidates (${r3(f.distanceKm)} km apart${radius}${counts}${hazard})`;
  }
  const top = f.matches[0]!;
  if (Math.abs(top.score - found.match.score) < 0.0005)
    return `${prefix}ranked ${found.rank}, tied with ${top.counterpart.orgName ?? top.counterpart.orgId ?? "?"} (${top.offerType ?? top.counterpart.resourceType ?? "?"}) at score ${r3(top.score)}: the order of equal scores decides`;
  const decisive = decisiveFactor(top, found.match);
  const by = decisive ? ` because of ${decisive.factor} (+${r3(decisive.gap)} weighted: "${decisive.winnerReason}" vs "${decisive.realReason}")` : "";
  return `${prefix}ranked ${found.rank} below ${top.counterpart.orgName ?? top.counterpart.orgId ?? "?"} (${top.offerType ?? top.counterpart.resourceType ?? "?"}, score ${r3(top.score)} vs ${r3(found.match.score)})${by}`;
}

/** recall@k: the share of ranks that are found and at most k (null ranks count as misses). */
export function recallAt(ranks: readonly (number | null)[], k: number): number | null {
  if (ranks.length === 0) return null;
  return r3(ranks.filter((r) => r !== null && r <= k).length / ranks.length);
}

/** One never-realised link judged against the real links of its consumer. */
export interface PlannedVerdict {
  readonly rank: number | null;
  readonly score: number | null;
  /** Scores of the consumer's real suppliers (null: not found). */
  readonly realScores: readonly (number | null)[];
  /** True when the planned link is below every real one (not shown at all counts as below). */
  readonly belowEveryReal: boolean;
}

/**
 * A planned link is below every real link of the same consumer when it is not matched at
 * all, or when every real link is matched with a higher score; a real link not matched
 * while the planned one is counts against it.
 */
export function judgePlanned(planned: { rank: number | null; score: number | null }, realScores: readonly (number | null)[]): PlannedVerdict {
  const belowEveryReal = planned.score === null || realScores.every((s) => s !== null && s > planned.score!);
  return { ...planned, realScores, belowEveryReal };
}
