// The set-up both database-fault tests share: a schema of their own on the test PostgreSQL, migrated and with the
// reference data, and the bot's database opened through a TCP proxy the test controls (the fault sits at the
// network edge, between the bot and PostgreSQL). Needs TEST_DATABASE_URL.
import type { DatabaseTarget } from "../../src/db/adapter";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";
import { seedReference } from "../../src/db/seed/reference";

interface Proxy {
  port: number;
  start(target: { host: string; port: number }): Promise<void>;
  close(): Promise<unknown>;
}

export interface ProxiedDatabase {
  /** a direct connection, past the proxy: to look at what the server really has */
  admin: Database;
  /** the bot's database, through the proxy */
  db: Database;
  close(): Promise<void>;
}

export async function openThroughProxy(
  url: string,
  schema: string,
  proxy: Proxy,
  options: { applicationName?: string; queryTimeoutMs?: number } = {},
): Promise<ProxiedDatabase> {
  const admin = await openDatabase({ kind: "postgres", url });
  await admin.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const direct = await openDatabase({ kind: "postgres", url, schema });
  await migrate(direct.sql);
  await seedReference(direct.prisma);
  await direct.close();
  const target = new URL(url);
  await proxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  target.host = `127.0.0.1:${proxy.port}`;
  if (options.applicationName) target.searchParams.set("application_name", options.applicationName);
  const through: DatabaseTarget = {
    kind: "postgres",
    url: target.toString(),
    schema,
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  };
  const db = await openDatabase(through);
  return {
    admin,
    db,
    async close() {
      // Bounded: a pool that lost connections would wait for them for ever (the test has already said so).
      await Promise.race([db.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await proxy.close();
      await admin.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    },
  };
}
