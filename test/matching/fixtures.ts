/** A small world for matching tests: organizations with sites at km offsets from a centre. */
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { writeBusinesses, writeFlows, writeSites, type WriteContext } from "../../ingest/write-path.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";

export const CENTRE = { lat: 55.68, lon: 11.1 };

/** A point `north` km north and `east` km east of the centre. */
export function at(north: number, east: number): { lat: number; lon: number } {
  return {
    lat: CENTRE.lat + north / 111.32,
    lon: CENTRE.lon + east / (111.32 * Math.cos((CENTRE.lat * Math.PI) / 180)),
  };
}

/** Create an organization with one site at (north, east) km; returns their ids. */
export async function anOrgWithSite(ctx: WriteContext, name: string, north: number, east: number): Promise<{ orgId: string; siteId: string }> {
  const biz = aBusiness({ name });
  await writeBusinesses(ctx, [biz]);
  const site = aSite(biz.externalId, { name: `${name} plant`, ...at(north, east) });
  const res = await writeSites(ctx, [site]);
  if (res.rejected.length) throw res.rejected[0]!.error;
  return { orgId: biz.externalId, siteId: site.externalId };
}

/** Add a flow at a site; returns its id. */
export async function aFlowAt(ctx: WriteContext, siteId: string, overrides: Partial<ResourceFlow>): Promise<string> {
  const flow = aFlow(siteId, overrides);
  const res = await writeFlows(ctx, [flow]);
  if (res.rejected.length) throw res.rejected[0]!.error;
  return flow.externalId;
}
