/**
 * The logged-in session: the short access token and the refresh token that renews it
 * (sessionStorage), and who they belong to.
 */
const KEY = "turash.token";
const REFRESH_KEY = "turash.refresh";

export interface Me {
  readonly id: string;
  readonly role: "admin" | "facilitator" | "org_admin" | "org_member" | "partner";
  readonly email: string | null;
  readonly displayName: string | null;
  readonly organizations: readonly { orgId: string; role: string }[];
}

let me: Me | null = null;

export const getToken = (): string | null => sessionStorage.getItem(KEY);
export const getRefreshToken = (): string | null => sessionStorage.getItem(REFRESH_KEY);
/** Keep the tokens of a login or a refresh. */
export function setTokens(tokens: { accessToken: string; refreshToken: string }): void {
  sessionStorage.setItem(KEY, tokens.accessToken);
  sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
}
export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  me = null;
}
export const currentUser = (): Me | null => me;
export function setCurrentUser(user: Me | null): void {
  me = user;
}
export const ownOrgIds = (): string[] => me?.organizations.map((o) => o.orgId) ?? [];
export const isFacilitator = () => me?.role === "facilitator" || me?.role === "admin";
