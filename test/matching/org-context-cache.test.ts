/**
 * The organization context cache against the real graph: within its lifetime a
 * partnership signed meanwhile is not seen (by design, see match-service/context.ts);
 * after invalidation or expiry it is.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrgContextCache } from "../../match-service/context.ts";
import { single, writeBusinesses } from "../../ingest/write-path.ts";
import { aBusiness } from "../helpers/builders.ts";
import { openTestStores, resetStores, writeContext } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;

describe("organization context cache", () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => stores?.close());
  beforeEach(async () => resetStores(stores));

  async function twoOrgs() {
    const [a, b] = [aBusiness({ name: "Heat Co" }), aBusiness({ name: "Greenhouse Co" })];
    single(await writeBusinesses(writeContext(stores), [a]));
    single(await writeBusinesses(writeContext(stores), [b]));
    return [a.externalId, b.externalId] as const;
  }

  const partner = (a: string, b: string) =>
    stores.neo4j.executeQuery("MATCH (a:Business {id: $a}), (b:Business {id: $b}) CREATE (a)-[:PARTNERS_WITH {since: date()}]->(b)", { a, b });

  it("reuses an organization's entry until invalidated, then reads the graph again", async () => {
    const [a, b] = await twoOrgs();
    const cache = createOrgContextCache(60_000);
    const first = await cache.read(stores.neo4j, [a, b]);
    expect(first.orgNames.get(a)).toBe("Heat Co");
    expect(first.context.partnerships?.get(a)).toBeUndefined();

    await partner(a, b);
    expect((await cache.read(stores.neo4j, [a, b])).context.partnerships?.get(a)).toBeUndefined();

    cache.invalidate([a, b]);
    expect([...((await cache.read(stores.neo4j, [a, b])).context.partnerships?.get(a) ?? [])]).toEqual([b]);
  });

  it("reads the graph again once an entry has expired", async () => {
    const [a, b] = await twoOrgs();
    let clock = 0;
    const cache = createOrgContextCache(1_000, () => clock);
    await cache.read(stores.neo4j, [a, b]);
    await partner(a, b);

    clock = 1_000;
    const after = await cache.read(stores.neo4j, [a, b]);

    expect(after.context.successfulExchanges?.get(b)).toBe(1);
  });
});
