/**
 * The OpenAPI tags in the order a partner meets them: log in, set up the organization and
 * what it has (sites, flows, imports), find matches, act on them (proposals, mandates,
 * the facilitator's queue), then the map and reference data, and last the plumbing a
 * partner system wires once (webhooks, API keys, the audit log). Swagger UI groups the
 * operations in this order; a tag not listed here follows, alphabetically.
 */
export const TAG_ORDER: readonly { readonly name: string; readonly description: string }[] = [
  { name: "auth", description: "Logging in, renewing the access token, logging out; who you are and your organizations." },
  { name: "organizations", description: "Your organizations: profile, visibility (confidential or public), members and invitations, suggested flows." },
  { name: "sites", description: "Where an organization operates: sites with coordinates and address." },
  { name: "resource-flows", description: "What a site offers or needs: resource type, quantity with unit, quality, availability, price." },
  { name: "imports", description: "Bulk registration from CSV, NDJSON or JSON files, with a report of refused rows by line." },
  { name: "matching", description: "Ranked, explained matches for an organization's flows, and your decision on each (interested, declined)." },
  { name: "proposals", description: "Proposing an exchange to the other party of a match, deciding it, and moving the deal to a partnership." },
  { name: "mandates", description: "Which facilitators may act for an organization, and for which acts." },
  { name: "facilitator", description: "The facilitators' queue of matches routed to people, claims and triage." },
  { name: "alerts", description: "Threshold alerts over an organization's carbon figures, in-app or as a signed webhook; their firings and acknowledgements." },
  { name: "civic", description: "Public, k-anonymous regional aggregates for municipalities (no login): totals, H3 hexagons, open data as CSV, GeoJSON and DCAT-AP." },
  { name: "map", description: "What the map client draws: its configuration and the sites of a bounding box." },
  { name: "coding", description: "Help with coding a flow: the resource type and EWC code for words like \"spent grain\"." },
  { name: "reference", description: "Reference data: the resource taxonomy, units, NACE codes." },
  { name: "webhooks", description: "Signed webhooks partner systems push readings and imports to, and the endpoints that verify them." },
  { name: "api-keys", description: "API keys for partner systems (scoped, shown once, stored hashed)." },
  { name: "audit", description: "The audit log of an organization: who did what, when, and on whose behalf." },
];

/** The top-level `tags` of the document: the known ones in order, then the others alphabetically. */
export function orderedTags(used: Iterable<string>): { name: string; description?: string }[] {
  const present = new Set(used);
  const known = TAG_ORDER.filter((t) => present.has(t.name)).map((t) => ({ ...t }));
  const others = [...present].filter((name) => !TAG_ORDER.some((t) => t.name === name)).sort().map((name) => ({ name }));
  return [...known, ...others];
}
