/**
 * Who is calling: a logged-in user or a partner system's API key, reduced to one shape
 * that authorization rules read. An organization sees only its own private data; admins
 * and facilitators work across organizations.
 */
import type { ApiKey, ApiKeyScope } from "../../ledgers/api-keys.ts";
import type { Membership, Role } from "../../ledgers/accounts.ts";

/** The authenticated caller of a request. */
export interface Principal {
  readonly kind: "user" | "api_key";
  /** User id, or `apikey:<id>` for keys; written to audit logs. */
  readonly id: string;
  /** Effective platform role: a key is always `partner`. */
  readonly role: Role;
  readonly memberships: readonly Membership[];
  /** Scopes of an API key; users are not scope-limited. */
  readonly scopes?: readonly ApiKeyScope[];
  /** A user's login session (the access token's `sid`): logging out ends it. */
  readonly sessionId?: string;
  /** When the credentials presented stop being valid (ms since the epoch); keys do not expire. */
  readonly expiresAt?: number;
}

/** The principal of a verified API key: a partner acting as a member of the key's organization. */
export function apiKeyPrincipal(key: ApiKey): Principal {
  return { kind: "api_key", id: `apikey:${key.id}`, role: "partner", memberships: [{ orgId: key.orgId, role: "org_member" }], scopes: key.scopes };
}

/**
 * A user's effective role: an organization account (org_admin or org_member) administering
 * any organization is an org_admin, otherwise an org_member — so a member promoted by their
 * organization reaches the org_admin routes at once, and a demoted one no longer does. Each
 * such route still checks the organization it touches (canAdministerOrg).
 */
export function effectiveRole(accountRole: Role, memberships: readonly Membership[]): Role {
  if (accountRole !== "org_admin" && accountRole !== "org_member") return accountRole;
  return memberships.some((m) => m.role === "org_admin") ? "org_admin" : accountRole;
}

/** True for roles that work across organizations. */
export const isCrossOrg = (p: Principal) => p.role === "admin" || p.role === "facilitator";

/** May the caller read this organization's private data? */
export function canReadOrg(p: Principal, orgId: string): boolean {
  return isCrossOrg(p) || p.memberships.some((m) => m.orgId === orgId);
}

/** May the caller change this organization's sites and flows? */
export function canWriteOrg(p: Principal, orgId: string): boolean {
  if (p.role === "admin") return true;
  return p.memberships.some((m) => m.orgId === orgId);
}

/** May the caller administer this organization (members, API keys)? */
export function canAdministerOrg(p: Principal, orgId: string): boolean {
  if (p.role === "admin") return true;
  return p.kind === "user" && p.memberships.some((m) => m.orgId === orgId && m.role === "org_admin");
}

/** Organization ids the caller belongs to. */
export const orgIdsOf = (p: Principal) => p.memberships.map((m) => m.orgId);
