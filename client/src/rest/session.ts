/** The logged-in session: the bearer token (sessionStorage) and who it belongs to. */
const KEY = "turash.token";

export interface Me {
  readonly id: string;
  readonly role: "admin" | "facilitator" | "org_admin" | "org_member" | "partner";
  readonly email: string | null;
  readonly displayName: string | null;
  readonly organizations: readonly { orgId: string; role: string }[];
}

let me: Me | null = null;

export const getToken = (): string | null => sessionStorage.getItem(KEY);
export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}
export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  me = null;
}
export const currentUser = (): Me | null => me;
export function setCurrentUser(user: Me | null): void {
  me = user;
}
export const ownOrgIds = (): string[] => me?.organizations.map((o) => o.orgId) ?? [];
export const isFacilitator = () => me?.role === "facilitator" || me?.role === "admin";
