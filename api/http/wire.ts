/**
 * The shapes of what the API sends, for its OpenAPI description: every string bounded
 * and single-line (or free text) like the input it came from, every list bounded, so a
 * client can size what it stores and nothing in a response is unlimited. Only the
 * description reads these; the presenters build the values.
 */
import { z } from "zod";
import { freeText, singleLine } from "../../domain/schemas/strings.ts";

/** Strings by kind, each at least as long as the longest value of that kind the API accepts or makes. */
export const wire = {
  /** Ids: ExternalId (≤ 128), uuids, opaque match ids, delivery ids (≤ 200), `apikey:<uuid>` actors. */
  id: () => singleLine(200),
  /** ISO 8601 instants and dates. */
  time: () => singleLine(64),
  /** Codes and short labels: taxonomy ids, units, roles, NACE and EWC codes, statuses, field paths. */
  code: () => singleLine(300),
  /** Names: organizations, sites, people, files, e-mail addresses, region names. */
  name: () => singleLine(255),
  /** Tokens, secrets, cursors and links. */
  token: () => singleLine(4_096),
  /** Free text: descriptions, reasons, messages, explanations, refused cell values (≤ an import cell). */
  text: () => freeText(10_000, 0),
} as const;

/** The most entries a short list of explanations has (factors, fields, drivers, index terms). */
export const MAX_EXPLANATIONS = 1_000;
/** The most entries a list answered in one piece (not paged) holds: members, memberships, webhook endpoints. */
export const MAX_LISTED = 1_000;

/** A list of explanations, for OpenAPI. */
export const explanations = () => z.array(wire.text()).max(MAX_EXPLANATIONS);
