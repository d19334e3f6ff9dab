/** The map's sites in a box, with what the presenter needs to apply the disclosure rules. */
import { orgDisclosures, orgDisclosuresByName } from "../../graph/queries/org-disclosure.ts";
import { mapSitesInBox, sitesOfOrgs, type BoundingBox, type OrgSiteRow } from "../../spatial/map-sites.ts";
import { revealedCounterparts } from "../../ledgers/match-disclosures.ts";
import { orgIdsOf, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";

/**
 * Sites in a box for this caller, with the names of the organizations it may name; api/routes/map/presenter.ts turns them into features. Facilitators and admins get the same
 * anonymized map as everyone: they read identities where they act on them (the queue,
 * a match, a proposal), and those reads are audited.
 */
export async function mapSites(ctx: ApiContext, principal: Principal, box: BoundingBox, options: { limit: number; resourceType?: string | undefined }) {
  const { rows, truncated } = await mapSitesInBox(ctx.knex, box, options);
  const own = orgIdsOf(principal);
  const [facts, ...revealed] = await Promise.all([orgDisclosures(ctx.neo4j, rows.map((r) => r.orgId)), ...own.map((o) => revealedCounterparts(ctx.knex, o))]);
  const publicOrgs = [...facts.values()].filter((o) => o.disclosure === "public").map((o) => o.id);
  // Named on this caller's map: public organizations, and those a match was revealed with.
  const namedOrgs = new Set([...publicOrgs, ...revealed.flatMap((r) => [...r])]);
  const ownOrgs = new Set(own);
  // Only these organizations' names leave: the search box finds them by name, never a confidential one.
  const orgNames = new Map([...facts.values()].filter((o) => ownOrgs.has(o.id) || namedOrgs.has(o.id)).map((o) => [o.id, o.name]));
  return { rows, truncated, ownOrgs, namedOrgs, orgNames };
}

/** How many organizations of a matching name are read before the disclosure filter keeps the nameable ones. */
const ORG_SEARCH_SCAN = 1_000;

/** An organization the caller may name, with its sites, as the search presenter needs it. */
export interface NamedOrgHit {
  readonly orgId: string;
  readonly name: string;
  readonly own: boolean;
  readonly sites: readonly OrgSiteRow[];
}

/**
 * Organizations whose name contains `q` that this caller may name — its own, public ones,
 * and those a match was revealed with — with their sites; a confidential organization is
 * never found by its name (the same rule as the map's named points). At most `sitesEach`
 * sites an organization.
 */
export async function searchNamedOrganizations(ctx: ApiContext, principal: Principal, q: string, limit: number, sitesEach: number): Promise<NamedOrgHit[]> {
  const own = new Set(orgIdsOf(principal));
  const [candidates, ...revealed] = await Promise.all([orgDisclosuresByName(ctx.neo4j, q, ORG_SEARCH_SCAN), ...[...own].map((o) => revealedCounterparts(ctx.knex, o))]);
  const revealedWith = new Set(revealed.flatMap((r) => [...r]));
  const named = candidates.filter((o) => own.has(o.id) || o.disclosure === "public" || revealedWith.has(o.id)).slice(0, limit);
  const sites = await sitesOfOrgs(ctx.knex, named.map((o) => o.id), limit * sitesEach);
  return named.map((o) => ({ orgId: o.id, name: o.name, own: own.has(o.id), sites: sites.filter((s) => s.orgId === o.id).slice(0, sitesEach) }));
}
