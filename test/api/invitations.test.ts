/**
 * Invitations (issue 15, Deliver 5): an org_admin invites a colleague by e-mail with a role;
 * the link works once, until it expires or is revoked; the invitee accepts it logged in as
 * the invited address, or registers an account with it, and is a member on the next request.
 * Outsiders get the answer of a missing organization, plain members a 403; every step is in
 * the audit log. Real stores throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemOf, startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

let api: TestApi;
let owner: Actor, colleague: Actor, member: Actor, outsider: Actor;
let org: string;
// Addresses of this run only: accounts registered by an earlier run stay in the test database.
const run = Math.random().toString(36).slice(2, 8);
const LATE = `late-${run}@example.test`;
const NEWCOMER = `new.colleague-${run}@example.test`;

const invite = (token: string, body: unknown, id = org) => api.request("post", `${V1}/organizations/${id}/invitations`, { token, body });
const pending = (token: string, id = org) => api.request("get", `${V1}/organizations/${id}/invitations`, { token });
const accept = (token: string, invitation: string) => api.request("post", `${V1}/invitations/accept`, { token, body: { token: invitation } });
const preview = (invitation: string) => api.request("post", `${V1}/invitations/preview`, { body: { token: invitation } });
const register = (invitation: string, body: object) => api.request("post", `${V1}/invitations/register`, { body: { token: invitation, ...body } });
const members = (token: string) => api.request("get", `${V1}/organizations/${org}/members`, { token });
const tokenOf = (res: HttpResponse) => {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return String(res.body.link).split("#/invite/")[1]!;
};

beforeAll(async () => {
  api = await startHttpApi();
  owner = await api.actor("org_admin", [], "inv-owner");
  colleague = await api.actor("org_member", [], "inv-colleague");
  member = await api.actor("org_member", [], "inv-member");
  outsider = await api.actor("org_admin", [], "inv-outsider");
  org = (await anOrganization(api, owner)).externalId;
  await api.request("put", `${V1}/organizations/${org}/members`, { token: owner.token, body: { email: member.email, role: "org_member" } });
});
afterAll(async () => api?.stop());

describe("invitations to an organization", () => {
  it("an org_admin invites by e-mail; the colleague opens the link, accepts and is a member at once", async () => {
    const sent = await invite(owner.token, { email: colleague.email.toUpperCase(), role: "org_admin" });
    const token = tokenOf(sent);
    expect(sent.body).toMatchObject({ emailed: false, invitation: { email: colleague.email, role: "org_admin", invitedBy: owner.id } });
    expect(sent.body.link).toMatch(/^http:\/\/.+\/#\/invite\/inv_[\w-]{40,}$/);
    expect((await pending(owner.token)).body.items.map((i: { email: string }) => i.email)).toEqual([colleague.email]);

    expect((await preview(token)).body).toMatchObject({ orgId: org, email: colleague.email, role: "org_admin", hasAccount: true });
    expect((await members(colleague.token)).status).toBe(404);

    const accepted = await accept(colleague.token, token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toEqual({ orgId: org, userId: colleague.id, role: "org_admin" });
    const roles = (await members(colleague.token)).body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]);
    expect(roles).toContainEqual([colleague.id, "org_admin"]);
    expect((await pending(owner.token)).body.items).toEqual([]);
  });

  it("a used, an expired, a revoked and a made-up token are refused, naming the token", async () => {
    const used = tokenOf(await invite(owner.token, { email: outsider.email, role: "org_member" }));
    expect((await accept(outsider.token, used)).status).toBe(200);
    const expired = tokenOf(await invite(owner.token, { email: LATE, role: "org_member" }));
    await api.knex("invitations").where({ email: LATE }).update({ expires_at: api.knex.raw("now() - interval '1 minute'") });
    const revokedRes = await invite(owner.token, { email: "revoked@example.test", role: "org_member" });
    const revoked = tokenOf(revokedRes);
    expect((await api.request("delete", `${V1}/organizations/${org}/invitations/${revokedRes.body.invitation.id}`, { token: owner.token })).status).toBe(204);

    const answers = [await accept(outsider.token, used), await accept(outsider.token, expired), await accept(outsider.token, revoked), await accept(outsider.token, "inv_madeup")];
    const problems = answers.map((r) => problemOf(r));
    expect(problems.map((p) => [p.status, p.errors?.map((e) => e.field)])).toEqual(Array(4).fill([400, ["body.token"]]));
    expect(problems.map((p) => p.errors![0]!.message)).toEqual([
      expect.stringContaining("already used"),
      expect.stringContaining("expired"),
      expect.stringContaining("revoked"),
      expect.stringContaining("not an invitation"),
    ]);
    expect(problemOf(await register(expired, { displayName: "Late", password: "a long enough password" })).status).toBe(400);
    expect((await api.request("post", `${V1}/auth/login`, { body: { email: LATE, password: "a long enough password" } })).status).toBe(401);
  });

  it("an invitation sent to another address is not accepted by whoever holds the link", async () => {
    const token = tokenOf(await invite(owner.token, { email: "someone-else@example.test", role: "org_admin" }));
    expect(problemOf(await accept(member.token, token))).toMatchObject({ status: 403, field: "body.token" });
    // The refusal left the invitation usable by the person it was sent to.
    expect((await preview(token)).status).toBe(200);
  });

  it("someone without an account registers with the link, joins, and logs in", async () => {
    const token = tokenOf(await invite(owner.token, { email: NEWCOMER, role: "org_member" }));
    expect((await preview(token)).body.hasAccount).toBe(false);

    const short = await register(token, { displayName: "Nina", password: "short" });
    expect(problemOf(short)).toMatchObject({ status: 400, field: "body.password" });
    const extra = await register(token, { displayName: "Nina", password: "a long enough password", role: "admin" });
    expect(problemOf(extra).status).toBe(400);

    const registered = await register(token, { displayName: "Nina Holm", password: "a long enough password" });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const nina = await api.login(NEWCOMER, "a long enough password");
    const me = await api.request("get", `${V1}/users/me`, { token: nina });
    expect(me.body).toMatchObject({ role: "org_member", displayName: "Nina Holm", organizations: [{ orgId: org, role: "org_member" }] });
    expect(problemOf(await register(token, { displayName: "Nina", password: "a long enough password" })).status).toBe(400);
  });

  it("a plain member may not invite, list or revoke (403); an outsider gets the answer of a missing organization", async () => {
    const body = { email: "x@example.test", role: "org_member" };
    expect(problemOf(await invite(member.token, body))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(problemOf(await pending(member.token)).status).toBe(403);

    const outsiderOrgAdmin = await api.actor("org_admin", [], "inv-stranger");
    const foreign = await invite(outsiderOrgAdmin.token, body);
    const missing = await invite(outsiderOrgAdmin.token, body, "no-such-org");
    expect([foreign.status, missing.status, (await pending(outsiderOrgAdmin.token)).status]).toEqual([404, 404, 404]);
    expect(problemOf(foreign).detail).toBe(String(problemOf(missing).detail).replace("no-such-org", org));
  });

  it("a bad invitation body names its field", async () => {
    expect(problemOf(await invite(owner.token, { email: "not-an-address", role: "org_member" }))).toMatchObject({ status: 400, field: "body.email" });
    expect(problemOf(await invite(owner.token, { email: "a@example.test", role: "admin" }))).toMatchObject({ status: 400, field: "body.role" });
  });

  it("the last org_admin still cannot be removed once colleagues joined by invitation leave", async () => {
    expect((await api.request("delete", `${V1}/organizations/${org}/members/${colleague.id}`, { token: colleague.token })).status).toBe(204);
    const last = await api.request("delete", `${V1}/organizations/${org}/members/${owner.id}`, { token: owner.token });
    expect(problemOf(last)).toMatchObject({ status: 409, code: "LAST_ADMINISTRATOR" });
  });

  it("invitations and acceptances are in the organization's audit log", async () => {
    const log = await api.request("get", `${V1}/audit?org=${org}&limit=500`, { token: owner.token });
    const actions = log.body.items.map((e: { action: string; actor: string }) => [e.action, e.actor]).reverse();
    expect(actions).toEqual(
      expect.arrayContaining([
        ["invitation.created", owner.id],
        ["invitation.accepted", colleague.id],
        ["membership.added", colleague.id],
        ["invitation.revoked", owner.id],
      ]),
    );
  });
});
