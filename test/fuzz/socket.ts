/**
 * Boundary 4: the Socket.IO handshake, with generated `auth` payloads: real credentials,
 * expired or foreign-signed tokens, tokens naming nobody, garbage strings, wrong types,
 * deep nesting. A handshake either connects (and gets `session`) or is refused with
 * `connect_error` whose `data.code` is UNAUTHENTICATED; a refusal saying the service is
 * unavailable is the handshake's 5xx. Counted as 101 (connected), 401 and 503.
 */
import jwt from "jsonwebtoken";
import fc from "fast-check";
import { io } from "socket.io-client";
import { signAccessToken } from "../../api/auth/tokens.ts";
import { TEST_ENV } from "../helpers/test-env.ts";
import { hostileString, hostileValue } from "./generators.ts";
import { inBatches, Tally, type FuzzTarget } from "./target.ts";

const ROUTE = "SOCKET /socket.io handshake";

function authPayloads(target: FuzzTarget): fc.Arbitrary<unknown> {
  const secret = TEST_ENV.JWT_SECRET!;
  const sid = fc.oneof(fc.uuid(), hostileString);
  const sub = fc.oneof(fc.uuid(), hostileString);
  const token = fc.oneof(
    fc.constant(target.callers.orgAdmin),
    fc.constant(target.callers.logout),
    fc.tuple(sub, sid).map(([s, i]) => signAccessToken({ sub: s, role: "admin", sid: i }, secret, 900)),
    fc.tuple(sub, sid).map(([s, i]) => signAccessToken({ sub: s, role: "admin", sid: i }, secret, -60)),
    fc.tuple(sub, sid).map(([s, i]) => signAccessToken({ sub: s, role: "admin", sid: i }, "not-the-secret-not-the-secret-0123456789", 900)),
    fc.jsonValue({ maxDepth: 2 }).map((payload) => jwt.sign({ payload }, secret)),
    fc.constant(`${jwt.sign({ sub: "x" }, "x").split(".").slice(0, 2).join(".")}.`),
    fc.constant(target.callers.orgAdmin.slice(0, -3) + "abc"),
    hostileString,
  );
  const apiKey = fc.oneof(fc.constant(target.callers.apiKey), fc.constant(target.callers.apiKey.slice(0, -2) + "zz"), fc.constantFrom("tk_", "tk_x_y", "ApiKey x"), hostileString);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ token }) },
    { weight: 3, arbitrary: fc.record({ apiKey }) },
    { weight: 1, arbitrary: fc.record({ token, apiKey }) },
    { weight: 2, arbitrary: fc.record({ token: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ apiKey: hostileValue }) },
    { weight: 1, arbitrary: fc.dictionary(hostileString, hostileValue, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, {}, { token: "" }, { token: null }, { token: { token: "x" } }, { __proto__: { token: "x" } }) },
  );
}

/** One handshake: 101 connected, 401 refused as unauthenticated, 503 refused as unavailable, 0 neither within 10 s. */
function handshake(url: string, auth: unknown): Promise<{ status: number; detail: string }> {
  return new Promise((resolve) => {
    const socket = io(url, { auth: auth as Record<string, unknown>, transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10_000 });
    const done = (status: number, detail: string) => {
      socket.close();
      resolve({ status, detail });
    };
    socket.on("session", () => done(101, "session"));
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      done(code === "UNAUTHENTICATED" ? 401 : code === "SERVICE_UNAVAILABLE" ? 503 : 0, `${code ?? "(no code)"}: ${error.message}`);
    });
  });
}

/** Try `runs` generated handshakes. */
export async function fuzzSocket(target: FuzzTarget, seed: number, runs: number): Promise<Tally> {
  const tally = new Tally("socket");
  await inBatches(target, tally, fc.sample(authPayloads(target), { seed, numRuns: runs }), async (auth) => {
    const { status, detail } = await handshake(target.url, auth);
    const shown = JSON.stringify(auth ?? null)?.slice(0, 1000);
    tally.record(ROUTE, { status, contentType: "application/problem+json", text: detail }, shown);
    if (status === 0) tally.broken(ROUTE, `neither connected nor refused cleanly: ${detail}`, shown);
  });
  return tally;
}
