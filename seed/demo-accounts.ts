/**
 * Demo accounts, so a new user can log in right after `npm start` / `npm run seed`: a
 * platform admin, a facilitator, and for a few seeded organizations an org_admin and an
 * org_member, all with one known password. Idempotent: existing users are left as they
 * are (their password too); each organization user ends up a member of exactly its
 * demo organization.
 */
import type { Knex } from "knex";
import type { Business } from "../domain/schemas/business.ts";
import type { Site } from "../domain/schemas/site.ts";
import { addMembership, createUser, type Role } from "../ledgers/accounts.ts";

/** The password of every demo account. Demo data only: never in production. */
export const DEMO_PASSWORD = "turash-demo";
export const DEMO_EMAIL_DOMAIN = "turash.local";

/** An organization (a graph Business id) that gets demo users named after `slug`. */
export interface DemoOrg {
  readonly slug: string;
  readonly orgId: string;
  readonly orgName: string;
}

/** One demo account as ensured. */
export interface DemoAccount {
  readonly email: string;
  readonly role: Role;
  readonly displayName: string;
  readonly org?: DemoOrg;
  /** False when the user already existed (its password was left alone). */
  readonly created: boolean;
}

/** Templates of the generated region whose first business gets demo users: a heat supplier, a heat consumer, a brewery. */
export const REGION_DEMO_TEMPLATES = ["dairy", "greenhouse", "brewery"] as const;

/**
 * The first business of each template in a generated region (templates absent from a
 * small region are left out).
 */
export function demoOrgsOfRegion(
  region: { readonly businesses: readonly Business[]; readonly sites: readonly Site[]; readonly siteTemplateIds: readonly string[] },
  templates: readonly string[] = REGION_DEMO_TEMPLATES,
): DemoOrg[] {
  const names = new Map(region.businesses.map((b) => [b.externalId, b.name]));
  const orgs: DemoOrg[] = [];
  for (const slug of templates) {
    const i = region.siteTemplateIds.indexOf(slug);
    const site = i >= 0 ? region.sites[i] : undefined;
    if (!site || orgs.some((o) => o.orgId === site.businessId)) continue;
    orgs.push({ slug: slug.replace(/_/g, "-"), orgId: site.businessId, orgName: names.get(site.businessId) ?? site.businessId });
  }
  return orgs;
}

/** Sectors (NACE codes) of imported (Hotmaps) businesses that get demo users, each with a preferred company. */
export const HOTMAPS_DEMO_SECTORS: readonly { slug: string; nace: string; prefer?: RegExp }[] = [
  { slug: "cement", nace: "23.51", prefer: /^aalborg portland\b/i },
  { slug: "refinery", nace: "19.20", prefer: /^statoil refining denmark\b/i },
];

/** For each sector, its preferred business if imported, else the first business of its NACE code. */
export function demoOrgsOfBusinesses(businesses: readonly Business[], sectors = HOTMAPS_DEMO_SECTORS): DemoOrg[] {
  return sectors.flatMap(({ slug, nace, prefer }) => {
    const b = (prefer && businesses.find((x) => prefer.test(x.name))) ?? businesses.find((x) => x.naceCode === nace);
    return b ? [{ slug, orgId: b.externalId, orgName: b.name }] : [];
  });
}

/** The accounts {@link ensureDemoAccounts} makes for these organizations. */
export function demoAccountSpecs(orgs: readonly DemoOrg[]): { email: string; role: Role; displayName: string; org?: DemoOrg }[] {
  const at = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;
  return [
    { email: at("admin"), role: "admin", displayName: "Demo Admin" },
    { email: at("facilitator"), role: "facilitator", displayName: "Demo Facilitator" },
    ...orgs.flatMap((org) => [
      { email: at(org.slug), role: "org_admin" as const, displayName: `${org.orgName} (admin)`, org },
      { email: at(`${org.slug}.staff`), role: "org_member" as const, displayName: `${org.orgName} (staff)`, org },
    ]),
  ];
}

/** Create the demo accounts that are missing and point each organization user at its organization. */
export async function ensureDemoAccounts(knex: Knex, orgs: readonly DemoOrg[], password = DEMO_PASSWORD): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const spec of demoAccountSpecs(orgs)) {
    const { user, created } = await createUser(knex, { email: spec.email, password, displayName: spec.displayName, role: spec.role });
    if (spec.org && (spec.role === "org_admin" || spec.role === "org_member")) {
      // A region of another size or seed has other organizations: move, don't accumulate.
      await knex("memberships").where({ user_id: user.id }).whereNot({ org_id: spec.org.orgId }).delete();
      await addMembership(knex, user.id, spec.org.orgId, spec.role);
    }
    accounts.push({ ...spec, created });
  }
  return accounts;
}

/** The accounts as lines for a terminal. */
export function formatDemoAccounts(accounts: readonly DemoAccount[], password = DEMO_PASSWORD): string[] {
  const width = Math.max(...accounts.map((a) => a.email.length), 5);
  return [
    `demo accounts (password "${password}"):`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role.padEnd(11)}${a.org ? `  ${a.org.orgName} [${a.org.orgId}]` : ""}${a.created ? "  (new)" : ""}`),
  ];
}
