/**
 * An organization's members (issue 10, Deliver 4 "membership changes"): its org_admin adds a
 * person with an account by e-mail, changes their role and removes them; the change holds on
 * the very next request; the last org_admin cannot go; outsiders of a confidential
 * organization are answered as for a missing one; every change is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

let api: TestApi;
let owner: Actor, newcomer: Actor, outsider: Actor, facilitator: Actor;
let org: string;

const members = (token: string, id = org) => api.request("get", `${V1}/organizations/${id}/members`, { token });
const put = (token: string, body: unknown, id = org) => api.request("put", `${V1}/organizations/${id}/members`, { token, body });
const remove = (token: string, userId: string, id = org) => api.request("delete", `${V1}/organizations/${id}/members/${userId}`, { token });

beforeAll(async () => {
  api = await startHttpApi();
  owner = await api.actor("org_admin", [], "members-owner");
  newcomer = await api.actor("org_member", [], "members-newcomer");
  outsider = await api.actor("org_admin", [], "members-outsider");
  facilitator = await api.actor("facilitator", [], "members-facilitator");
  org = (await anOrganization(api, owner)).externalId;
});
afterAll(async () => api?.stop());

describe("an organization's members", () => {
  it("an org_admin adds a person by e-mail, who then reads the organization; removed, they no longer do", async () => {
    expect((await members(newcomer.token)).status).toBe(404);

    const added = await put(owner.token, { email: newcomer.email.toUpperCase(), role: "org_member" });
    const again = await put(owner.token, { email: newcomer.email, role: "org_member" });
    const asMember = await members(newcomer.token);

    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ userId: newcomer.id, role: "org_member" });
    expect(again.status).toBe(200);
    expect(asMember.status).toBe(200);
    expect(asMember.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.id, "org_admin"],
      [newcomer.id, "org_member"],
    ]);

    expect((await remove(owner.token, newcomer.id)).status).toBe(204);
    expect((await members(newcomer.token)).status).toBe(404);
    expect((await remove(owner.token, newcomer.id)).status).toBe(404);
  });

  it("a member may not add or remove others, but may leave", async () => {
    await put(owner.token, { email: newcomer.email, role: "org_member" });

    const adds = await put(newcomer.token, { email: outsider.email, role: "org_admin" });
    const removesOwner = await remove(newcomer.token, owner.id);
    const leaves = await remove(newcomer.token, newcomer.id);

    expect(problemOf(adds)).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(problemOf(removesOwner)).toMatchObject({ status: 403 });
    expect(leaves.status).toBe(204);
    expect((await members(owner.token)).body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
  });

  it("the last org_admin can neither leave nor be demoted; with a second one, they can", async () => {
    const leaves = await remove(owner.token, owner.id);
    const demoted = await put(owner.token, { email: owner.email, role: "org_member" });
    expect(problemOf(leaves)).toMatchObject({ status: 409, code: "LAST_ADMINISTRATOR" });
    expect(problemOf(demoted).code).toBe("LAST_ADMINISTRATOR");

    expect((await put(owner.token, { email: newcomer.email, role: "org_admin" })).status).toBe(201);
    expect((await put(owner.token, { email: owner.email, role: "org_member" })).status).toBe(200);
    const roles = (await members(newcomer.token)).body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]);
    expect(roles).toEqual([
      [newcomer.id, "org_admin"],
      [owner.id, "org_member"],
    ]);
    expect((await put(owner.token, { email: outsider.email, role: "org_member" })).status).toBe(403);
  });

  it("outsiders of a confidential organization get the answer of a missing one", async () => {
    const foreign = await members(outsider.token);
    const missing = await members(outsider.token, "no-such-org");
    const foreignPut = await put(outsider.token, { email: outsider.email, role: "org_admin" });
    const missingPut = await put(outsider.token, { email: outsider.email, role: "org_admin" }, "no-such-org");

    expect([foreign.status, missing.status, foreignPut.status, missingPut.status]).toEqual([404, 404, 404, 404]);
    expect(problemOf(foreign).detail).toBe(String(problemOf(missing).detail).replace("no-such-org", org));
    expect(problemOf(foreignPut).detail).toBe(String(problemOf(missingPut).detail).replace("no-such-org", org));
  });

  it("refuses a facilitator's or an unknown e-mail with the field named; a bad body names its field", async () => {
    const admin = (await members(newcomer.token)).body.items.find((m: { role: string }) => m.role === "org_admin");
    const token = admin.userId === newcomer.id ? newcomer.token : owner.token;

    const asFacilitator = await put(token, { email: facilitator.email, role: "org_member" });
    const unknown = await put(token, { email: "nobody@example.test", role: "org_member" });
    const badRole = await put(token, { email: outsider.email, role: "owner" });

    expect(problemOf(asFacilitator)).toMatchObject({ status: 400, field: "body.email" });
    expect(problemOf(unknown)).toMatchObject({ status: 400, field: "body.email" });
    expect(problemOf(badRole)).toMatchObject({ status: 400, field: "body.role" });
  });

  it("every change is in the organization's audit log, naming who did it", async () => {
    const log = await api.request("get", `${V1}/audit?org=${org}&limit=500`, { token: newcomer.token });
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    const changes = log.body.items.filter((e: { action: string }) => e.action.startsWith("membership.")).reverse();

    expect(changes.map((e: { action: string; actor: string; entityId: string }) => [e.action, e.actor, e.entityId])).toEqual([
      ["membership.added", owner.id, newcomer.id],
      ["membership.removed", owner.id, newcomer.id],
      ["membership.added", owner.id, newcomer.id],
      ["membership.removed", newcomer.id, newcomer.id],
      ["membership.added", owner.id, newcomer.id],
      ["membership.changed", owner.id, owner.id],
    ]);
  });
});
