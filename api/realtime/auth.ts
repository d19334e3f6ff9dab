/**
 * Socket.IO handshake authentication, with the same rules as the REST API
 * (api/auth/authenticate.ts): a JWT access token (`auth: { token }`, verified with the
 * secret and options of api/auth/tokens.ts) or a partner API key (`auth: { apiKey }`).
 */
import type { Knex } from "knex";
import { verifyApiKey } from "../../ledgers/api-keys.ts";
import { apiKeyPrincipal, type Principal } from "../auth/principal.ts";
import { verifyAccessToken } from "../auth/tokens.ts";
import { userPrincipal } from "../auth/user-principal.ts";
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
    return apiKeyPrincipal(key);
  }
  if (token === undefined) throw new HandshakeError("Authentication required: connect with auth: { token } (an access token) or auth: { apiKey }.");
  const claims = verifyAccessToken(token, jwtSecret);
  const principal = claims ? await userPrincipal(knex, claims) : undefined;
  if (!principal) throw new HandshakeError("The access token is invalid or expired.");
  return principal;
}
