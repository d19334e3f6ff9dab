/** A company (or public body) that operates sites. */
import { z } from "zod";
import { parseNace } from "../nace.ts";
import { ExternalId, shaped, Version, text } from "./common.ts";

export const BUSINESS_SIZES = ["micro", "small", "medium", "large"] as const;
/** EU SME size class (Recommendation 2003/361/EC): < 10, < 50, < 250, ≥ 250 staff. */
export type BusinessSize = (typeof BUSINESS_SIZES)[number];

/** NACE rev.2 code, e.g. "10.51" or "C10.5"; normalized to upper case. */
export const NaceCodeSchema = z
  .string({ error: "must be a NACE rev.2 code like 10.51 or C10.5" })
  .trim()
  .max(8, { error: "must be a NACE rev.2 code like 10.51 or C10.5", abort: true })
  .toUpperCase()
  .refine((code) => parseNace(code) !== undefined, { error: "must be a NACE rev.2 code like 10.51 or C10.5" })
  // What parseNace accepts, before the trim and upper-casing (for the description only).
  .meta({ pattern: "^\\s*(?:[A-Ua-u]|[A-Ua-u]?\\d{2}(?:\\.\\d{1,2})?)\\s*$" });

export const ContactSchema = z.strictObject({
  name: text(200),
  email: z.email({ error: "must be an e-mail address" }).max(254, { error: "must be at most 254 characters" }),
  phone: shaped(26, /^\+?[0-9][0-9 ()./-]{4,24}$/, "must be a phone number like +45 12 34 56 78").optional(),
});
export type Contact = z.output<typeof ContactSchema>;

/**
 * Whether others see the organization before mutual interest (DESIGN.md "Trust and
 * disclosure"): `confidential` (the default, also when absent) shows it to counterparts
 * only as an anonymous listing until both said interested; `public` names it on others'
 * maps and matches from the start. Its contact is shared only after mutual interest either way.
 */
export const DISCLOSURES = ["confidential", "public"] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

const fields = {
  name: text(200),
  naceCode: NaceCodeSchema,
  size: z.enum(BUSINESS_SIZES, { error: `must be one of ${BUSINESS_SIZES.join(", ")}` }).optional(),
  /** The designated contact counterparts get after mutual interest. */
  contact: ContactSchema.optional(),
  disclosure: z.enum(DISCLOSURES, { error: "must be confidential or public" }).optional(),
};

/** An organization's disclosure, `confidential` unless it chose `public`. */
export const disclosureOf = (b: { disclosure?: Disclosure | undefined }): Disclosure => b.disclosure ?? "confidential";

/** Body of a business creation (strict: an unknown field is refused, naming it). */
export const BusinessCreateSchema = z.strictObject({ externalId: ExternalId, ...fields });
/** Body of a business update: any field, plus the version the caller saw. */
export const BusinessUpdateSchema = z.strictObject(fields).partial().extend({ version: Version });

export type Business = z.output<typeof BusinessCreateSchema>;
export type BusinessInput = z.input<typeof BusinessCreateSchema>;
export type BusinessUpdate = z.output<typeof BusinessUpdateSchema>;
