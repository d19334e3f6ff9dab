/**
 * From validated domain documents to the rows each store keeps: the graph node (document
 * plus flat query properties) and the PostGIS summary. One place, so the two stores are
 * always derived from the same values.
 */
import type { EntityRow } from "../graph/entity-store.ts";
import type { NormalizedResourceFlow } from "../domain/normalize-flow.ts";
import { disclosureOf, type Business } from "../domain/schemas/business.ts";
import type { Site } from "../domain/schemas/site.ts";
import type { FlowIndexRow, SiteIndexRow } from "../spatial/index-store.ts";
import { contentHash } from "./content-hash.ts";
import { dataQuality } from "../domain/data-quality.ts";
import { nameKey } from "./imports/identity.ts";

/** Months 1–12 as a 12-bit mask (bit 0 = January); all year when absent. */
export function monthsMask(months: readonly number[] | undefined): number {
  if (!months || months.length === 0) return 0xfff;
  return months.reduce((mask, m) => mask | (1 << (m - 1)), 0);
}

/** Graph row of a business. */
export function businessRow(b: Business): EntityRow {
  return {
    id: b.externalId,
    hash: contentHash(b),
    props: { name: b.name, nameKey: nameKey(b.name), nace: b.naceCode, size: b.size ?? null, disclosure: disclosureOf(b), doc: JSON.stringify(b) },
  };
}

/** Graph row of a site (its organization is its business). */
export function siteRow(s: Site): EntityRow {
  return {
    id: s.externalId,
    hash: contentHash(s),
    parentId: s.businessId,
    rel: "OPERATES",
    lat: s.lat,
    lon: s.lon,
    props: {
      name: s.name,
      orgId: s.businessId,
      region: s.region ?? null,
      city: s.address?.city ?? null,
      country: s.address?.country ?? null,
      doc: JSON.stringify(s),
    },
  };
}

/** The flat fields of a flow that the graph node and the PostGIS row both carry. */
function flowSummary(f: NormalizedResourceFlow, orgId: string) {
  return {
    siteId: f.siteId,
    orgId,
    direction: f.direction,
    resourceType: f.resourceType,
    annualQuantity: f.normalized.annual,
    canonicalUnit: f.normalized.unit,
    peakKw: f.normalized.peakKW ?? null,
    temperatureC: f.quality?.temperatureC ?? null,
    hazardClass: f.quality?.hazardClass ?? null,
    precision: f.precision,
    monthsMask: monthsMask(f.availability?.seasonality),
  };
}

/** Graph row of a normalized flow at a site of organization `orgId`. */
export function flowRow(f: NormalizedResourceFlow, orgId: string): EntityRow {
  return {
    id: f.externalId,
    hash: contentHash(f),
    parentId: f.siteId,
    rel: f.direction === "offer" ? "OFFERS" : "NEEDS",
    props: { ...flowSummary(f, orgId), dataQuality: dataQuality(f).score, doc: JSON.stringify(f) },
  };
}

/** PostGIS summary of a site at a version. */
export function siteIndexRow(s: Site, version: number): SiteIndexRow {
  return { siteId: s.externalId, orgId: s.businessId, name: s.name, regionCode: s.region ?? null, countryCode: s.address?.country ?? null, lat: s.lat, lon: s.lon, version };
}

/** PostGIS summary of a flow at a version; its point is its site's. */
export function flowIndexRow(f: NormalizedResourceFlow, orgId: string, version: number): FlowIndexRow {
  return {
    flowId: f.externalId,
    ...flowSummary(f, orgId),
    availableFrom: f.availability?.start ?? null,
    availableUntil: f.availability?.end ?? null,
    version,
    pressureBar: f.quality?.pressureBar ?? null,
    purityPct: f.quality?.purityPct ?? null,
    hoursPerWeek: hoursPerWeek(f),
    priceEurPerUnit: f.price?.eurPerUnit ?? null,
    disposalCostEurPerUnit: f.disposalCost?.eurPerUnit ?? null,
    acceptedHazardClasses: f.acceptedHazardClasses ?? null,
    maxDistanceKm: f.maxDistanceKm ?? null,
    minAnnualQuantity: f.minAnnualQuantity ?? null,
  };
}

/** Operating hours per week from the schedule (168 when "24/7"), null when not given. */
function hoursPerWeek(f: NormalizedResourceFlow): number | null {
  const schedule = f.availability?.schedule;
  if (schedule === undefined) return null;
  return schedule === "24/7" ? 168 : schedule.hoursPerWeek;
}
