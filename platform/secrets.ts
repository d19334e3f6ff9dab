/**
 * The process's secrets: where each comes from, and the rule that none is written in the
 * source. Each secret is an environment variable; in development and test a missing one
 * is generated once (256 random bits) and kept in `<DATA_DIR>/secrets/<NAME>`, a folder
 * readable by its owner only (0700, files 0600), so tokens survive a restart of
 * `npm start` but nobody can forge them from the repository. Production refuses to start
 * without every one of them set (platform/config.ts reports which).
 *
 * Invariants: a generated secret is never regenerated while its file exists; a file
 * readable by group or others is refused, not silently used.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The secrets a process may need, each with what it protects. */
export const SECRET_NAMES = {
  /** Signs access tokens (HS256). */
  JWT_SECRET: "signs access tokens",
  /** Seals webhook signing secrets at rest (AES-256-GCM key material). */
  WEBHOOK_SECRET_KEY: "seals webhook endpoint secrets at rest",
  /** Keys opaque identifiers (match ids) so they cannot be computed from the flows they join. */
  ID_SECRET: "keys opaque match ids",
} as const;

export type SecretName = keyof typeof SECRET_NAMES;

/** Shortest accepted secret (characters); generated ones are 43 (base64url of 32 bytes). */
export const MIN_SECRET_LENGTH = 32;

/** Why a secret could not be had; names the variable and the file. */
export class SecretError extends Error {
  constructor(
    readonly variable: SecretName,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "SecretError";
  }
}

/** The folder generated secrets are kept in. */
export function secretsDir(dataDir: string): string {
  return resolve(dataDir, "secrets");
}

/**
 * The secret `name`: from the environment when set, else from its file under the data
 * folder, else generated into that file.
 * @throws SecretError when the file is readable by others or holds too short a value
 */
export function resolveSecret(name: SecretName, fromEnv: string | undefined, dataDir: string): string {
  if (fromEnv !== undefined) return fromEnv;
  const dir = secretsDir(dataDir);
  const file = join(dir, name);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new SecretError(name, `${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it or delete it to generate a new one`);
    const value = readFileSync(file, "utf8").trim();
    if (value.length < MIN_SECRET_LENGTH) throw new SecretError(name, `${file} holds fewer than ${MIN_SECRET_LENGTH} characters`);
    return value;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const value = randomBytes(32).toString("base64url");
  // `wx`: never overwrite a file another process created a moment ago; read theirs instead.
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return resolveSecret(name, undefined, dataDir);
    throw error;
  }
  return value;
}
