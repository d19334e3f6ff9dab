/**
 * The graph is reached through the routing driver (neo4j://): writes go to the leader and
 * reads marked READ to a follower or read replica once Neo4j is a cluster. Against the one
 * test server the routing table must name that server — the address it advertises — and
 * never another Neo4j on the machine's default port, or reads would go elsewhere.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDriver, type Driver } from "../../platform/connect/neo4j.ts";
import { config } from "../helpers/stores.ts";

describe("the routing driver against the test Neo4j", () => {
  const { hostname: host, port } = new URL(config.neo4j.url);
  const url = `neo4j://${host}:${port}`;
  let driver: Driver | undefined;
  afterAll(async () => driver?.close());

  it("routes writes and READ queries to the server it was given, and a routed read sees the write before it", async () => {
    driver = createDriver({ ...config.neo4j, url });
    await driver.verifyConnectivity();
    const id = `routing-${Date.now()}`;
    const written = await driver.executeQuery("CREATE (n:RoutingProbe {id: $id}) RETURN n.id AS id", { id }, { routing: "WRITE" });
    expect(written.summary.server.address).toBe(`${host}:${port}`);
    // executeQuery carries the driver's bookmarks, so the read is causally after the write
    // wherever it is routed.
    const read = await driver.executeQuery("MATCH (n:RoutingProbe {id: $id}) RETURN n.id AS id", { id }, { routing: "READ" });
    expect(read.summary.server.address).toBe(`${host}:${port}`);
    expect(read.records.map((r) => r.get("id"))).toEqual([id]);
    const session = driver.session({ defaultAccessMode: "READ" });
    try {
      const readers = await session.executeRead((tx) => tx.run("MATCH (n:RoutingProbe {id: $id}) RETURN count(n) AS n", { id }));
      expect(Number(readers.records[0]!.get("n"))).toBe(1);
    } finally {
      await session.close();
    }
    await driver.executeQuery("MATCH (n:RoutingProbe {id: $id}) DELETE n", { id });
  });
});
