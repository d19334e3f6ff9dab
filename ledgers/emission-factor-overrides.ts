/**
 * Organizations' own values of emission factors (domain/carbon/emission-factors.json ids).
 * One row per organization and factor; who changed it last and when is kept on the row,
 * every change also in the audit log (the command appends it in the same transaction), and
 * that log is the overrides' history: which value was in force when.
 */
import type { Knex } from "knex";
import type { FactorOverride } from "../domain/carbon/factors.ts";
import type { OverrideChange } from "../domain/carbon/override-history.ts";

interface Row {
  org_id: string;
  factor_id: string;
  value: number;
  source: string;
  year: number;
  updated_by: string;
  updated_at: Date;
}

const toOverride = (r: Row): FactorOverride => ({
  orgId: r.org_id,
  factorId: r.factor_id,
  value: Number(r.value),
  source: r.source,
  year: r.year,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
});

/** The overrides of these organizations, by organization then factor id. */
export async function overridesOf(knex: Knex, orgIds: readonly string[]): Promise<Map<string, Map<string, FactorOverride>>> {
  const out = new Map<string, Map<string, FactorOverride>>();
  if (orgIds.length === 0) return out;
  const rows = await knex<Row>("emission_factor_overrides").whereIn("org_id", [...new Set(orgIds)]).orderBy(["org_id", "factor_id"]);
  for (const r of rows) (out.get(r.org_id) ?? out.set(r.org_id, new Map()).get(r.org_id)!).set(r.factor_id, toOverride(r));
  return out;
}

/** Every organization's overrides (for a rebuild over the whole graph). */
export async function allOverrides(knex: Knex): Promise<Map<string, Map<string, FactorOverride>>> {
  const orgs = await knex("emission_factor_overrides").distinct("org_id").pluck("org_id");
  return overridesOf(knex, orgs as string[]);
}

/** Set an organization's value of a factor; returns the row and the one it replaced, if any. */
export async function putOverride(
  knex: Knex,
  o: Omit<FactorOverride, "updatedAt">,
): Promise<{ override: FactorOverride; previous: FactorOverride | null }> {
  return knex.transaction(async (trx) => {
    const before = await trx<Row>("emission_factor_overrides").where({ org_id: o.orgId, factor_id: o.factorId }).forUpdate().first();
    const [row] = await trx<Row>("emission_factor_overrides")
      .insert({ org_id: o.orgId, factor_id: o.factorId, value: o.value, source: o.source, year: o.year, updated_by: o.updatedBy, updated_at: trx.fn.now() as unknown as Date })
      .onConflict(["org_id", "factor_id"])
      .merge()
      .returning("*");
    return { override: toOverride(row as Row), previous: before ? toOverride(before) : null };
  });
}

/** Remove an organization's value of a factor; the removed row, or null when there was none. */
export async function deleteOverride(knex: Knex, orgId: string, factorId: string): Promise<FactorOverride | null> {
  const [row] = await knex<Row>("emission_factor_overrides").where({ org_id: orgId, factor_id: factorId }).delete().returning("*");
  return row ? toOverride(row as Row) : null;
}


interface AuditRow {
  at: Date;
  actor: string;
  org_id: string;
  action: string;
  entity_id: string;
  payload: { value?: number; source?: string; year?: number } | null;
}

const AUDITED = ["emission_factor.overridden", "emission_factor.changed", "emission_factor.reset"];

/**
 * Every change of every organization's overrides, oldest first, from the audit log. A row
 * whose value the log does not end with (written before changes were audited, or by hand)
 * counts as changed at its `updated_at`, so the history always ends with what is in force now.
 */
export async function overrideHistory(knex: Knex): Promise<OverrideChange[]> {
  const [audited, rows] = await Promise.all([
    knex("audit_log").where("entity_type", "emission_factor").whereIn("action", AUDITED).whereNotNull("org_id").orderBy([{ column: "at" }, { column: "id" }]).select("at", "actor", "org_id", "action", "entity_id", "payload") as Promise<AuditRow[]>,
    knex<Row>("emission_factor_overrides").select("*"),
  ]);
  const changes: OverrideChange[] = audited.map((a) => {
    const at = a.at.toISOString();
    const p = a.payload ?? {};
    const override =
      a.action === "emission_factor.reset" || typeof p.value !== "number"
        ? null
        : { orgId: a.org_id, factorId: a.entity_id, value: p.value, source: String(p.source ?? ""), year: Number(p.year ?? 0), updatedBy: a.actor, updatedAt: at };
    return { orgId: a.org_id, factorId: a.entity_id, at, override };
  });
  const last = new Map<string, OverrideChange>();
  for (const c of changes) last.set(`${c.orgId}\u0000${c.factorId}`, c);
  const extra: OverrideChange[] = [];
  for (const r of rows) {
    const o = toOverride(r);
    const l = last.get(`${o.orgId}\u0000${o.factorId}`)?.override;
    if (!l || l.value !== o.value || l.source !== o.source || l.year !== o.year) extra.push({ orgId: o.orgId, factorId: o.factorId, at: o.updatedAt, override: o });
  }
  // Removed rows the log never saw removed cannot be placed in time; the log's last word stands for them.
  return [...changes, ...extra].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
