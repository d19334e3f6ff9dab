/**
 * What the disclosure rules need to know of organizations: whether each chose to be
 * public, its name and its designated contact (shared with a counterpart only after
 * mutual interest). One query for any number of organizations.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { disclosureOf, type Business, type Contact, type Disclosure } from "../../domain/schemas/business.ts";

/** One organization as the disclosure rules see it. */
export interface OrgDisclosure {
  readonly id: string;
  readonly name: string;
  readonly disclosure: Disclosure;
  readonly contact: Contact | null;
}

/** Disclosure facts of these organizations (unknown ids are absent). */
export async function orgDisclosures(neo4j: Driver, orgIds: Iterable<string>): Promise<Map<string, OrgDisclosure>> {
  const ids = [...new Set(orgIds)].filter(Boolean);
  if (ids.length === 0) return new Map();
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (b:Business {id: id}) RETURN b.id AS id, b.doc AS doc", { ids }, { routing: "READ" });
  const out = new Map<string, OrgDisclosure>();
  for (const r of records) {
    const doc = JSON.parse(r.get("doc") as string) as Business;
    out.set(r.get("id") as string, { id: r.get("id") as string, name: doc.name, disclosure: disclosureOf(doc), contact: doc.contact ?? null });
  }
  return out;
}

/** The ids among these organizations that chose to be public. */
export async function publicOrgIds(neo4j: Driver, orgIds: Iterable<string>): Promise<Set<string>> {
  const facts = await orgDisclosures(neo4j, orgIds);
  return new Set([...facts.values()].filter((o) => o.disclosure === "public").map((o) => o.id));
}

/**
 * Organizations whose name contains `q` (case ignored), by name, with their disclosure facts:
 * at most `scan` of them, for the caller to keep those it may name. The map's search box
 * asks; the disclosure lives in the document, so the filtering happens after the read.
 */
export async function orgDisclosuresByName(driver: Driver, q: string, scan: number): Promise<OrgDisclosure[]> {
  const { records } = await driver.executeQuery(
    "MATCH (b:Business) WHERE b.name IS NOT NULL AND toLower(b.name) CONTAINS toLower($q) RETURN b.id AS id, b.doc AS doc ORDER BY b.name, b.id LIMIT $scan",
    { q, scan: neo4j.int(scan) },
    { routing: "READ" },
  );
  return records.map((r) => {
    const doc = JSON.parse(r.get("doc") as string) as Business;
    return { id: r.get("id") as string, name: doc.name, disclosure: disclosureOf(doc), contact: doc.contact ?? null };
  });
}
