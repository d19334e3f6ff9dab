/** The map's sites in a box, with what the presenter needs to apply the disclosure rules. */
import { publicOrgIds } from "../../graph/queries/org-disclosure.ts";
import { mapSitesInBox, type BoundingBox } from "../../spatial/map-sites.ts";
import { revealedCounterparts } from "../../ledgers/match-disclosures.ts";
import { orgIdsOf, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";

/**
 * Sites in a box for this caller; api/routes/map/presenter.ts turns them into features. Facilitators and admins get the same
 * anonymized map as everyone: they read identities where they act on them (the queue,
 * a match, a proposal), and those reads are audited.
 */
export async function mapSites(ctx: ApiContext, principal: Principal, box: BoundingBox, options: { limit: number; resourceType?: string | undefined }) {
  const { rows, truncated } = await mapSitesInBox(ctx.knex, box, options);
  const own = orgIdsOf(principal);
  const [publicOrgs, ...revealed] = await Promise.all([publicOrgIds(ctx.neo4j, rows.map((r) => r.orgId)), ...own.map((o) => revealedCounterparts(ctx.knex, o))]);
  // Named on this caller's map: public organizations, and those a match was revealed with.
  const namedOrgs = new Set([...publicOrgs, ...revealed.flatMap((r) => [...r])]);
  return { rows, truncated, ownOrgs: new Set(own), namedOrgs };
}
