/**
 * What the disclosure rules need to know of organizations: whether each chose to be
 * public, its name and its designated contact (shared with a counterpart only after
 * mutual interest). One query for any number of organizations.
 */
import type { Driver } from "neo4j-driver";
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
