/**
 * How a match's counterpart is written: named ("Greenhouse Nord"), or — until both
 * parties said interested — an anonymous listing built only from what the API tells a
 * party (resource, bands, region, NACE section):
 * "Anonymous · offers waste heat · 1,000–2,000 MWh/yr · 2–5 km · Region X · NACE C".
 */
import { isAnonymous, type Match } from "../rest/types.ts";
import { band, km, kmBand, perYear, quantityFigure, yearlyQuantity } from "../ui/format.ts";
import { resourceName } from "../rest/resource-names.ts";
import { t } from "../i18n/index.ts";

/** Who the counterpart is, as far as you may know: its name, or "Anonymous". */
export function counterpartName(m: Match): string {
  return isAnonymous(m.counterpart) ? t("match.anonymous") : m.counterpart.orgName;
}

/** The distance in words: exact once named, else its band. */
export function distanceText(m: Match): string {
  if (m.distanceKm !== null) return km(m.distanceKm);
  const b = isAnonymous(m.counterpart) ? m.counterpart.distance : m.distance;
  return b ? kmBand(b) : t("match.distanceWithheld");
}

/** "offers waste heat · 1,000–2,000 MWh/yr": what the counterpart offers or needs, and how much. */
export function offerText(m: Match): string {
  const c = m.counterpart;
  const what = t(c.direction === "offer" ? "match.offers" : "match.needs", { what: resourceName(c.resourceType) });
  const amount = isAnonymous(c) ? band(c.quantity.band, perYear(c.quantity.unit), quantityFigure) : yearlyQuantity(c.annualQuantity, c.unit);
  return `${what} · ${amount}`;
}

/** Region, NACE section and temperature band: the rest of an anonymous listing (region only once named). */
export function listingExtras(m: Match): string[] {
  const c = m.counterpart;
  const parts: string[] = [];
  if (c.region) parts.push(c.region.name);
  if (isAnonymous(c)) {
    if (c.naceSection) parts.push(`NACE ${c.naceSection}`);
    if (c.temperature) parts.push(band(c.temperature, "°C"));
  }
  return parts;
}

/** The whole listing line: name, offer, amount, distance, region, NACE section. */
export function listingText(m: Match): string {
  return [counterpartName(m), offerText(m), distanceText(m), ...listingExtras(m)].join(" · ");
}

/** The viewer's organization on this match: the side the party view says is theirs. */
export function ownOrgOf(m: Match): string | null {
  if (m.side === "supply") return m.supplyOrgId ?? null;
  if (m.side === "demand") return m.demandOrgId ?? null;
  return null;
}
