/**
 * What a service provider on the marketplace offers (DESIGN.md, "services"): facilitation —
 * a facilitator working matches from the queue, the only kind matches are routed to — and
 * the trades a partnership needs to be built and run.
 */
export const SERVICE_KINDS = ["facilitation", "engineering", "logistics", "maintenance", "permitting"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
