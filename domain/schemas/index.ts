/** Every domain schema and type, for boundaries that parse more than one kind. */
export * from "./common.ts";
export * from "./business.ts";
export * from "./site.ts";
export * from "./resource-flow.ts";
export * from "./proposal.ts";
export * from "./deal.ts";
