/**
 * Coding corrections (PostgreSQL ledger): what people said a description means. One row
 * per description key in `coding_corrections` — the latest correction wins, and that is
 * what the coding help uses — and one row per correction ever made in
 * `coding_correction_history`, append-only, written in the same transaction, so nobody's
 * earlier answer is lost when someone else corrects the same words.
 */
import type { Knex } from "knex";
import { correctionKey, type Correction } from "../domain/coding/suggest.ts";

/** A correction as someone submits it. */
export interface CorrectionInput {
  readonly description: string;
  readonly resourceType: string;
  readonly ewcCode?: string | null;
  /** What the keyword index alone suggested for the description, if anything. */
  readonly suggestedType: string | null;
  readonly suggestedConfidence: number | null;
  /** A user id or `apikey:<id>`. */
  readonly correctedBy: string;
  readonly orgId?: string | null;
  readonly flowId?: string | null;
}

/** The current correction of a description. */
export interface StoredCorrection {
  readonly id: string;
  readonly description: string;
  readonly descriptionKey: string;
  readonly resourceType: string;
  readonly ewcCode: string | null;
  readonly suggestedType: string | null;
  readonly suggestedConfidence: number | null;
  readonly correctedBy: string;
  readonly orgId: string | null;
  readonly flowId: string | null;
  /** How many corrections this description has had; 1 for the first. */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface CorrectionRow {
  id: string;
  description: string;
  description_key: string;
  resource_type: string;
  ewc_code: string | null;
  suggested_type: string | null;
  suggested_confidence: number | null;
  corrected_by: string;
  org_id: string | null;
  flow_id: string | null;
  revision: number;
  created_at: Date | string;
  updated_at: Date | string;
}

type CorrectionFields = Omit<CorrectionRow, "id" | "description_key" | "created_at" | "updated_at">;

/** The fields a current correction and a history entry share, as the ledger presents them. */
const fieldsOf = (r: CorrectionFields) => ({
  description: r.description,
  resourceType: r.resource_type,
  ewcCode: r.ewc_code,
  suggestedType: r.suggested_type,
  suggestedConfidence: r.suggested_confidence === null ? null : Number(r.suggested_confidence),
  correctedBy: r.corrected_by,
  orgId: r.org_id,
  flowId: r.flow_id,
  revision: r.revision,
});

const toStored = (r: CorrectionRow): StoredCorrection => ({
  id: String(r.id),
  descriptionKey: r.description_key,
  ...fieldsOf(r),
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const toCorrection = (r: Pick<CorrectionRow, "description" | "resource_type" | "ewc_code">): Correction => ({
  description: r.description,
  resourceType: r.resource_type,
  ewcCode: r.ewc_code,
});

// In-process cache of every correction, per database: imports code thousands of
// descriptions per chunk, and a few seconds' staleness across processes is harmless.
const cache = new WeakMap<Knex, { at: number; corrections: Promise<Map<string, Correction>> }>();

/** How long {@link loadCorrections} reuses what it read. */
export const CORRECTIONS_CACHE_MS = 5_000;

/**
 * Record a correction: it becomes the current one for its description's key (replacing an
 * earlier one and counting a revision) and is appended to the history.
 * @throws RangeError when the description has no words to key it by
 */
export async function recordCorrection(knex: Knex, input: CorrectionInput): Promise<StoredCorrection> {
  const key = correctionKey(input.description);
  if (key === "") throw new RangeError("a description without words cannot be remembered");
  const row = {
    description: input.description,
    description_key: key,
    resource_type: input.resourceType,
    ewc_code: input.ewcCode ?? null,
    suggested_type: input.suggestedType,
    suggested_confidence: input.suggestedConfidence,
    corrected_by: input.correctedBy,
    org_id: input.orgId ?? null,
    flow_id: input.flowId ?? null,
  };
  const stored = await knex.transaction(async (trx) => {
    const [written] = (await trx("coding_corrections")
      .insert(row)
      .onConflict("description_key")
      .merge({ ...row, revision: trx.raw("coding_corrections.revision + 1"), updated_at: trx.fn.now() })
      .returning("*")) as CorrectionRow[];
    const { description_key: _key, ...history } = row;
    await trx("coding_correction_history").insert({ ...history, correction_id: written!.id, revision: written!.revision, at: written!.updated_at });
    return toStored(written!);
  });
  cache.delete(knex);
  return stored;
}

/** The current corrections of these descriptions (one indexed lookup), keyed as suggestCoding expects. */
export async function correctionsFor(knex: Knex, descriptions: readonly string[]): Promise<Map<string, Correction>> {
  const keys = [...new Set(descriptions.map(correctionKey))].filter((k) => k !== "");
  if (keys.length === 0) return new Map();
  return currentCorrections(knex("coding_corrections").whereIn("description_key", keys));
}

/** Corrections a query selects, keyed as suggestCoding expects. */
async function currentCorrections(query: Knex.QueryBuilder): Promise<Map<string, Correction>> {
  const rows = (await query.select("description_key", "description", "resource_type", "ewc_code")) as CorrectionRow[];
  return new Map(rows.map((r) => [r.description_key, toCorrection(r)]));
}

/**
 * Every current correction, keyed as suggestCoding expects; read at most every
 * {@link CORRECTIONS_CACHE_MS} per process (a correction recorded here is seen at once).
 */
export function loadCorrections(knex: Knex): Promise<Map<string, Correction>> {
  const hit = cache.get(knex);
  if (hit && performance.now() - hit.at < CORRECTIONS_CACHE_MS) return hit.corrections;
  const corrections = currentCorrections(knex("coding_corrections"));
  cache.set(knex, { at: performance.now(), corrections });
  // A failed read must not be cached.
  corrections.catch(() => {
    if (cache.get(knex)?.corrections === corrections) cache.delete(knex);
  });
  return corrections;
}

/** Current corrections, newest first: `limit + 1` of them with ids below `before` (a cursor page). */
export async function listCorrections(
  knex: Knex,
  filter: { readonly before: string | null; readonly limit: number; readonly resourceType?: string; readonly orgId?: string },
): Promise<StoredCorrection[]> {
  const q = knex<CorrectionRow>("coding_corrections").select("*").orderBy("id", "desc").limit(filter.limit + 1);
  if (filter.before !== null) q.where("id", "<", filter.before);
  if (filter.resourceType !== undefined) q.where("resource_type", filter.resourceType);
  if (filter.orgId !== undefined) q.where("org_id", filter.orgId);
  return ((await q) as CorrectionRow[]).map(toStored);
}

/** Every correction ever made to the description with this key, oldest first. */
export async function correctionHistory(knex: Knex, description: string): Promise<(Omit<StoredCorrection, "id" | "descriptionKey" | "createdAt" | "updatedAt"> & { at: string })[]> {
  const rows = (await knex("coding_correction_history as h")
    .join("coding_corrections as c", "c.id", "h.correction_id")
    .where("c.description_key", correctionKey(description))
    .orderBy("h.revision")
    .select("h.*")) as (CorrectionFields & { at: Date | string })[];
  return rows.map((r) => ({ ...fieldsOf(r), at: new Date(r.at).toISOString() }));
}
