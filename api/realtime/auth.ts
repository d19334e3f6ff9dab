/**
 * Socket.IO handshake authentication, by the same authenticator as the REST API
 * (api/auth/authenticator.ts): a JWT access token (`auth: { token }`) or a partner API
 * key (`auth: { apiKey }`). Unlike REST, a socket must authenticate: there is no anonymous one.
 */
import type { Authenticator } from "../auth/authenticator.ts";
import type { Principal } from "../auth/principal.ts";
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
export async function principalFromHandshake(authenticator: Authenticator, auth: unknown): Promise<Principal> {
  const parsed = HandshakeAuthSchema.safeParse(auth ?? {});
  if (!parsed.success) throw new HandshakeError("The handshake auth must be { token } or { apiKey } with string values.");
  const verdict = await authenticator({ headers: {}, handshakeAuth: parsed.data });
  if (verdict === undefined) throw new HandshakeError("Authentication required: connect with auth: { token } (an access token) or auth: { apiKey }.");
  if ("refused" in verdict) throw new HandshakeError(verdict.refused);
  return verdict.principal;
}
