/**
 * Cursor pagination: results are ordered by id and a cursor is the opaque encoding of the
 * last id returned, so pages stay stable while rows are added elsewhere. Lists ranked by
 * score (the facilitator queue) use a score cursor: the last score and id of the page.
 */
import { z } from "zod";
import { wire } from "./wire.ts";
import { shaped, singleLine } from "../../domain/schemas/strings.ts";
import { errors } from "../../domain/errors.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Query members every list accepts. */
export const PageQuery = {
  cursor: singleLine(512).optional().describe("opaque cursor from the previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe(`page size, 1–${MAX_PAGE_SIZE}`),
};

const notOurCursor = () => errors.validationFailed([{ field: "query.cursor", message: "is not a cursor this API issued" }]);

/** Encode the last id of a page. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString("base64url");
}

/** Decode a cursor; a malformed one is a 400 naming `query.cursor`. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // fall through
  }
  throw notOurCursor();
}

/** Decode a cursor over a bigint id column (ledger rows); anything else is a 400 naming `query.cursor`. */
export function decodeIdCursor(cursor: string | undefined): string | null {
  const id = decodeCursor(cursor);
  if (id !== null && !/^\d{1,18}$/.test(id)) throw notOurCursor();
  return id;
}

/** Where a page ordered by score (descending), then id, ends. */
export interface ScorePosition {
  readonly score: number;
  readonly id: string;
}

/** Encode the last score and id of a page ordered by score, then id. */
export function encodeScoreCursor(last: ScorePosition): string {
  return encodeCursor(JSON.stringify([last.score, last.id]));
}

/** Decode a score cursor; anything else is a 400 naming `query.cursor`. */
export function decodeScoreCursor(cursor: string | undefined): ScorePosition | null {
  const after = decodeCursor(cursor);
  if (after === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(after);
  } catch {
    throw notOurCursor();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "string") throw notOurCursor();
  return { score: parsed[0], id: parsed[1] };
}

/** A page of results. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Cut a `limit + 1` result into a page with the cursor of its last item. */
export function toPage<T>(rows: readonly T[], limit: number, idOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null };
}

/** Schema of a page of `item`, for OpenAPI. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item).max(MAX_PAGE_SIZE), nextCursor: wire.token().nullable() });
}

/** Bounding box `west,south,east,north` in degrees (WGS84), as used by map clients. */
export const BBox = shaped(200, /^[0-9eE+.,\s-]*$/, "must be west,south,east,north in degrees")
  .transform((value, ctx) => {
    const parts = value.split(",").map(Number);
    const [west, south, east, north] = parts;
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: "custom", message: "must be west,south,east,north in degrees" });
      return z.NEVER;
    }
    if (west! < -180 || east! > 180 || south! < -90 || north! > 90 || south! > north!) {
      ctx.addIssue({ code: "custom", message: "must lie within -180..180, -90..90 with south ≤ north" });
      return z.NEVER;
    }
    return { west: west!, south: south!, east: east!, north: north! };
  })
  .describe("west,south,east,north in degrees");
