/**
 * Asking each consumer's need for its matches, as the consumer, and judging where the
 * real supplier of each documented exchange ranks (metrics.ts).
 */
import { distanceKm } from "../../domain/geodesy.ts";
import { findResourceType } from "../../domain/taxonomy.ts";
import { forbiddenReason, needTypesFor } from "../../matching/index.ts";
import { POSITIVE_STATUSES, type Area } from "./dataset.ts";
import { causeOfMiss, judgePlanned, rankOf, recallAt, type PlannedVerdict, type SeenMatch, type SeenNearMiss } from "./metrics.ts";
import type { RegisteredArea, RegisteredListing } from "./register.ts";
import type { Rest } from "./rest.ts";

/** The most matches one request shows (api/routes/matching/presenter.ts MAX_MATCHES_SHOWN). */
const LIMIT = 50;

/** One documented exchange judged. */
export interface ExchangeResult {
  readonly id: string;
  readonly area: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly status: string;
  readonly positive: boolean;
  readonly offerType: string | null;
  readonly needType: string | null;
  /**
   * Rank of the real supplier among the need's matches, other real suppliers of the same
   * consumer and resource left out (the "filtered" rank: a second real supplier ahead is no error).
   */
  readonly rank: number | null;
  /** Rank among all matches. */
  readonly rawRank: number | null;
  readonly score: number | null;
  /** Who ranks first for the need (org id, offer type), when anyone. */
  readonly top: { readonly orgId: string | null; readonly orgName: string | null; readonly offerType: string | null; readonly score: number } | null;
  readonly cause: string | null;
}

/** A need's answer, fetched once per need. */
interface NeedAnswer {
  readonly matches: readonly SeenMatch[];
  readonly nearMisses: readonly SeenNearMiss[];
  readonly considered?: number;
  readonly passed?: number;
}

const isPositive = (status: string) => (POSITIVE_STATUSES as readonly string[]).includes(status);

function listing(reg: RegisteredArea, companyId: string, direction: "offer" | "need", label: string): RegisteredListing | undefined {
  return reg.listings.find((l) => l.companyId === companyId && l.direction === direction && l.label === label);
}

/** Judge every exchange of one area (registered as `reg`). */
export async function evaluateArea(rest: Rest, area: Area, reg: RegisteredArea): Promise<ExchangeResult[]> {
  const answers = new Map<string, NeedAnswer>();
  async function answerFor(flowId: string, token: string): Promise<NeedAnswer> {
    let a = answers.get(flowId);
    if (!a) {
      const body = await rest.call<{ matches: SeenMatch[]; nearMisses?: SeenNearMiss[]; considered?: number; passed?: number }>("GET", `/resource-flows/${encodeURIComponent(flowId)}/matches?limit=${LIMIT}`, token);
      a = { matches: body.matches, nearMisses: body.nearMisses ?? [], considered: body.considered, passed: body.passed };
      answers.set(flowId, a);
    }
    return a;
  }
  const results: ExchangeResult[] = [];
  for (const e of area.exchanges) {
    const supplier = reg.companies.get(e.from)!;
    const consumer = reg.companies.get(e.to)!;
    const offer = listing(reg, e.from, "offer", e.resource)!;
    const need = listing(reg, e.to, "need", e.resource)!;
    const answer: NeedAnswer = need.flowId ? await answerFor(need.flowId, consumer.token) : { matches: [], nearMisses: [] };
    const coSuppliers = new Set(
      area.exchanges.filter((x) => isPositive(x.status) && x.to === e.to && x.resource === e.resource && x.from !== e.from).map((x) => reg.companies.get(x.from)!.orgId),
    );
    coSuppliers.delete(supplier.orgId);
    const matches = answer.matches.filter((m) => !coSuppliers.has(m.counterpart.orgId ?? ""));
    const found = rankOf(matches, supplier.orgId);
    const top = matches[0];
    const compatible = offer.type !== null && need.type !== null && needTypesFor(offer.type).includes(need.type);
    const hazardous = [offer.type, need.type].some((t) => t !== null && findResourceType(t)?.hazardous === true);
    results.push({
      id: e.id,
      area: area.name,
      from: e.from,
      to: e.to,
      label: e.resource,
      status: e.status,
      positive: isPositive(e.status),
      offerType: offer.type,
      needType: need.type,
      rank: found?.rank ?? null,
      rawRank: rankOf(answer.matches, supplier.orgId)?.rank ?? null,
      score: found?.match.score ?? null,
      top: top ? { orgId: top.counterpart.orgId ?? null, orgName: top.counterpart.orgName ?? null, offerType: top.offerType ?? top.counterpart.resourceType ?? null, score: top.score } : null,
      cause: causeOfMiss({
        label: e.resource,
        offer,
        need,
        compatible,
        forbidden: offer.type && need.type ? forbiddenReason(offer.type, need.type) : undefined,
        hazardous,
        considered: answer.considered,
        passed: answer.passed,
        supplierOrgId: supplier.orgId,
        matches,
        nearMisses: answer.nearMisses,
        distanceKm: distanceKm({ lat: supplier.lat, lon: supplier.lon }, { lat: consumer.lat, lon: consumer.lon }),
        offerRadiusKm: offer.type ? (findResourceType(offer.type)?.radiusKm ?? null) : null,
      }),
    });
  }
  return results;
}

/** recall@1/3/5 of the positives among `results`. */
export function recalls(results: readonly ExchangeResult[]): { n: number; recall_at_1: number | null; recall_at_3: number | null; recall_at_5: number | null } {
  const ranks = results.filter((r) => r.positive).map((r) => r.rank);
  return { n: ranks.length, recall_at_1: recallAt(ranks, 1), recall_at_3: recallAt(ranks, 3), recall_at_5: recallAt(ranks, 5) };
}

/** Each planned (never realised) link against the real links of the same consumer in its area. */
export function plannedVerdicts(results: readonly ExchangeResult[]): (PlannedVerdict & { id: string; area: string; from: string; to: string; label: string })[] {
  return results
    .filter((r) => r.status === "planned")
    .map((p) => {
      const real = results.filter((r) => r.positive && r.area === p.area && r.to === p.to).map((r) => r.score);
      return { id: p.id, area: p.area, from: p.from, to: p.to, label: p.label, ...judgePlanned({ rank: p.rank, score: p.score }, real) };
    });
}
