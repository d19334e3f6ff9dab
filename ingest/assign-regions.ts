/**
 * `npm run regions:assign`: re-derive every site's region and country from the loaded
 * boundaries (ingest/site-regions.ts) — after loading new boundaries, or for sites written
 * before any were loaded. Each site goes through the one write path as it is stored, so a
 * site whose region changes gets a new version, its index row, an audit entry and a
 * `site.changed` event, and one whose region is already right is left untouched: a second
 * run changes nothing.
 */
import { externalOf } from "../domain/node-ref.ts";
import { countWithoutRegion, sitePage } from "../graph/queries/site-pages.ts";
import { writeSites, type WriteContext } from "./write-path.ts";

/** What a run did. */
export interface AssignRegionsReport {
  readonly sites: number;
  /** Sites whose region or country changed (rewritten at a new version). */
  readonly changed: number;
  readonly unchanged: number;
  /** Sites no loaded boundary covers (at sea, or in a country without boundaries): no region. */
  readonly withoutRegion: number;
  /** Sites the write path refused, with why (none expected: they are stored documents). */
  readonly refused: readonly { readonly id: string | undefined; readonly code: string; readonly message: string }[];
  readonly seconds: number;
}

/** Re-derive the region and country of every site, `batchSize` sites per write. */
export async function assignSiteRegions(ctx: WriteContext, options: { readonly batchSize?: number } = {}): Promise<AssignRegionsReport> {
  const batchSize = options.batchSize ?? 2_000;
  const started = performance.now();
  let after: string | null = null;
  let sites = 0;
  let changed = 0;
  let withoutRegion = 0;
  const refused: { id: string | undefined; code: string; message: string }[] = [];
  for (;;) {
    const page = await sitePage(ctx.neo4j, after, batchSize);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    sites += page.length;
    // Stored documents carry node ids; the write path takes the owner's form and resolves it.
    const result = await writeSites(ctx, page.map((s) => ({ ...s.doc, externalId: externalOf(s.doc.externalId) })));
    changed += result.outcomes.filter((o) => o.change !== "unchanged").length;
    for (const r of result.rejected) refused.push({ id: r.id, code: r.error.code, message: r.error.message });
    withoutRegion += await countWithoutRegion(ctx.neo4j, page.map((s) => s.id));
  }
  return { sites, changed, unchanged: sites - changed - refused.length, withoutRegion, refused, seconds: (performance.now() - started) / 1000 };
}
