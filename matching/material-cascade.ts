/**
 * A material cascade: a by-product worth little as it is becomes worth more after a middle
 * party processes it (spent grain dried to feed, food residue digested to digestate for
 * farms, spent acid regenerated for a pickling line). Its value is not the sum of pairs: the
 * processing route exists only when supplier, processor and a buyer of the product all take
 * part, the processor's fixed cost is carried once for every buyer, and the supply is one
 * quantity shared between direct use and processing. The coalition game below prices that,
 * and the exact Shapley value (shapley.ts) splits the cascade's yearly value among its
 * members, beside the heat clusters of heat-cluster.ts.
 *
 * v(S), for a coalition S of the supplier (bit 0), the processor (bit 1) and consumers
 * (bit i + 2), in € per year against today (the supplier disposes, consumers buy virgin):
 * - 0 without the supplier;
 * - otherwise the best plan of routes among members of S, each with a margin per unit of
 *   the by-product:
 *   - raw to consumer j: disposal avoided + j's value of the raw material − its transport;
 *   - through the processor to consumer k (processor in S): disposal avoided − transport to
 *     the processor − processing cost + yield · (k's value of the product − its transport);
 *   within the supply, the processor's capacity and each consumer's demand. These capacity
 *   limits nest (every route within the supply; processed routes within the capacity), so
 *   filling the routes by margin, best first, is optimal;
 * - minus the processor's fixed yearly cost when anything is processed (the plan without
 *   processing is also considered, so the cost is only paid when it pays).
 * So v is monotone (a member may stay idle), v(∅) = 0, and the processor's own contribution
 * is v(N) − v(N ∖ {processor}). Invariants tested in material-cascade.test.ts: efficiency,
 * symmetry, a member who adds nothing gets nothing, the value is not a sum of edges.
 */
import { shapleyValues } from "./shapley.ts";

/** The party whose by-product starts the cascade. */
export interface CascadeSupplier {
  readonly orgId: string;
  /** By-product per year (its canonical unit, t/yr for materials). */
  readonly quantity: number;
  /** What getting rid of a unit costs the supplier today, € (0 when it is given away). */
  readonly disposalCostPerUnit: number;
}

/** The middle party whose processing turns the by-product into a product. */
export interface CascadeProcessor {
  readonly orgId: string;
  /** By-product it can take per year. */
  readonly capacity: number;
  /** Product units per unit of by-product processed. */
  readonly yieldPerUnit: number;
  /** Processing cost per unit of by-product, €. */
  readonly costPerUnit: number;
  /** Transport of a unit of by-product from the supplier to it, €. */
  readonly transportPerUnit: number;
  /** Annuitised capex and fixed operating cost of the processing line, €/yr (paid once if it runs). */
  readonly fixedCostPerYear: number;
}

/** A consumer of the product, and possibly of the raw by-product. */
export interface CascadeConsumer {
  readonly orgId: string;
  /** Product it takes per year. */
  readonly productDemand: number;
  /** What a unit of product is worth to it (what it displaces), €. */
  readonly productValuePerUnit: number;
  /** Transport of a unit of product from the processor to it, €. */
  readonly productTransportPerUnit: number;
  /** Raw by-product it could take directly per year (0 or absent: none). */
  readonly rawDemand?: number;
  readonly rawValuePerUnit?: number;
  readonly rawTransportPerUnit?: number;
}

/** A cascade: players are the supplier (bit 0), the processor (bit 1), then the consumers. */
export interface MaterialCascade {
  readonly supplier: CascadeSupplier;
  readonly processor: CascadeProcessor;
  readonly consumers: readonly CascadeConsumer[];
}

/** What a coalition does: by-product per consumer raw and processed, and its yearly value. */
export interface CascadePlan {
  /** By-product delivered raw, per consumer index. */
  readonly raw: readonly number[];
  /** Product delivered, per consumer index. */
  readonly product: readonly number[];
  /** By-product processed. */
  readonly processed: number;
  readonly annualValueEur: number;
}

/** Most members of one cascade (the game is exact and exponential). */
export const MAX_CASCADE_MEMBERS = 12;

const bitOf = (consumer: number) => 1 << (consumer + 2);

/** The best plan of a coalition (bitmask over supplier, processor, consumers). Pure. */
export function planOf(cascade: MaterialCascade, coalition: number): CascadePlan {
  const n = cascade.consumers.length;
  const idle: CascadePlan = { raw: new Array<number>(n).fill(0), product: new Array<number>(n).fill(0), processed: 0, annualValueEur: 0 };
  if ((coalition & 1) === 0) return idle;
  const { supplier, processor } = cascade;
  const fill = (withProcessing: boolean): CascadePlan => {
    const routes: { consumer: number; processed: boolean; margin: number; cap: number }[] = [];
    cascade.consumers.forEach((c, j) => {
      if ((coalition & bitOf(j)) === 0) return;
      const rawDemand = c.rawDemand ?? 0;
      if (rawDemand > 0) routes.push({ consumer: j, processed: false, margin: supplier.disposalCostPerUnit + (c.rawValuePerUnit ?? 0) - (c.rawTransportPerUnit ?? 0), cap: rawDemand });
      if (withProcessing && processor.yieldPerUnit > 0 && c.productDemand > 0) {
        const margin = supplier.disposalCostPerUnit - processor.transportPerUnit - processor.costPerUnit + processor.yieldPerUnit * (c.productValuePerUnit - c.productTransportPerUnit);
        routes.push({ consumer: j, processed: true, margin, cap: c.productDemand / processor.yieldPerUnit });
      }
    });
    // Best margin first; equal margins in a fixed order (raw before processed, then consumer index).
    routes.sort((a, b) => b.margin - a.margin || Number(a.processed) - Number(b.processed) || a.consumer - b.consumer);
    const raw = new Array<number>(n).fill(0);
    const product = new Array<number>(n).fill(0);
    let left = supplier.quantity;
    let capacityLeft = processor.capacity;
    let processed = 0;
    let value = 0;
    for (const r of routes) {
      if (r.margin <= 0 || left <= 0) break;
      const take = Math.min(r.cap, left, r.processed ? capacityLeft : Infinity);
      if (take <= 0) continue;
      left -= take;
      value += take * r.margin;
      if (r.processed) {
        capacityLeft -= take;
        processed += take;
        product[r.consumer]! += take * processor.yieldPerUnit;
      } else raw[r.consumer]! += take;
    }
    return { raw, product, processed, annualValueEur: processed > 0 ? value - processor.fixedCostPerYear : value };
  };
  const rawOnly = fill(false);
  const best = coalition & 2 ? [rawOnly, fill(true)].reduce((a, b) => (b.annualValueEur > a.annualValueEur ? b : a)) : rawOnly;
  return best.annualValueEur > 0 ? best : idle;
}

/** v(S) for every coalition S (bitmask). */
export function cascadeValues(cascade: MaterialCascade): Float64Array {
  const n = cascade.consumers.length + 2;
  if (n > MAX_CASCADE_MEMBERS) throw new Error(`a material cascade has at most ${MAX_CASCADE_MEMBERS} members, got ${n}`);
  const values = new Float64Array(1 << n);
  for (let c = 1; c < values.length; c++) values[c] = planOf(cascade, c).annualValueEur;
  return values;
}

/** A solved cascade: the grand coalition's plan, what processing adds, and each member's share. */
export interface CascadeSplit {
  readonly annualValueEur: number;
  readonly plan: CascadePlan;
  /** The same members without the processor (raw uses only), €/yr. */
  readonly withoutProcessorEur: number;
  /** Exact Shapley share per organization, €/yr; sums to annualValueEur. */
  readonly shares: Readonly<Record<string, number>>;
}

/** Solve a cascade: its best plan and the exact Shapley split of its value. */
export function splitCascade(cascade: MaterialCascade): CascadeSplit {
  const values = cascadeValues(cascade);
  const n = cascade.consumers.length + 2;
  const all = (1 << n) - 1;
  const phi = shapleyValues(n, (c) => values[c]!);
  const shares: Record<string, number> = {};
  [cascade.supplier.orgId, cascade.processor.orgId, ...cascade.consumers.map((c) => c.orgId)].forEach((org, i) => (shares[org] = (shares[org] ?? 0) + phi[i]!));
  return { annualValueEur: values[all]!, plan: planOf(cascade, all), withoutProcessorEur: values[all & ~2]!, shares };
}
