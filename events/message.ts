/**
 * Reading a JetStream message body, the same for every consumer kind (consumer.ts,
 * fan-out.ts): UTF-8 JSON, then the consumer's zod schema. A body that fails either is not
 * an error to throw but a reason to write into the dead letter, naming each field that
 * failed (`matchIds: expected array…`) or `(message)` for the body as a whole.
 */
import type { z } from "zod";

/** A decoded body, or why it is not one. */
export type Decoded<T> = { readonly ok: true; readonly payload: T } | { readonly ok: false; readonly reason: string };

/** What went wrong, in one line: the zod issues with their paths, or the error's message. */
export function reasonOf(error: unknown): string {
  if (error && typeof error === "object" && "issues" in error && Array.isArray((error as { issues: unknown[] }).issues)) {
    const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.map((i) => `${i.path.map(String).join(".") || "(message)"}: ${i.message}`).join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}

/** Decode a message body against `schema`; the reason starts with `unparseable:`. */
export function decodeMessage<T>(schema: z.ZodType<T>, data: Uint8Array): Decoded<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: `unparseable: ${reasonOf(parsed.error)}` };
  } catch (error) {
    return { ok: false, reason: `unparseable: ${reasonOf(error)}` };
  }
}
