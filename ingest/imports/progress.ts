/**
 * Import progress on plain NATS, `<P>.imports.progress.<job>`: a hint for live views (the
 * api forwards it to Socket.IO, the CLI draws its bar from it); the job ledger is the
 * record. Fire-and-forget: a lost progress message is replaced by the next one.
 */
import type { NatsConnection, Subscription } from "nats";
import { z } from "zod";
import type { EventNames } from "../../events/streams.ts";
import type { ImportJobSummary } from "../../ledgers/import-jobs.ts";

/** One progress message. */
export const ImportProgressMessageSchema = z.object({
  jobId: z.string().min(1),
  status: z.enum(["receiving", "queued", "completed", "interrupted"]),
  requestedBy: z.string(),
  ownerOrgId: z.string().nullable(),
  done: z.int().nonnegative(),
  total: z.int().nonnegative(),
  errors: z.int().nonnegative(),
  imported: z.int().nonnegative(),
  merged: z.int().nonnegative(),
});
export type ImportProgressMessage = z.output<typeof ImportProgressMessageSchema>;

/** The progress message of a job summary. */
export function progressOf(summary: ImportJobSummary): ImportProgressMessage {
  const r = summary.rows;
  return {
    jobId: summary.id,
    status: summary.status,
    requestedBy: summary.requestedBy,
    ownerOrgId: summary.ownerOrgId,
    done: r.processed,
    total: r.received,
    errors: r.refused,
    imported: r.imported,
    merged: r.merged,
  };
}

/** Publish a job's progress. */
export function publishProgress(nc: NatsConnection, names: EventNames, summary: ImportJobSummary): void {
  nc.publish(names.subjects.importProgress(summary.id), JSON.stringify(progressOf(summary)));
}

/** Call `onProgress` for every valid progress message of one job (or of all jobs); bad ones are skipped. */
export function subscribeProgress(nc: NatsConnection, names: EventNames, jobId: string | "*", onProgress: (p: ImportProgressMessage) => void): Subscription {
  const subject = jobId === "*" ? names.subjects.allImportProgress : names.subjects.importProgress(jobId);
  return nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return;
      try {
        const parsed = ImportProgressMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(msg.data)));
        if (parsed.success) onProgress(parsed.data);
      } catch {
        // Not JSON: a hint lost, nothing more.
      }
    },
  });
}
