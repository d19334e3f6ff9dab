/** fetch for the Turash REST API: bearer token, JSON, problem+json errors as ApiError. */
import { clearSession, getRefreshToken, getToken, setTokens } from "./session.ts";

export const API = "/api/v1";

/** RFC 9457 problem+json as the api writes it. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly field?: string;
  readonly errors?: readonly { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Called on 401 so the app can send the user to the login page. */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface Sent<T> {
  readonly body: T;
  readonly etag: string | null;
}

let refreshing: Promise<boolean> | null = null;
/**
 * Renew the access token with the refresh token (once at a time: a refresh token works
 * once, so concurrent callers share one exchange). False when the session is over.
 */
export function renewTokens(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch(`${API}/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken }) })
    .then(async (res) => {
      if (!res.ok) return false;
      setTokens((await res.json()) as { accessToken: string; refreshToken: string });
      return true;
    })
    .catch(() => false)
    .finally(() => (refreshing = null));
  return refreshing;
}

export async function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, renewed = false): Promise<Sent<T>> {
  const token = getToken();
  const res = await fetch(`${API}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    // An expired access token: renew it and try once more.
    if (res.status === 401 && token && !renewed && (await renewTokens())) return send<T>(method, path, body, headers, true);
    if (res.status === 401 && token) {
      clearSession();
      onUnauthenticated();
    }
    throw new ApiError(res.status, (parsed ?? { title: res.statusText }) as Problem);
  }
  return { body: parsed as T, etag: res.headers.get("etag") };
}

export const get = async <T>(path: string) => (await send<T>("GET", path)).body;
export const post = async <T>(path: string, body: unknown, headers?: Record<string, string>) => (await send<T>("POST", path, body, headers)).body;

/** A fresh external id for things the client creates (sites, flows, proposals). */
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A file the API serves (a report): fetched with the session's token — a plain link would
 * carry none — and handed to the browser as a download under the server's file name.
 * @returns the file name
 */
export async function download(path: string, fallbackName: string, renewed = false): Promise<string> {
  const token = getToken();
  const res = await fetch(`${API}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    if (res.status === 401 && token && !renewed && (await renewTokens())) return download(path, fallbackName, true);
    const text = await res.text();
    throw new ApiError(res.status, (text ? JSON.parse(text) : { title: res.statusText }) as Problem);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
