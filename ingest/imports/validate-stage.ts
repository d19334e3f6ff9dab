/**
 * Stage 1 of the import pipeline: a raw chunk → validated, normalized, enriched and
 * deduplicated documents on `<P>.ingest.validated`, refused rows into the job's ledger.
 *
 * Per row: read the cells (parse-row) → find who it is (resolve-identities against the
 * stored businesses loaded in one query) → complete it (enrich-row: coding help, NACE
 * defaults) → region of a new site by PostGIS polygon → domain documents validated by the
 * API's own schemas. A row with any error is refused whole and reported with every error.
 *
 * Idempotent: row errors and the chunk record are keyed, and the validated message has the
 * id `validated:<job>:<chunk>`, so a redelivered chunk publishes nothing new.
 */
import { withRequestHeader } from "../../events/request-headers.ts";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { JetStreamClient } from "nats";
import type { Correction } from "../../domain/coding/suggest.ts";
import type { EventNames } from "../../events/streams.ts";
import { NonRetriableError } from "../../platform/infra-errors.ts";
import { headerOf } from "./columns.ts";
import { businessDocument, flowDocument, siteDocument } from "./documents.ts";
import { enrichRow } from "./enrich-row.ts";
import { nameKey } from "./identity.ts";
import { knownBusiness, knownBusinessesByKey } from "./known-entities.ts";
import type { RawChunk, ValidatedChunk, ValidatedRow } from "./messages.ts";
import { parseRow, type FieldError, type ParsedRow } from "./parse-row.ts";
import { ChunkResolver, resolveFlow, type FlowResolution, type OwnerResolution } from "./resolve-identities.ts";
import { claimFlows, jobSettings, pendingEntities, recordChunk, recordNewEntities, recordRowErrors, type ImportJobSettings, type RowErrorRecord } from "../../ledgers/import-jobs.ts";
import type { EstimableField, ResourceFlow } from "../../domain/schemas/resource-flow.ts";

/** The region code of each point (most specific boundary containing it), in order. */
export type RegionLookup = (points: readonly { lat: number; lon: number }[]) => Promise<(string | null)[]>;

/** What the validate stage needs. */
export interface ValidateStageDeps {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly js: JetStreamClient;
  readonly names: EventNames;
  /** Corrections people made to coding suggestions (they win over the keyword index). */
  readonly corrections: () => Promise<ReadonlyMap<string, Correction>>;
  readonly regions?: RegionLookup;
}

/**
 * One row on its way through the stage. Invariant: a row with `errors` is refused whole;
 * a row without them has its `resolution` from {@link resolveAndEnrich} on.
 */
interface Working {
  readonly line: number;
  row: ParsedRow;
  errors: FieldError[];
  resolution?: OwnerResolution;
  estimated: readonly EstimableField[];
}

/** A row still going: no errors so far, and resolved. */
type Going = Working & { readonly resolution: OwnerResolution };

const going = (w: Working): w is Going => w.errors.length === 0 && w.resolution !== undefined;

/** A row's flow: what resolving it decided, and the document when it is written. */
interface FlowOutcome {
  readonly resolution: FlowResolution;
  readonly doc?: ResourceFlow;
}

/**
 * Validate one raw chunk and hand the accepted rows on: read → resolve and complete →
 * regions of new sites → flows (and duplicates in the file) → documents → record and publish.
 */
export async function validateChunk(deps: ValidateStageDeps, chunk: RawChunk): Promise<ValidatedChunk> {
  const job = await jobSettings(deps.knex, chunk.jobId);
  if (!job) throw new NonRetriableError(`no import job ${chunk.jobId}`);
  const options = { decimalComma: job.decimalComma, headerUnits: job.mapping.headerUnits };
  const work: Working[] = chunk.rows.map(({ line, fields }) => {
    const { row, errors } = parseRow(fields, options);
    return { line, row, errors, estimated: [] };
  });
  const resolver = await resolveAndEnrich(deps, job, work);
  const regionOf = await regionsOfNewSites(deps, work);
  const flowOf = await resolveFlows(deps, chunk.jobId, work);
  const accepted = acceptedRows(work, flowOf, regionOf);

  // Later chunks resolve to what this one created, whether or not it has been written yet.
  await recordNewEntities(deps.knex, chunk.jobId, resolver.created());
  const rowErrors: RowErrorRecord[] = work.flatMap((w) =>
    dedupeFields(w.errors).map((e) => ({ line: w.line, field: headerOf(job.mapping, e.field), reason: e.reason, value: e.value ?? cellOf(w.row, e.field) })),
  );
  const validated: ValidatedChunk = { jobId: chunk.jobId, chunk: chunk.chunk, rowsInChunk: chunk.rows.length, rows: accepted };
  await recordRowErrors(deps.knex, chunk.jobId, rowErrors);
  await deps.js.publish(deps.names.subjects.ingestValidated, JSON.stringify(validated), { msgID: `validated:${chunk.jobId}:${chunk.chunk}`, headers: withRequestHeader() });
  await recordChunk(deps.knex, chunk.jobId, chunk.chunk, { stage: "validated", rows: chunk.rows.length, refused: chunk.rows.length - accepted.length });
  return validated;
}

/**
 * Find who each row is (the job's owner, or a stored or pending business by name, loaded
 * in one query each) and complete it (coding help, NACE defaults). Returns the resolver,
 * which knows what this chunk creates.
 */
async function resolveAndEnrich(deps: ValidateStageDeps, job: ImportJobSettings, work: Working[]): Promise<ChunkResolver> {
  const owner = job.ownerOrgId ? await knownBusiness(deps.neo4j, job.ownerOrgId) : undefined;
  if (job.ownerOrgId && !owner) throw new NonRetriableError(`organization ${job.ownerOrgId} of import ${job.id} does not exist`);
  const keys = owner ? [] : work.filter((w) => !w.row.businessId && w.row.companyName).map((w) => nameKey(w.row.companyName!));
  const [known, pending, corrections] = await Promise.all([
    knownBusinessesByKey(deps.neo4j, keys),
    pendingEntities(deps.knex, job.id, keys, job.ownerOrgId),
    deps.corrections(),
  ]);
  const resolver = new ChunkResolver(known, owner, pending);
  for (const w of work) {
    const resolved = resolver.resolve(w.line, w.row);
    if ("errors" in resolved) w.errors.push(...resolved.errors);
    else w.resolution = resolved;
    const enriched = enrichRow(w.row, corrections, w.row.naceCode ?? w.resolution?.knownBusiness?.naceCode ?? undefined);
    w.row = enriched.row;
    w.estimated = enriched.estimated;
    w.errors.push(...enriched.errors);
  }
  return resolver;
}

/** The region of each site this chunk creates without one, by line, in one query. */
async function regionsOfNewSites(deps: ValidateStageDeps, work: readonly Working[]): Promise<ReadonlyMap<number, string | null>> {
  const needRegion = work.filter((w) => going(w) && !w.resolution.knownSite && w.row.region === undefined);
  const regionCodes = deps.regions && needRegion.length > 0 ? await deps.regions(needRegion.map((w) => ({ lat: w.row.lat!, lon: w.row.lon! }))) : [];
  return new Map(needRegion.map((w, i) => [w.line, regionCodes[i] ?? null]));
}

/**
 * Each going row's flow. Flows come before the other documents: a line whose flow another
 * line of this job already owns is a duplicate in the file, refused before it can
 * overwrite that line or emit anything.
 */
async function resolveFlows(deps: ValidateStageDeps, jobId: string, work: readonly Working[]): Promise<Map<Working, FlowOutcome>> {
  const flowOf = new Map<Working, FlowOutcome>();
  for (const w of work) {
    if (!going(w)) continue;
    const row = w.row as ParsedRow & { direction: "offer" | "need"; resourceType: string };
    const resolution = resolveFlow(w.line, row, w.resolution.siteId, w.resolution.knownSite);
    const f = resolution.write ? flowDocument(row, resolution.flowId, w.resolution.siteId, w.estimated) : { doc: undefined, errors: [] };
    w.errors.push(...f.errors);
    flowOf.set(w, { resolution, doc: f.doc });
  }
  const claiming = [...flowOf].filter(([w, f]) => w.errors.length === 0 && f.resolution.write);
  const owners = await claimFlows(deps.knex, jobId, claiming.map(([w, f]) => ({ flowId: f.resolution.flowId, line: w.line })));
  for (const [w, f] of claiming) {
    const owner = owners.get(f.resolution.flowId);
    if (owner !== undefined && owner !== w.line)
      w.errors.push({ field: "resourceType", reason: `same site, direction and resource type as line ${owner}; give a flow id, or a description or temperature that tells them apart` });
  }
  return flowOf;
}

/**
 * The validated rows: each going row with the documents it creates. A new business or
 * site is emitted once, by the first accepted row that names it.
 */
function acceptedRows(work: readonly Working[], flowOf: ReadonlyMap<Working, FlowOutcome>, regionOf: ReadonlyMap<number, string | null>): ValidatedRow[] {
  const emittedBusinesses = new Set<string>();
  const emittedSites = new Set<string>();
  const accepted: ValidatedRow[] = [];
  for (const w of work) {
    if (!going(w)) continue;
    const r = w.resolution;
    const row = w.row;
    const flow = flowOf.get(w)!;
    const out: { -readonly [K in keyof ValidatedRow]: ValidatedRow[K] } = { line: w.line, businessId: r.businessId, siteId: r.siteId, merges: [...r.merges] };
    if (!r.knownBusiness && !emittedBusinesses.has(r.businessId) && (row.companyName !== undefined || !row.businessId)) {
      const b = businessDocument(row, r.businessId);
      w.errors.push(...b.errors);
      out.business = b.doc;
    }
    if (!r.knownSite && !emittedSites.has(r.siteId)) {
      const s = siteDocument({ ...row, ...r.siteAt }, r.siteId, r.businessId, regionOf.get(w.line) ?? null);
      w.errors.push(...s.errors);
      out.site = s.doc;
    }
    if (flow.resolution.write) out.flow = flow.doc;
    else out.merges.push(flow.resolution.merge);
    if (w.errors.length > 0) continue;
    if (out.business) emittedBusinesses.add(r.businessId);
    if (out.site) emittedSites.add(r.siteId);
    accepted.push(out);
  }
  return accepted;
}

/** The value a row holds for a field, as text for the report (null when it has none). */
function cellOf(row: ParsedRow, field: string): string | null {
  const value = (row as Record<string, unknown>)[field];
  return value === undefined || value === null ? null : typeof value === "object" ? JSON.stringify(value) : String(value).slice(0, 200);
}

/** One error per field (the first), so a report line is not repeated. */
function dedupeFields(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.field) && seen.add(e.field));
}
