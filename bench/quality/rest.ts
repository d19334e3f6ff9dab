/** A tiny JSON client of the REST API, as a partner system would call it. */

/** A REST call failed: the method, path, status and the problem body. */
export class RestError extends Error {
  constructor(readonly status: number, message: string, readonly body: unknown) {
    super(message);
  }
}

/** Calls against one api. */
export interface Rest {
  call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T>;
  login(email: string, password: string): Promise<string>;
}

/** A client of the api at `baseUrl` (e.g. http://127.0.0.1:8799). */
export function restClient(baseUrl: string): Rest {
  async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new RestError(res.status, `${method} ${path} → ${res.status}: ${text.slice(0, 500)}`, parsed);
    return parsed as T;
  }
  return {
    call,
    async login(email, password) {
      return (await call<{ accessToken: string }>("POST", "/auth/login", null, { email, password })).accessToken;
    },
  };
}
