/**
 * PostgreSQL + PostGIS: use the server at DATABASE_URL, else docker compose, else the
 * machine's own cluster (pg_ctlcluster). Installs Debian's PostGIS package when the
 * extension is missing, creates the project database and the postgis extension in it.
 */
import pg from "pg";
import { composeUp, dockerEngineRuns, hasCommand, isLoopback, run, ServiceStartError, waitFor, type ServiceReport } from "./support.ts";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function adminUrl(url: string): string {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return admin.toString();
}

async function reachable(url: string): Promise<boolean> {
  try {
    await query(adminUrl(url), "select 1");
    return true;
  } catch {
    return false;
  }
}

async function startLocalCluster(): Promise<boolean> {
  if (!hasCommand("pg_lsclusters")) return false;
  const clusters = (await run("pg_lsclusters", ["--no-header"])).output.split("\n").filter(Boolean);
  for (const line of clusters) {
    const [version, cluster] = line.trim().split(/\s+/);
    if (version && cluster) await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, cluster, "start"], { timeoutMs: 60_000 });
  }
  return clusters.length > 0;
}

async function ensurePostgis(url: string): Promise<void> {
  const available = await query(adminUrl(url), "select 1 from pg_available_extensions where name = 'postgis'");
  if (available.length > 0) return;
  const [{ major } = { major: "15" }] = await query<{ major: string }>(
    adminUrl(url),
    "select split_part(current_setting('server_version'), '.', 1) as major",
  );
  const pkg = `postgresql-${major}-postgis-3`;
  if (!isLoopback(url) || !hasCommand("apt-get") || process.getuid?.() !== 0) {
    throw new ServiceStartError("postgres", `the PostGIS extension is missing; install Debian's ${pkg} as root`);
  }
  process.stdout.write(`postgres: installing ${pkg} (PostGIS) with apt-get…\n`);
  let install = await run("apt-get", ["install", "-y", "-qq", pkg]);
  if (!install.ok) {
    await run("apt-get", ["update", "-qq"]);
    install = await run("apt-get", ["install", "-y", "-qq", pkg]);
  }
  if (!install.ok) throw new ServiceStartError("postgres", `apt-get install ${pkg} failed: ${install.output.split("\n").pop()}`);
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const exists = await query(adminUrl(url), `select 1 from pg_database where datname = '${database.replace(/'/g, "''")}'`);
  if (exists.length === 0) {
    try {
      await query(adminUrl(url), `create database "${database.replace(/"/g, '""')}"`);
    } catch (error) {
      // Another process may have created it in between: that is fine.
      if ((error as { code?: string }).code !== "42P04") throw error;
    }
  }
  await query(url, "create extension if not exists postgis");
}

/** Make PostgreSQL with PostGIS available at `url` and return where and which version. */
export async function ensurePostgres(url: string, database: string): Promise<ServiceReport> {
  let how: ServiceReport["how"] = "already running";
  if (!(await reachable(url))) {
    if (!isLoopback(url)) throw new ServiceStartError("postgres", `not reachable at ${url} and not on this machine`);
    if ((await dockerEngineRuns()) && (await composeUp("postgres"))) how = "docker compose";
    else if (await startLocalCluster()) how = "started natively";
    else throw new ServiceStartError("postgres", "no PostgreSQL cluster found; install Debian's postgresql-15 or set DATABASE_URL");
    await waitFor(() => query(adminUrl(url), "select 1"), { timeoutMs: 60_000 }).catch(() => {
      throw new ServiceStartError("postgres", `still not reachable at ${url} after starting it`);
    });
  }
  await ensurePostgis(url);
  await ensureDatabase(url, database);
  const [row] = await query<{ pg: string; postgis: string }>(
    url,
    "select current_setting('server_version') as pg, postgis_lib_version() as postgis",
  );
  return { name: "postgres", url, version: `PostgreSQL ${row?.pg} + PostGIS ${row?.postgis}`, how };
}
