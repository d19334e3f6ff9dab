/**
 * Ordered Cypher migrations: `graph/migrations/NNNN-name.cypher`, applied once each and
 * recorded as `(:SchemaMigration {id, checksum, appliedAt})`. A recorded migration whose
 * file changed is an error: write a new migration instead of editing an applied one.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { Driver } from "neo4j-driver";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

/** One migration file. */
export interface CypherMigration {
  readonly id: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}

/** Split a Cypher file into statements, dropping `//` comment lines and blanks. */
export function splitStatements(source: string): string[] {
  return source
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** Read the migration files in order. */
export function readMigrations(dir: URL = MIGRATIONS_DIR): CypherMigration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}-[\w-]+\.cypher$/.test(name))
    .sort()
    .map((name) => {
      const source = readFileSync(new URL(name, dir), "utf8");
      return {
        id: name.replace(/\.cypher$/, ""),
        checksum: createHash("sha256").update(source).digest("hex"),
        statements: splitStatements(source),
      };
    });
}

/**
 * Apply every migration not yet recorded in the graph. Schema statements run one per
 * transaction (Neo4j forbids mixing schema and data writes in one).
 * @returns the ids applied by this call (empty when already up to date).
 */
export async function migrateGraph(driver: Driver, migrations = readMigrations()): Promise<string[]> {
  await driver.executeQuery(
    "CREATE CONSTRAINT schema_migration_id IF NOT EXISTS FOR (n:SchemaMigration) REQUIRE n.id IS UNIQUE",
  );
  const { records } = await driver.executeQuery("MATCH (m:SchemaMigration) RETURN m.id AS id, m.checksum AS checksum");
  const applied = new Map(records.map((r) => [r.get("id") as string, r.get("checksum") as string]));
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.id);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(`graph migration ${migration.id} was changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    for (const statement of migration.statements) await driver.executeQuery(statement);
    await driver.executeQuery(
      "MERGE (m:SchemaMigration {id: $id}) ON CREATE SET m.checksum = $checksum, m.appliedAt = datetime()",
      { id: migration.id, checksum: migration.checksum },
    );
    done.push(migration.id);
  }
  return done;
}
