/**
 * The schema of a documented-symbioses file: the shared development set
 * (`../shared/datasets/documented-symbioses/exchanges.json`, schema_version 1.0) and every
 * area file under `bench/quality/exchanges/` that extends it. Objects are strict, so a
 * misspelt field is an error rather than silently dropped data.
 */
import { z } from "zod";

/** Statuses of exchanges that really ran; `planned` was never realised (a hard negative). */
export const REALISED_STATUSES = ["active", "historic", "ended", "temporary", "implemented"] as const;
/** Every status a documented exchange can have. */
export const EXCHANGE_STATUSES = [...REALISED_STATUSES, "planned"] as const;

const confidence = z.enum(["high", "medium", "low"]);
const year = z.number().int().min(1900).max(2100).nullable();

/** A cited source: `id` is what exchanges reference. */
export const SourceSchema = z.strictObject({
  id: z.string().min(1),
  type: z.string().min(1),
  citation: z.string().min(1),
  url: z.url().nullable(),
  supports: z.string().nullable(),
});

/** An offer or need as a company would list it. */
export const ListingSchema = z.strictObject({
  resource: z.string().min(1),
  quantity: z.number().positive().nullable(),
  unit: z.string().nullable(),
  year: year.optional(),
  notes: z.string().nullable(),
});

/** A company of one area; coordinates may be null for off-site actors (see `coord_precision`). */
export const CompanySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** NACE Rev. 2 division, group or class ("35", "17.1", "19.20"), several joined by "; ", or "various" for a mixed actor. */
  nace: z.string().regex(/^(\d{2}(\.\d{1,2})?(; \d{2}(\.\d{1,2})?)*|various)$/, { error: "NACE Rev. 2 code like 19.20" }),
  /** Who assigned `nace`: MAESTRI's coding or this compilation. */
  nace_assignment: z.enum(["MAESTRI", "compiler"]).optional(),
  role: z.string().optional(),
  /** How sure the compiler is of the named operator; "none" for a generic sector actor. */
  operator_attribution_confidence: z.enum(["high", "medium", "low", "none"]).optional(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  coord_precision: z.string().min(1),
  outputs: z.array(ListingSchema),
  inputs: z.array(ListingSchema),
  notes: z.string().optional(),
});

/** One documented supplier → consumer exchange. */
export const ExchangeSchema = z.strictObject({
  id: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  resource: z.string().min(1),
  resource_detail: z.string().nullable(),
  quantity: z.number().positive().nullable(),
  unit: z.string().nullable(),
  year,
  start_year: year,
  end_year: year,
  status: z.enum(EXCHANGE_STATUSES),
  confidence,
  source: z.array(z.string().min(1)).min(1, { error: "an exchange cites at least one source" }),
  notes: z.string().nullable(),
});

/** A documented candidate pair that was proposed and not implemented. */
export const NonExchangeSchema = z.strictObject({
  pair: z.tuple([z.string().min(1), z.string().min(1)]),
  resource: z.string().min(1),
  kind: z.string().min(1),
  source: z.array(z.string().min(1)).min(1),
  notes: z.string().nullable(),
});

/** One industrial area. */
export const ParkSchema = z.strictObject({
  name: z.string().min(1),
  country: z.string().min(1),
  region: z.string().min(1),
  type: z.string().min(1),
  description: z.string().min(1),
  companies: z.array(CompanySchema).min(1),
  exchanges: z.array(ExchangeSchema).min(1),
  documented_non_exchanges: z.array(NonExchangeSchema),
});

/**
 * A whole file. In the shared set `resource_vocabulary` is the full vocabulary; in an area
 * file it lists only the terms that file adds (each with its meaning).
 */
export const ExchangeFileSchema = z.strictObject({
  schema_version: z.literal("1.0"),
  title: z.string().min(1),
  conventions: z.record(z.string(), z.string()),
  resource_vocabulary: z.record(z.string(), z.string().min(1)),
  sources: z.array(SourceSchema).min(1),
  parks: z.array(ParkSchema).min(1),
});

export type ExchangeFile = z.infer<typeof ExchangeFileSchema>;
export type Park = z.infer<typeof ParkSchema>;
export type Exchange = z.infer<typeof ExchangeSchema>;

/**
 * What is wrong with one file beyond its shape: exchanges whose ends are not companies of
 * their park, sources not in the file's `sources[]`, resources outside `vocabulary`
 * (the shared terms plus the file's own), duplicate ids. Empty when the file is sound.
 */
export function referenceProblems(file: ExchangeFile, vocabulary: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const sources = new Set(file.sources.map((s) => s.id));
  const known = new Set([...vocabulary, ...Object.keys(file.resource_vocabulary)]);
  const seen = new Set<string>();
  const unique = (id: string): void => {
    if (seen.has(id)) problems.push(`${id}: duplicate id`);
    seen.add(id);
  };
  for (const park of file.parks) {
    const companies = new Set(park.companies.map((c) => c.id));
    for (const c of park.companies) {
      unique(c.id);
      for (const l of [...c.outputs, ...c.inputs]) if (!known.has(l.resource)) problems.push(`${c.id}: listing resource '${l.resource}' not in the vocabulary`);
    }
    for (const e of park.exchanges) {
      unique(e.id);
      for (const end of [e.from, e.to]) if (!companies.has(end)) problems.push(`${e.id}: '${end}' is not a company of ${park.name}`);
      if (e.from === e.to) problems.push(`${e.id}: supplier and consumer are the same company`);
      for (const s of e.source) if (!sources.has(s)) problems.push(`${e.id}: source '${s}' not in sources[]`);
      if (!known.has(e.resource)) problems.push(`${e.id}: resource '${e.resource}' not in the vocabulary`);
      if ((e.quantity === null) !== (e.unit === null)) problems.push(`${e.id}: quantity and unit must both be given or both be null`);
    }
    for (const n of park.documented_non_exchanges) {
      for (const end of n.pair) if (!companies.has(end)) problems.push(`non-exchange ${n.pair.join("->")}: '${end}' is not a company of ${park.name}`);
      for (const s of n.source) if (!sources.has(s)) problems.push(`non-exchange ${n.pair.join("->")}: source '${s}' not in sources[]`);
    }
  }
  return problems;
}
