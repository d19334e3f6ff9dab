/** PostgreSQL + PostGIS access through knex (PostGIS functions are written in the SQL of each query). */
import knexFactory, { type Knex } from "knex";
import { ServiceUnavailableError, shortReason } from "../infra-errors.ts";

export type { Knex };

/** The pooled knex instance of the PostgreSQL + PostGIS database. */
export interface SpatialDatabase {
  readonly knex: Knex;
}

/** Create a pooled knex instance for a PostgreSQL URL, without connecting. */
export function createDatabase(url: string, pool: { min: number; max: number } = { min: 0, max: 10 }): SpatialDatabase {
  const knex = knexFactory({
    client: "pg",
    connection: { connectionString: url, connectionTimeoutMillis: 5_000 },
    pool,
    acquireConnectionTimeout: 10_000,
  });
  return { knex };
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
