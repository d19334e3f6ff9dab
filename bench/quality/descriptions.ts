/**
 * The words a company would use for a listing (`descriptions.json`), for the coding-help
 * mode: label and direction, refined by NACE like the engineer mapping, never naming the label.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { tokenize } from "../../domain/coding/suggest.ts";
import { ruleFor } from "./mapping.ts";

const Rule = z.object({ nace: z.array(z.string().regex(/^\d{2}(\.\d{1,2})?$/)).optional(), text: z.string().min(3).max(500) });
const DescriptionsFile = z.object({ labels: z.record(z.string(), z.object({ offer: z.array(Rule).min(1), need: z.array(Rule).min(1) })) });
/** label → direction → rules, first NACE match wins. */
export type Descriptions = z.infer<typeof DescriptionsFile>["labels"];

/** Read and validate a descriptions file (default: the one beside this module). */
export function loadDescriptions(file: URL | string = new URL("./descriptions.json", import.meta.url)): Descriptions {
  return DescriptionsFile.parse(JSON.parse(readFileSync(file, "utf8"))).labels;
}

/** The description of `label` offered or needed by a company of these NACE classes, or null. */
export function describe(descriptions: Descriptions, label: string, direction: "offer" | "need", naceClasses: readonly string[]): string | null {
  const entry = descriptions[label];
  return entry ? (ruleFor(entry[direction], naceClasses)?.text ?? null) : null;
}

/** Words of the label that appear in the text (as the coding help tokenizes them); empty when none. */
export function labelWordsIn(label: string, text: string): string[] {
  const words = new Set(tokenize(text));
  return tokenize(label.replace(/_/g, " ")).filter((w) => words.has(w));
}
