/**
 * Deduplication: which business, site and flow each row of a chunk is — one already
 * stored, one created earlier in the same chunk, or a new one — with a merge record
 * whenever a row is recognised as a record someone else made. Pure: the stored
 * candidates come in as data (known-entities.ts loads them).
 *
 * Rules (identity.ts has the keys and distances):
 * - explicit ids in the file are the source's own and are used as given;
 * - a business: same name key and a site within 2 km → that business, kept as stored;
 * - a site: a site of that business within 500 m → that site, kept as stored;
 * - a flow: the id derived from site, direction, type and its distinguishing details; a
 *   stored flow of the same direction and type at a known site, under another id, is
 *   kept instead (recorded as a merge).
 */
import { distanceMetres } from "../../domain/geodesy.ts";
import {
  SAME_BUSINESS_METRES,
  SAME_SITE_METRES,
  derivedBusinessId,
  derivedFlowId,
  derivedSiteId,
  nameKey,
} from "./identity.ts";
import type { MergeRecord } from "../../ledgers/import-jobs.ts";
import type { FieldError, ParsedRow } from "./parse-row.ts";

/** A stored flow, as far as deduplication cares. */
export interface KnownFlow {
  readonly id: string;
  readonly direction: string;
  readonly resourceType: string;
}
/** A stored site with its flows. */
export interface KnownSite {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly flows: readonly KnownFlow[];
}
/** A stored business with its sites. */
export interface KnownBusiness {
  readonly id: string;
  readonly name: string;
  readonly naceCode: string | null;
  readonly sites: readonly KnownSite[];
}

/**
 * Where a row's business and site resolved to. A business or site that is not `known`
 * (stored, and not named by id in the file) is written from the first accepted row that
 * resolves to it.
 */
export interface OwnerResolution {
  readonly businessId: string;
  readonly knownBusiness?: KnownBusiness;
  readonly siteId: string;
  /**
   * Where the site is: the point of the row that first named it. A site is written with
   * this point whichever row writes it, so later chunks and later imports measure
   * distances from the same place.
   */
  readonly siteAt: { readonly lat: number; readonly lon: number };
  readonly knownSite?: KnownSite;
  readonly merges: MergeRecord[];
}

interface LocalSite {
  id: string;
  lat: number;
  lon: number;
}
interface Candidate {
  id: string;
  known?: KnownBusiness;
  sites: (LocalSite & { known?: KnownSite })[];
}

const isOurs = (id: string, prefix: string) => id.startsWith(prefix);

/** A business (with its sites) that earlier chunks of the same import created, not yet necessarily written. */
export interface PendingBusiness {
  readonly id: string;
  readonly sites: readonly { id: string; lat: number; lon: number }[];
}

/** What a chunk created that later chunks of the import must resolve to. */
export interface CreatedEntities {
  readonly businesses: { id: string; nameKey: string; lat: number; lon: number }[];
  readonly sites: { id: string; businessId: string; lat: number; lon: number }[];
}

/** Resolves rows of one chunk in line order; rows resolved earlier are candidates for later ones. */
export class ChunkResolver {
  private readonly byKey = new Map<string, Candidate[]>();
  private readonly owner?: Candidate;
  private readonly made: CreatedEntities = { businesses: [], sites: [] };

  /**
   * @param known stored businesses by name key (or, for one organization's own file, that organization under any key)
   * @param ownerOrg the organization every row belongs to, when the job is one organization's own
   * @param pending businesses earlier chunks of this import created, by name key, and for an
   *   organization's own import the sites they created for it
   */
  constructor(
    known: ReadonlyMap<string, readonly KnownBusiness[]>,
    ownerOrg?: KnownBusiness,
    pending: { businesses: ReadonlyMap<string, readonly PendingBusiness[]>; ownerSites: PendingBusiness["sites"] } = { businesses: new Map(), ownerSites: [] },
  ) {
    for (const [key, list] of known) this.byKey.set(key, list.map((b) => ({ id: b.id, known: b, sites: b.sites.map((s) => ({ ...s, known: s })) })));
    for (const [key, list] of pending.businesses) {
      const candidates = this.byKey.get(key) ?? [];
      for (const b of list) {
        // A business an earlier chunk created may already be stored while some of its new
        // sites are not yet: add those to the stored candidate.
        const existing = candidates.find((c) => c.id === b.id);
        if (!existing) candidates.push({ id: b.id, sites: b.sites.map((s) => ({ ...s })) });
        else for (const site of b.sites) if (!existing.sites.some((x) => x.id === site.id)) existing.sites.push({ ...site });
      }
      this.byKey.set(key, candidates);
    }
    if (ownerOrg) this.owner = { id: ownerOrg.id, known: ownerOrg, sites: [...ownerOrg.sites.map((s) => ({ ...s, known: s })), ...pending.ownerSites.map((s) => ({ ...s }))] };
  }

  /** The businesses and sites this chunk created (for the chunks after it). */
  created(): CreatedEntities {
    return this.made;
  }

  /** Resolve a row's business and site; errors when it lacks what identifies it. */
  resolve(line: number, row: ParsedRow): OwnerResolution | { errors: FieldError[] } {
    if (row.lat === undefined || row.lon === undefined) return { errors: [] }; // reported by enrichment
    const at = { lat: row.lat, lon: row.lon };
    const merges: MergeRecord[] = [];
    let business: Candidate;
    let explicit = false;
    if (this.owner) business = this.owner;
    else if (row.businessId) {
      business = this.local(nameKey(row.companyName ?? row.businessId), row.businessId);
      explicit = true;
    } else {
      const key = nameKey(row.companyName ?? "");
      if (!key) return { errors: [{ field: "companyName", reason: "missing: the company's name" }] };
      const nearest = this.nearestBusiness(key, at);
      if (nearest) {
        business = nearest.candidate;
        const k = business.known;
        if (k && (!isOurs(k.id, "b-") || k.name !== row.companyName))
          merges.push({ line, entityType: "business", incomingName: row.companyName!, intoId: k.id, intoName: k.name, distanceM: Math.round(nearest.metres), reason: `same name as "${k.name}" with a site ${Math.round(nearest.metres)} m away` });
      } else {
        business = this.local(key, derivedBusinessId(key, at.lat, at.lon));
        if (!this.made.businesses.some((b) => b.id === business.id)) this.made.businesses.push({ id: business.id, nameKey: key, ...at });
      }
    }

    let siteId: string;
    let knownSite: KnownSite | undefined;
    let siteAt = at;
    if (row.siteId) {
      siteId = row.siteId;
      if (!business.sites.some((s) => s.id === siteId)) business.sites.push({ id: siteId, ...at });
    } else {
      // A site someone registered themselves, nearby, is the same site (a merge). Our own
      // sites are identified by grid cell, not by "nearest so far", so that a row resolves
      // to the same site whatever order the rows, chunks and imports come in.
      const foreign = nearestSite(business.sites.filter((x) => x.known && !isOurs(x.id, "s-")), at);
      if (foreign && foreign.metres <= SAME_SITE_METRES) {
        siteId = foreign.site.id;
        siteAt = { lat: foreign.site.lat, lon: foreign.site.lon };
        knownSite = foreign.site.known;
        merges.push({ line, entityType: "site", incomingName: row.siteName ?? row.companyName ?? siteId, intoId: siteId, intoName: knownSite!.name, distanceM: Math.round(foreign.metres), reason: `a site of the same business ${Math.round(foreign.metres)} m away` });
      } else {
        siteId = derivedSiteId(business.id, at.lat, at.lon);
        const existing = business.sites.find((x) => x.id === siteId);
        if (existing) {
          siteAt = { lat: existing.lat, lon: existing.lon };
          knownSite = existing.known;
        } else {
          business.sites.push({ id: siteId, ...at });
          this.made.sites.push({ id: siteId, businessId: business.id, ...at });
        }
      }
    }
    return { businessId: business.id, knownBusiness: explicit ? undefined : business.known, siteId, siteAt, knownSite, merges };
  }

  private nearestBusiness(key: string, at: { lat: number; lon: number }): { candidate: Candidate; metres: number } | undefined {
    let best: { candidate: Candidate; metres: number } | undefined;
    for (const candidate of this.byKey.get(key) ?? []) {
      const near = nearestSite(candidate.sites, at);
      if (near && near.metres <= SAME_BUSINESS_METRES && (!best || near.metres < best.metres)) best = { candidate, metres: near.metres };
    }
    return best;
  }

  private local(key: string, id: string): Candidate {
    const list = this.byKey.get(key) ?? [];
    let candidate = list.find((c) => c.id === id);
    if (!candidate) {
      candidate = { id, sites: [] };
      list.push(candidate);
      this.byKey.set(key, list);
    }
    return candidate;
  }
}

function nearestSite<S extends LocalSite>(sites: readonly S[], at: { lat: number; lon: number }): { site: S; metres: number } | undefined {
  let best: { site: S; metres: number } | undefined;
  for (const site of sites) {
    const metres = distanceMetres(site, at);
    if (!best || metres < best.metres) best = { site, metres };
  }
  return best;
}

/** What a row's flow resolved to. */
export type FlowResolution = { readonly flowId: string; readonly write: true } | { readonly flowId: string; readonly write: false; readonly merge: MergeRecord };

/**
 * The flow of a row at its resolved site: explicit id, else derived; a stored flow of the
 * same direction and type under another id at a known site is kept instead.
 */
export function resolveFlow(line: number, row: ParsedRow & { direction: string; resourceType: string }, siteId: string, knownSite: KnownSite | undefined): FlowResolution {
  if (row.flowId) return { flowId: row.flowId, write: true };
  const distinguishing = `${row.temperatureC ?? ""}|${nameKey(row.description ?? "")}`;
  const flowId = derivedFlowId(siteId, row.direction, row.resourceType, distinguishing);
  const existing = knownSite?.flows.find((f) => f.direction === row.direction && f.resourceType === row.resourceType);
  if (!existing || existing.id === flowId || knownSite?.flows.some((f) => f.id === flowId) || isOurs(existing.id, "f-")) return { flowId, write: true };
  return {
    flowId: existing.id,
    write: false,
    merge: {
      line,
      entityType: "flow",
      incomingName: `${row.direction} ${row.resourceType}`,
      intoId: existing.id,
      intoName: knownSite!.name,
      distanceM: null,
      reason: `the site already has a ${row.resourceType} ${row.direction} (${existing.id}); kept as stored — give its flow id to update it`,
    },
  };
}
