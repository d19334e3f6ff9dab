/** A physical location operated by a business, where flows arise. */
import { z } from "zod";
import { ExternalId, Version, bounded, shaped, text } from "./common.ts";

export const AddressSchema = z.strictObject({
  street: text(200).optional(),
  postcode: text(20).optional(),
  city: text(100).optional(),
  /** ISO 3166-1 alpha-2, upper case. */
  country: shaped(2, /^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code like DK").optional(),
});
export type Address = z.output<typeof AddressSchema>;

const fields = {
  name: text(200),
  address: AddressSchema.optional(),
  lat: bounded(-90, 90, "degrees latitude"),
  lon: bounded(-180, 180, "degrees longitude"),
  /**
   * Region the site is partitioned and reported under (e.g. a NUTS code or a municipality).
   * The write path sets it to the most specific loaded boundary containing the point, and
   * `address.country` to its country; a declared value stays only where no boundary covers it.
   */
  region: text(100).optional(),
};

/** Body of a site creation (strict: an unknown field is refused, naming it). */
export const SiteCreateSchema = z.strictObject({ externalId: ExternalId, businessId: ExternalId, ...fields });
/** Body of a site update: any field, plus the version the caller saw. Sites do not change owner. */
export const SiteUpdateSchema = z.strictObject(fields).partial().extend({ version: Version });

export type Site = z.output<typeof SiteCreateSchema>;
export type SiteInput = z.input<typeof SiteCreateSchema>;
export type SiteUpdate = z.output<typeof SiteUpdateSchema>;
