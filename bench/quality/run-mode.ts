/**
 * One mode of the evaluation on a running api: register every area, judge every exchange,
 * and summarise (recall overall and per area, planned links, misses, decoys, coding accuracy).
 * Shared by `npm run eval:quality` and its integration test.
 */
import type { Knex } from "knex";
import type { Area } from "./dataset.ts";
import type { Descriptions } from "./descriptions.ts";
import { evaluateArea, plannedVerdicts, recalls, type ExchangeResult } from "./evaluate.ts";
import type { EngineerMapping } from "./mapping.ts";
import { chooserFor, type Mode } from "./modes.ts";
import { ensureAdmin, registerArea, type RegisteredArea } from "./register.ts";
import type { Rest } from "./rest.ts";

/** A wrong pick of the coding help. */
export interface WrongPick {
  readonly label: string;
  readonly direction: "offer" | "need";
  readonly description: string | null;
  readonly picked: string | null;
  readonly expected: string;
  readonly listings: number;
}

/** What one mode measured. */
export interface ModeResult {
  readonly mode: Mode;
  readonly overall: ReturnType<typeof recalls>;
  readonly per_area: Record<string, ReturnType<typeof recalls>>;
  readonly planned: ReturnType<typeof plannedVerdicts>;
  readonly planned_all_below_real: boolean;
  readonly misses: { id: string; area: string; from: string; to: string; label: string; rank: number | null; offer_type: string | null; need_type: string | null; cause: string }[];
  /** Needs whose first match is an electricity offer (decoys must not win). */
  readonly decoy_wins: { area: string; need: string; consumer: string }[];
  readonly listings: { registered: number; not_registered: number; nominal_quantity: number; at_centroid_companies: string[] };
  /** Coding mode: the share of listings whose suggested type is the engineer's. */
  readonly coding?: { top1_accuracy: number | null; listings: number; correct: number; wrong: WrongPick[] };
  readonly exchanges: ExchangeResult[];
}

function codingAccuracy(regs: readonly RegisteredArea[]): NonNullable<ModeResult["coding"]> {
  const judged = regs.flatMap((r) => r.listings).filter((l) => l.expected !== null && l.description);
  const correct = judged.filter((l) => l.type === l.expected).length;
  const wrong = new Map<string, WrongPick>();
  for (const l of judged.filter((x) => x.type !== x.expected)) {
    const key = `${l.label}|${l.direction}|${l.description}|${l.type}|${l.expected}`;
    const had = wrong.get(key);
    wrong.set(key, { label: l.label, direction: l.direction, description: l.description ?? null, picked: l.type, expected: l.expected!, listings: (had?.listings ?? 0) + 1 });
  }
  return { top1_accuracy: judged.length ? Math.round((correct / judged.length) * 1000) / 1000 : null, listings: judged.length, correct, wrong: [...wrong.values()] };
}

/** Register `areas` on the (empty) api at `rest` in `mode` (ids prefixed with `tag`), then evaluate them. */
export async function runMode(
  input: { knex: Knex; rest: Rest; areas: readonly Area[]; mapping: EngineerMapping; descriptions: Descriptions; mode: Mode; tag?: string },
  log: (line: string) => void = () => undefined,
): Promise<ModeResult> {
  const { knex, rest, areas, mapping, descriptions, mode } = input;
  const admin = await ensureAdmin(knex, rest);
  const choose = chooserFor(mode, rest, mapping, descriptions);
  const regs: RegisteredArea[] = [];
  const results: ExchangeResult[] = [];
  for (const [i, area] of areas.entries()) {
    const t0 = performance.now();
    const reg = await registerArea(knex, rest, admin, area, i, choose, input.tag);
    regs.push(reg);
    results.push(...(await evaluateArea(rest, area, reg)));
    log(`${mode}: ${area.name}: ${reg.companies.size} companies, ${reg.listings.length} listings, ${area.exchanges.length} exchanges (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const per_area: Record<string, ReturnType<typeof recalls>> = {};
  for (const area of areas) per_area[area.name] = recalls(results.filter((r) => r.area === area.name));
  const planned = plannedVerdicts(results);
  const decoyWins = results
    .filter((r) => r.top?.offerType === "electricity")
    .map((r) => ({ area: r.area, need: `${r.to}:${r.label}`, consumer: r.to }))
    .filter((d, i, all) => all.findIndex((x) => x.area === d.area && x.need === d.need) === i);
  const listings = regs.flatMap((r) => r.listings);
  return {
    mode,
    overall: recalls(results),
    per_area,
    planned,
    planned_all_below_real: planned.every((p) => p.belowEveryReal),
    misses: results
      .filter((r) => r.positive && r.cause !== null)
      .map((r) => ({ id: r.id, area: r.area, from: r.from, to: r.to, label: r.label, rank: r.rank, offer_type: r.offerType, need_type: r.needType, cause: r.cause! })),
    decoy_wins: decoyWins,
    listings: {
      registered: listings.filter((l) => l.flowId !== null).length,
      not_registered: listings.filter((l) => l.flowId === null).length,
      nominal_quantity: listings.filter((l) => l.quantitySource === "nominal").length,
      at_centroid_companies: regs.flatMap((r) => [...r.companies.values()].filter((c) => c.atCentroid).map((c) => c.companyId)),
    },
    ...(mode === "coding" ? { coding: codingAccuracy(regs) } : {}),
    exchanges: results,
  };
}
