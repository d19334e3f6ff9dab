/**
 * `tsx ops/load-regions.ts FILE.geojson --level municipality --code-property CODE [--name-property NAME] [--source TEXT]`:
 * load region boundaries of one level from a GeoJSON FeatureCollection.
 * `tsx ops/load-regions.ts --countries`: load country outlines offline from the installed
 * world-atlas package, coded ISO 3166-1 alpha-2. Both may be given in one run.
 * Loading is idempotent: a second run reports every boundary unchanged.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { loadRegionBoundaries, REGION_LEVEL_PATTERN, type GeoJsonFeatureCollection, type LoadRegionReport } from "../spatial/regions.ts";
import { runCommand, secondsSince } from "../platform/run-command.ts";

const USAGE = [
  "usage: tsx ops/load-regions.ts FILE.geojson... --level LEVEL --code-property PROP [--name-property PROP] [--source TEXT] [--country CC]",
  "       tsx ops/load-regions.ts --countries",
].join("\n");

class UsageError extends Error {}

/** One line per level loaded, then the features repaired, merged and skipped (the first few of each). */
export function formatLoadReport(report: LoadRegionReport, seconds: string, show = 5): string[] {
  const boundaries = report.inserted + report.updated + report.unchanged;
  const lines = [
    `${report.level}: ${boundaries.toLocaleString("en")} boundaries from ${report.features.toLocaleString("en")} features of ${report.source} ` +
      `(${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged; ` +
      `${report.repaired.length} repaired, ${report.merged.length} merged, ${report.skipped.length} skipped) in ${seconds} s`,
  ];
  const list = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push(`  ${title}:`, ...items.slice(0, show).map((s) => `    ${s}`), ...(items.length > show ? [`    … and ${items.length - show} more`] : []));
  };
  list("skipped", report.skipped.map((s) => `feature ${s.index}${s.code ? ` (${s.code})` : ""}: ${s.reason}`));
  list("repaired", report.repaired.map((r) => `feature ${r.index} (${r.code}): ${r.reason}`));
  list("merged", report.merged.map((m) => `${m.code}: ${m.features} features united`));
  return lines;
}

interface FileJob {
  readonly file: string;
  readonly level: string;
  readonly codeProperty: string;
  readonly nameProperty: string;
  readonly source: string | undefined;
  readonly country: string | undefined;
}

function parse(argv: readonly string[]): { countries: boolean; files: FileJob[] } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      countries: { type: "boolean" },
      level: { type: "string" },
      "code-property": { type: "string" },
      "name-property": { type: "string" },
      source: { type: "string" },
      country: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) throw new UsageError("");
  if (!values.countries && positionals.length === 0) throw new UsageError("give a GeoJSON file, --countries, or both");
  if (positionals.length > 0) {
    if (values.level === undefined) throw new UsageError("--level is required with a file");
    if (!REGION_LEVEL_PATTERN.test(values.level)) throw new UsageError(`--level must be a short lower-case name such as municipality, got ${JSON.stringify(values.level)}`);
    if (values["code-property"] === undefined) throw new UsageError("--code-property is required with a file");
    if (values.country !== undefined && !/^[A-Za-z]{2}$/.test(values.country)) throw new UsageError(`--country must be an ISO 3166-1 alpha-2 code such as DK, got ${JSON.stringify(values.country)}`);
  }
  const files = positionals.map((file) => ({
    file,
    level: values.level!,
    codeProperty: values["code-property"]!,
    nameProperty: values["name-property"] ?? "name",
    source: values.source,
    country: values.country?.toUpperCase(),
  }));
  return { countries: values.countries === true, files };
}

async function readCollection(file: string): Promise<GeoJsonFeatureCollection> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    return JSON.parse(text) as GeoJsonFeatureCollection;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

async function main(): Promise<number> {
  let jobs: ReturnType<typeof parse>;
  try {
    jobs = parse(process.argv.slice(2));
  } catch (error) {
    const help = error instanceof UsageError && error.message === "";
    if (!help) console.error((error as Error).message);
    console.error(USAGE);
    return help ? 0 : 2;
  }
  const config = loadConfig();
  const db = await connectDatabase(config.postgres.url);
  try {
    if (!(await db.knex.schema.hasTable("region_boundary_parts"))) {
      console.error("region boundaries are not migrated in this database: run `npm run migrate` first");
      return 1;
    }
    if (jobs.countries) {
      // Imported here so loading a file needs neither world-atlas nor topojson-client.
      const { worldCountries, worldCountriesSource, COUNTRY_CODE_PROPERTY, COUNTRY_NAME_PROPERTY } = await import("../spatial/world-countries.ts");
      const started = performance.now();
      const { collection, file } = worldCountries();
      const report = await loadRegionBoundaries(db.knex, collection, {
        level: "country",
        codeProperty: COUNTRY_CODE_PROPERTY,
        nameProperty: COUNTRY_NAME_PROPERTY,
        source: worldCountriesSource(file),
      });
      console.log(formatLoadReport(report, secondsSince(started)).join("\n"));
    }
    for (const job of jobs.files) {
      const started = performance.now();
      let collection: GeoJsonFeatureCollection;
      try {
        collection = await readCollection(job.file);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        console.error(error.message);
        return 2;
      }
      const report = await loadRegionBoundaries(db.knex, collection, {
        level: job.level,
        codeProperty: job.codeProperty,
        nameProperty: job.nameProperty,
        source: job.source ?? basename(job.file),
        ...(job.country === undefined ? {} : { country: job.country }),
      }).catch((error: unknown) => {
        if (error instanceof TypeError) throw new UsageError(`${job.file}: ${error.message}`);
        throw error;
      });
      console.log(formatLoadReport(report, secondsSince(started)).join("\n"));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  } finally {
    await db.knex.destroy();
  }
}

runCommand(import.meta, main);
