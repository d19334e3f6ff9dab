/**
 * What `npm run seed` will change, said before it writes: into an empty graph it only adds;
 * into a non-empty one it refuses unless `--force`, because records whose ids it generates
 * again are rewritten to the generated values (an edit made since, through the api or an
 * import, would be lost), and that should be a decision, not a surprise.
 */
import type { SeedKindCounts } from "../graph/queries/seed-overlap.ts";

/** The plan: lines to print, and whether to go ahead. */
export interface SeedPlan {
  readonly lines: readonly string[];
  readonly proceed: boolean;
}

const KINDS = ["businesses", "sites", "flows"] as const;
const n = (value: number) => value.toLocaleString("en");

/** Decide and explain, from the graph's size, the seed's size and how many of its ids exist already. */
export function seedPlan(inGraph: SeedKindCounts, seeding: SeedKindCounts, existing: SeedKindCounts, force: boolean): SeedPlan {
  const empty = KINDS.every((k) => inGraph[k] === 0);
  const adds = KINDS.map((k) => `${n(seeding[k] - existing[k])} ${k}`).join(", ");
  if (empty) return { lines: [`the graph is empty: adds ${adds}`], proceed: true };
  const rewrites = KINDS.map((k) => `${n(existing[k])} ${k}`).join(", ");
  const lines = [
    `the graph already holds ${KINDS.map((k) => `${n(inGraph[k])} ${k}`).join(", ")}`,
    `this seed adds ${adds}`,
    `and rewrites ${rewrites} that exist under the same ids to their generated values where they differ (edits made since are lost; identical ones stay unchanged); nothing else is touched`,
  ];
  if (force) return { lines, proceed: true };
  return { lines: [...lines, "refusing to seed into a non-empty graph: re-run with --force to go ahead"], proceed: false };
}
