/** PostgreSQL + PostGIS access through knex (with knex-postgis for spatial functions). */
import knexFactory, { type Knex } from "knex";
import knexPostgis from "knex-postgis";
import { ServiceUnavailableError, shortReason } from "../infra-errors.ts";

export type { Knex };

/** A knex instance that also carries the PostGIS helper (`st`). */
export interface SpatialDatabase {
  readonly knex: Knex;
  readonly st: ReturnType<typeof knexPostgis>;
}

/** Create a pooled knex instance for a PostgreSQL URL, without connecting. */
export function createDatabase(url: string, pool: { min: number; max: number } = { min: 0, max: 10 }): SpatialDatabase {
  const knex = knexFactory({
    client: "pg",
    connection: { connectionString: url, connectionTimeoutMillis: 5_000 },
    pool,
    acquireConnectionTimeout: 10_000,
  });
  return { knex, st: knexPostgis(knex) };
}

/**
 * Create a database handle and prove it answers.
 * @throws ServiceUnavailableError naming PostgreSQL and how to start it.
 */
export async function connectDatabase(url: string): Promise<SpatialDatabase> {
  const db = createDatabase(url);
  try {
    await db.knex.raw("select 1");
    return db;
  } catch (error) {
    await db.knex.destroy().catch(() => undefined);
    throw new ServiceUnavailableError("postgres", url, shortReason(error));
  }
}
