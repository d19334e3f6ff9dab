/**
 * Stage 2 of the import pipeline: validated documents → both stores through the one write
 * path (businesses, then sites, then flows), merges and refusals into the job's ledger,
 * progress to whoever watches.
 *
 * Exactly-once effect over at-least-once delivery: every document has a deterministic id
 * and the write path changes nothing for content it already holds, so a chunk written
 * twice (the worker died before its ack) leaves the stores as after the first time; the
 * chunk record is keyed, so its counts are those of the first completed attempt, and a
 * chunk already recorded as written is not written again.
 */
import type { Knex } from "knex";
import type { NatsConnection } from "nats";
import type { EventNames } from "../../events/streams.ts";
import { writeBusinesses, writeFlows, writeSites, type BatchResult, type WriteContext } from "../write-path.ts";
import { chunkRecorded, completeIfDone, importJobSummary, jobSettings, recordChunk, recordMerges, recordRowErrors, type MergeRecord, type RowErrorRecord } from "../../ledgers/import-jobs.ts";
import { NonRetriableError } from "../../platform/infra-errors.ts";
import { headerOf } from "./columns.ts";
import type { ValidatedChunk } from "./messages.ts";
import { publishProgress } from "./progress.ts";
import { actionsBy } from "../../ledgers/audit-log.ts";
import type { WriteOutcome } from "../../graph/entity-store.ts";

/** What the write stage needs. */
export interface WriteStageDeps {
  readonly write: Omit<WriteContext, "actor">;
  readonly knex: Knex;
  readonly nats: NatsConnection;
  readonly names: EventNames;
}

/**
 * The change each outcome stands for in this job's counts. A chunk redelivered after its
 * write committed but before its record was kept (the worker killed between the two, the
 * ack or the record lost with NATS or PostgreSQL) finds its own rows unchanged; counted as
 * such, a fresh import reported a chunk's flows "unchanged" and fewer "created" than the
 * graph holds. A row unchanged at a version this job's actor wrote counts as what it wrote.
 */
async function asFirstWritten(knex: Knex, actor: string, outcomes: readonly WriteOutcome[]): Promise<("created" | "updated" | "unchanged")[]> {
  const unchanged = outcomes.filter((o) => o.change === "unchanged");
  const ours = unchanged.length > 0 ? await actionsBy(knex, actor, "resource_flow", unchanged) : new Map<string, string>();
  return outcomes.map((o) => {
    if (o.change !== "unchanged") return o.change;
    const action = ours.get(`${o.id}@${o.version}`);
    return action === "created" || action === "updated" ? action : "unchanged";
  });
}

/** Write one validated chunk. */
export async function writeChunk(deps: WriteStageDeps, chunk: ValidatedChunk): Promise<void> {
  const timing = { neo4jMs: 0, postgisMs: 0, auditMs: 0, publishMs: 0 };
  const ctx: WriteContext = { ...deps.write, actor: `import:${chunk.jobId}`, timing };
  const job = await jobSettings(deps.knex, chunk.jobId);
  if (!job) throw new NonRetriableError(`no import job ${chunk.jobId}`);
  // A chunk written and recorded once is done: a second delivery of it (redelivered while
  // the first was in hand, or its ack lost) writes nothing.
  // Written again, it put its rows' older content back over what later chunks, or people
  // since, wrote to the same sites — and did so after the job said it was complete.
  if (await chunkRecorded(deps.knex, chunk.jobId, chunk.chunk, "written")) return;
  const refused = new Map<number, RowErrorRecord>();
  const refuse = (lines: readonly number[], result: BatchResult, field: string) => {
    for (const r of result.rejected) {
      const line = lines[r.index]!;
      // A write-path field is an import field ("siteId"); the report names the file's column.
      if (!refused.has(line)) refused.set(line, { line, field: r.error.field ? headerOf(job.mapping, r.error.field) : field, reason: r.error.message });
    }
  };

  const withBusiness = chunk.rows.filter((r) => r.business);
  const businesses = await writeBusinesses(ctx, withBusiness.map((r) => r.business!));
  refuse(withBusiness.map((r) => r.line), businesses, "companyName");
  const keptNotes = (businesses.kept ?? []).map(({ index }): MergeRecord => {
    const row = withBusiness[index]!;
    return {
      line: row.line,
      entityType: "business",
      incomingName: row.business!.name,
      intoId: row.businessId,
      intoName: null,
      distanceM: null,
      reason: "an organization with this company id exists; an import never changes its profile, so it was kept as stored",
    };
  });
  // A site or flow whose business (site) was refused above is refused by the write path too.
  const withSite = chunk.rows.filter((r) => r.site && !refused.has(r.line));
  refuse(withSite.map((r) => r.line), await writeSites(ctx, withSite.map((r) => r.site!)), "siteName");
  const withFlow = chunk.rows.filter((r) => r.flow && !refused.has(r.line));
  // Each flow is written for its row's business: a flow at another organization's site is refused.
  const flows = await writeFlows(ctx, withFlow.map((r) => r.flow!), withFlow.map((r) => r.businessId));
  refuse(withFlow.map((r) => r.line), flows, "resourceType");

  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const o of await asFirstWritten(deps.knex, ctx.actor, flows.outcomes)) counts[o]++;
  const merged = chunk.rows.filter((r) => !r.flow && !refused.has(r.line)).length;
  await recordRowErrors(deps.knex, chunk.jobId, [...refused.values()]);
  await recordMerges(deps.knex, chunk.jobId, [...chunk.rows.filter((r) => !refused.has(r.line)).flatMap((r) => r.merges), ...keptNotes.filter((n) => !refused.has(n.line))]);
  await recordChunk(deps.knex, chunk.jobId, chunk.chunk, {
    stage: "written",
    rows: chunk.rowsInChunk,
    refused: refused.size,
    ...counts,
    merged,
    neo4jMs: timing.neo4jMs,
    postgisMs: timing.postgisMs,
  });
  await completeIfDone(deps.knex, chunk.jobId);
  const summary = await importJobSummary(deps.knex, chunk.jobId);
  if (summary) publishProgress(deps.nats, deps.names, summary);
}
