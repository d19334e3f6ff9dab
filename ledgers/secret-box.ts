/**
 * Sealing secrets that must be read back (webhook signing secrets): AES-256-GCM under a
 * key derived with HKDF-SHA256 from a master key (`WEBHOOK_SECRET_KEY`, never the JWT
 * secret), with the row's id as associated data so a ciphertext only opens for the row it
 * was made for. HKDF with its own `info` per purpose gives keys independent of each other.
 * The `scheme` stored with each row is there so a KMS can be introduced later and old rows
 * re-sealed; key rotation itself is the key ring of webhook-endpoints.ts.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** The scheme written next to each sealed secret. */
export const SECRET_BOX_SCHEME = "aes-256-gcm/hkdf-sha256/v1";

/** A sealed secret: what is stored. */
export interface SealedSecret {
  readonly ciphertext: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly scheme: string;
}

const SALT = Buffer.from("turash/secret-box", "utf8");

/** The 256-bit key for one purpose, derived from the master secret. */
export function deriveKey(masterSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(masterSecret, "utf8"), SALT, Buffer.from(purpose, "utf8"), 32));
}

/**
 * Encrypt `plaintext` for the row `associatedData` (e.g. its id).
 * @param key from {@link deriveKey}
 */
export function seal(key: Buffer, plaintext: string, associatedData: string): SealedSecret {
  // 96-bit random nonce, the size GCM is specified for; a fresh key-nonce pair per seal.
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag(), scheme: SECRET_BOX_SCHEME };
}

/**
 * Decrypt a sealed secret of the row `associatedData`.
 * @throws when the key, the associated data or any stored byte is wrong (GCM authenticates all three)
 */
export function open(key: Buffer, sealed: SealedSecret, associatedData: string): string {
  if (sealed.scheme !== SECRET_BOX_SCHEME) throw new Error(`unknown secret scheme "${sealed.scheme}"`);
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv);
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
}
