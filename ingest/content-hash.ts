/**
 * A content hash of a domain document: the same content always hashes the same,
 * whatever the key order, so a replayed write is recognized and changes nothing.
 */
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level; `undefined` members dropped. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/** SHA-256 (hex, first 32 chars) of the stable JSON of a document. */
export function contentHash(doc: unknown): string {
  return createHash("sha256").update(stableStringify(doc)).digest("hex").slice(0, 32);
}
