/**
 * Where readings travel: `<P>.flows.readings.<siteId>`, inside the `<P>_EVENTS` stream
 * (subjects `<P>.flows.>`), so partners publishing to NATS directly and the signed
 * webhook converge on one consumer. Site ids may contain `.`, so the site is everything
 * after the prefix, not the last token.
 */
import { eventNames } from "../../events/streams.ts";

const infix = (prefix: string) => `${prefix}.flows.readings.`;

/** The subject of readings of one site. */
export const readingsSubject = (prefix: string, siteId: string) => `${infix(prefix)}${siteId}`;

/** The subject filter of every site's readings. */
export const allReadingsSubject = (prefix: string) => `${infix(prefix)}>`;

/** The dead-letter subject of the readings consumer. */
export const readingsDeadLetterSubject = (prefix: string) => eventNames(prefix).subjects.deadLetter("flows-readings");

/** The site id a readings subject names, or undefined when it is not a readings subject. */
export function siteIdOfSubject(prefix: string, subject: string): string | undefined {
  const head = infix(prefix);
  return subject.startsWith(head) && subject.length > head.length ? subject.slice(head.length) : undefined;
}
