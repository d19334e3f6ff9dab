/**
 * Optimistic concurrency over HTTP: responses carry `ETag: "<version>"`; an update names
 * the version it saw either in the body (`version`) or in `If-Match`. A stale body version
 * is 409 VERSION_CONFLICT; a stale If-Match is 412 PRECONDITION_FAILED.
 */
import type { Request } from "express";
import { errors, isTurashError } from "../../domain/errors.ts";

/** ETag header value for a version. */
export const etag = (version: number) => `"${version}"`;

/** The version named by If-Match, if any; a malformed header is a 400. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.get("if-match");
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw errors.validationFailed([{ field: "headers.if-match", message: 'must be an ETag like "3"' }]);
  return Number(match[1]);
}

/**
 * The version an update is based on: If-Match wins over the body; one of them is required.
 */
export function expectedVersion(req: Request, bodyVersion: number | undefined): number {
  const fromHeader = ifMatchVersion(req);
  const version = fromHeader ?? bodyVersion;
  if (version === undefined) {
    throw errors.validationFailed([{ field: "body.version", message: "give the version you saw, in the body or as If-Match" }]);
  }
  return version;
}

/** Run an update; a version conflict under If-Match becomes 412. */
export async function withPrecondition<T>(req: Request, update: () => Promise<T>): Promise<T> {
  try {
    return await update();
  } catch (error) {
    if (isTurashError(error, "VERSION_CONFLICT") && req.get("if-match") !== undefined) {
      throw errors.preconditionFailed(`If-Match did not match: ${error.detail}`);
    }
    throw error;
  }
}
