/**
 * Socket.IO handshake authentication, with the same rules as the REST API
 * (api/auth/authenticate.ts): a JWT access token (`auth: { token }`, verified with the
 * secret and options of api/auth/tokens.ts) or a partner API key (`auth: { apiKey }`).
 */
import jwt from "jsonwebtoken";
import type { Knex } from "knex";
import { findUser, membershipsOf } from "../../ledgers/accounts.ts";
import { verifyApiKey } from "../../ledgers/api-keys.ts";
import type { Principal } from "../auth/principal.ts";
import { jwtVerifyOptions } from "../auth/tokens.ts";
import { HandshakeAuthSchema } from "./schemas.ts";

/** Why a handshake was refused; `data.code` reaches the client in `connect_error`. */
export class HandshakeError extends Error {
  readonly data: { code: "UNAUTHENTICATED"; detail: string };
  constructor(detail: string) {
    super(detail);
    this.data = { code: "UNAUTHENTICATED", detail };
  }
}

/** The principal of a handshake's credentials; throws {@link HandshakeError} when there is none. */
export async function principalFromHandshake(knex: Knex, jwtSecret: string, auth: unknown): Promise<Principal> {
  const parsed = HandshakeAuthSchema.safeParse(auth ?? {});
  if (!parsed.success) throw new HandshakeError("The handshake auth must be { token } or { apiKey } with string values.");
  const { token, apiKey } = parsed.data;
  if (apiKey !== undefined) {
    const key = await verifyApiKey(knex, apiKey);
    if (!key) throw new HandshakeError("The API key is unknown or revoked.");
    return { kind: "api_key", id: `apikey:${key.id}`, role: "partner", memberships: [{ orgId: key.orgId, role: "org_member" }], scopes: key.scopes };
  }
  if (token === undefined) throw new HandshakeError("Authentication required: connect with auth: { token } (an access token) or auth: { apiKey }.");
  let sub: string | undefined;
  try {
    const payload = jwt.verify(token, jwtSecret, jwtVerifyOptions) as jwt.JwtPayload;
    sub = payload.sub;
  } catch {
    throw new HandshakeError("The access token is invalid or expired.");
  }
  const user = sub ? await findUser(knex, sub) : undefined;
  if (!user || user.disabled) throw new HandshakeError("The access token is invalid or expired.");
  return { kind: "user", id: user.id, role: user.role, memberships: await membershipsOf(knex, user.id) };
}
