/**
 * `(:Business)-[:PARTNERS_WITH {dealId, since, resource}]->(:Business)`: a contracted deal
 * between a supplier and a consumer. Written once per deal (MERGE on the deal id), so a
 * replayed step never doubles it; callers write it through ingest/write-path.ts
 * `writePartnership`, like every other graph write.
 */
import type { Driver } from "neo4j-driver";

/** The partnership a contracted deal creates. */
export interface PartnershipInput {
  readonly dealId: string;
  readonly supplierOrg: string;
  readonly consumerOrg: string;
  readonly resourceType: string;
  /** ISO date (YYYY-MM-DD) the contract was signed. */
  readonly since: string;
}

/** Record the partnership of a contracted deal (idempotent). */
export async function recordPartnership(neo4j: Driver, p: PartnershipInput): Promise<void> {
  await neo4j.executeQuery(
    `MATCH (s:Business {id: $supplier}), (c:Business {id: $consumer})
     MERGE (s)-[r:PARTNERS_WITH {dealId: $dealId}]->(c)
     ON CREATE SET r.since = date($since), r.resource = $resource`,
    { supplier: p.supplierOrg, consumer: p.consumerOrg, dealId: p.dealId, since: p.since, resource: p.resourceType },
  );
}
