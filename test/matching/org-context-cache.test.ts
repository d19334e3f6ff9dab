/**
 * The organization context cache against the real graph: within its lifetime a
 * partnership signed meanwhile is not seen (by design, see match-service/context.ts);
 * after invalidation or expiry it is.
 */
import { describe, expect, it } from "vitest";
import { createOrgContextCache } from "../../match-service/context.ts";
import { single, writeBusinesses } from "../../ingest/write-path.ts";
import { aBusiness } from "../helpers/builders.ts";
import { withTestStores, writeContext } from "../helpers/stores.ts";

describe("organization context cache", () => {
  const suite = withTestStores();

  async function twoOrgs() {
    const [a, b] = [aBusiness({ name: "Heat Co" }), aBusiness({ name: "Greenhouse Co" })];
    single(await writeBusinesses(writeContext(suite.stores), [a]));
    single(await writeBusinesses(writeContext(suite.stores), [b]));
    return [a.externalId, b.externalId] as const;
  }

  const partner = (a: string, b: string) =>
    suite.stores.neo4j.executeQuery("MATCH (a:Business {id: $a}), (b:Business {id: $b}) CREATE (a)-[:PARTNERS_WITH {since: date()}]->(b)", { a, b });

  it("reuses an organization's entry until invalidated, then reads the graph again", async () => {
    const [a, b] = await twoOrgs();
    const cache = createOrgContextCache(60_000);
    const first = await cache.read(suite.stores.neo4j, [a, b]);
    expect(first.orgNames.get(a)).toBe("Heat Co");
    expect(first.context.partnerships?.get(a)).toBeUndefined();

    await partner(a, b);
    expect((await cache.read(suite.stores.neo4j, [a, b])).context.partnerships?.get(a)).toBeUndefined();

    cache.invalidate([a, b]);
    expect([...((await cache.read(suite.stores.neo4j, [a, b])).context.partnerships?.get(a) ?? [])]).toEqual([b]);
  });

  it("reads the graph again once an entry has expired", async () => {
    const [a, b] = await twoOrgs();
    let clock = 0;
    const cache = createOrgContextCache(1_000, () => clock);
    await cache.read(suite.stores.neo4j, [a, b]);
    await partner(a, b);

    clock = 1_000;
    const after = await cache.read(suite.stores.neo4j, [a, b]);

    expect(after.context.successfulExchanges?.get(b)).toBe(1);
  });
});
