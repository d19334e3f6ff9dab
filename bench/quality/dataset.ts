/**
 * The documented-symbioses dataset the quality evaluation reads: the shared development
 * set (`../shared/datasets/documented-symbioses/exchanges.json`, resolved from the repo
 * root, never copied into the repo) plus every `*.json` file under
 * `bench/quality/exchanges/`, all in the same schema. Each file is validated with zod; a
 * bad park, company or exchange is reported by file and index and left out, the rest is used.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { CompanySchema, ExchangeSchema, REALISED_STATUSES, SourceSchema, type Exchange, type ListingSchema } from "./exchange-schema.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The repo's main checkout: REPO_ROOT itself, or for a git worktree (whose `.git` is a file
 * `gitdir: <main>/.git/worktrees/<name>`) the checkout it belongs to, so `../shared` means
 * the same folder from every worktree.
 */
function mainCheckout(): string {
  const dotGit = path.join(REPO_ROOT, ".git");
  if (!existsSync(dotGit) || statSync(dotGit).isDirectory()) return REPO_ROOT;
  const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
  const m = gitdir ? /^(.*)[\\/]\.git[\\/]worktrees[\\/][^\\/]+$/.exec(path.resolve(REPO_ROOT, gitdir)) : null;
  return m ? m[1]! : REPO_ROOT;
}

/** The shared datasets folder: DATASETS_DIR, else `../shared/datasets` beside the repo (or its main checkout). */
function datasetsDir(): string {
  if (process.env.DATASETS_DIR) return process.env.DATASETS_DIR;
  const beside = path.resolve(REPO_ROOT, "../shared/datasets");
  return existsSync(beside) ? beside : path.resolve(mainCheckout(), "../shared/datasets");
}

/** Where the shared set lives. */
export const SHARED_EXCHANGES = path.join(datasetsDir(), "documented-symbioses", "exchanges.json");
/** The folder of extra exchange files added in this repo. */
export const EXTRA_EXCHANGES_DIR = path.join(REPO_ROOT, "bench", "quality", "exchanges");

/** Statuses of exchanges that really ran (positives); `planned` was never realised (a hard negative). */
export const POSITIVE_STATUSES = REALISED_STATUSES;

export type Listing = z.infer<typeof ListingSchema>;
export type Company = z.infer<typeof CompanySchema>;
export type { Exchange };

// The park's own fields are checked loosely here, so that one bad company or exchange costs
// only itself; each record is checked against the strict schema (exchange-schema.ts).
const Park = z.object({ name: z.string().min(1), companies: z.array(z.unknown()), exchanges: z.array(z.unknown()) });
const DatasetFile = z.object({ sources: z.array(z.unknown()).default([]), parks: z.array(z.unknown()) });

/** One industrial area as the harness uses it. */
export interface Area {
  readonly name: string;
  readonly file: string;
  readonly companies: readonly Company[];
  readonly exchanges: readonly Exchange[];
}

/** A record that failed validation, by file and position. */
export interface BadRecord {
  readonly file: string;
  /** e.g. `parks[1].exchanges[4]` */
  readonly at: string;
  readonly problem: string;
}

/** Everything loaded: areas, the files read and what was left out. */
export interface Dataset {
  readonly files: readonly string[];
  readonly areas: readonly Area[];
  readonly sourceIds: ReadonlySet<string>;
  readonly bad: readonly BadRecord[];
}

const problemOf = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`).join("; ");

/**
 * Parse one dataset file's JSON. Parks, companies and exchanges are validated one by one,
 * so one bad record costs only itself; an exchange whose ends are not companies of its
 * park, or whose source is not listed in a file of the set, is reported too.
 */
export function parseDatasetFile(file: string, json: unknown, knownSources: Set<string>): { areas: Area[]; bad: BadRecord[] } {
  const bad: BadRecord[] = [];
  const top = DatasetFile.safeParse(json);
  if (!top.success) return { areas: [], bad: [{ file, at: "(file)", problem: problemOf(top.error) }] };
  top.data.sources.forEach((raw, i) => {
    const source = SourceSchema.safeParse(raw);
    if (source.success) knownSources.add(source.data.id);
    else bad.push({ file, at: `sources[${i}]`, problem: problemOf(source.error) });
  });
  const areas: Area[] = [];
  top.data.parks.forEach((rawPark, p) => {
    const park = Park.safeParse(rawPark);
    if (!park.success) return void bad.push({ file, at: `parks[${p}]`, problem: problemOf(park.error) });
    const companies: Company[] = [];
    park.data.companies.forEach((raw, i) => {
      const c = CompanySchema.safeParse(raw);
      if (c.success) companies.push(c.data);
      else bad.push({ file, at: `parks[${p}].companies[${i}]`, problem: problemOf(c.error) });
    });
    const ids = new Set(companies.map((c) => c.id));
    const exchanges: Exchange[] = [];
    park.data.exchanges.forEach((raw, i) => {
      const e = ExchangeSchema.safeParse(raw);
      const at = `parks[${p}].exchanges[${i}]`;
      if (!e.success) return void bad.push({ file, at, problem: problemOf(e.error) });
      const missing = [e.data.from, e.data.to].filter((id) => !ids.has(id));
      if (missing.length > 0) return void bad.push({ file, at, problem: `${e.data.id}: no (valid) company ${missing.join(", ")} in the park` });
      exchanges.push(e.data);
    });
    areas.push({ name: park.data.name, file, companies, exchanges });
  });
  return { areas, bad };
}

/** Exchanges naming a source that no file of the set lists. */
function unsourced(areas: readonly Area[], known: ReadonlySet<string>): BadRecord[] {
  return areas.flatMap((a) =>
    a.exchanges.flatMap((e) => {
      const unknown = e.source.filter((s) => !known.has(s));
      return unknown.length ? [{ file: a.file, at: e.id, problem: `source ${unknown.join(", ")} is not in any file's sources[]` }] : [];
    }),
  );
}

/** Load the shared set plus every file of `extraDir` (sorted by name). */
export function loadDataset(sharedFile = SHARED_EXCHANGES, extraDir = EXTRA_EXCHANGES_DIR): Dataset {
  if (!existsSync(sharedFile)) throw new Error(`the documented-symbioses set is not at ${sharedFile} (set DATASETS_DIR to the folder holding documented-symbioses/)`);
  const extra = existsSync(extraDir) ? readdirSync(extraDir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(extraDir, f)) : [];
  const files = [sharedFile, ...extra];
  const known = new Set<string>();
  const areas: Area[] = [];
  const bad: BadRecord[] = [];
  for (const file of files) {
    const rel = path.relative(REPO_ROOT, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      bad.push({ file: rel, at: "(file)", problem: `not JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseDatasetFile(rel, json, known);
    areas.push(...parsed.areas);
    bad.push(...parsed.bad);
  }
  bad.push(...unsourced(areas, known));
  return { files: files.map((f) => path.relative(REPO_ROOT, f)), areas, sourceIds: known, bad };
}

/** NACE classes of a company: "23.51; 23.52" → ["23.51", "23.52"]; "various" → []. */
export function naceClasses(nace: string): string[] {
  return nace.split(/[;,/]/).map((s) => s.trim()).filter((s) => /^\d{2}(\.\d{1,2})?$/.test(s));
}
