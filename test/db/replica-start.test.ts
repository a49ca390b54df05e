// Two replicas starting together on a fresh PostgreSQL database (docker compose up with bot-1 and bot-2): both
// migrate and both find the organisation table empty, yet the migrations run once and the reference data is
// loaded once, with no error on either side. The schema named by DATABASE_URL's ?schema= does not exist yet: the
// first replica creates it. PostgreSQL only: the embedded database belongs to one process.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type Runtime } from "../../src/bootstrap";
import { openDatabase, type Database } from "../../src/db/database";
import { readMigrations } from "../../src/db/migrate";
import { fixedClock } from "../../src/core/time";
import { TEST_SEED_NOW, testDatabaseKind } from "../support/test-database";

const onPostgres = testDatabaseKind() === "postgres";

describe.skipIf(!onPostgres)("replicas starting together on one fresh database", () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  let admin: Database;
  const runtimes: Runtime[] = [];

  beforeAll(async () => {
    admin = await openDatabase({ kind: "postgres", url });
  });
  afterAll(async () => {
    for (const r of runtimes) await r.db.close();
    await admin?.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });

  it("create the schema, migrate once and load the reference data once; neither fails", async () => {
    const config = { DATABASE_URL: url, PGLITE_DIR: "unused", SEED_DEMO: false };
    const start = () => openRuntime(config, fixedClock(TEST_SEED_NOW), { kind: "postgres", url, schema });
    const results = await Promise.allSettled([start(), start()]);
    for (const r of results) if (r.status === "fulfilled") runtimes.push(r.value);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);

    expect(runtimes.filter((r) => r.seeded).length).toBe(1);
    const prisma = runtimes[0]!.db.prisma;
    expect(await prisma.organisation.count({ where: { kind: "CCG" } })).toBe(211);
    expect(await prisma.organisation.count({ where: { kind: "AREA_TEAM" } })).toBe(27);

    const recorded = await admin.sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${schema}."_prisma_migrations"`,
    );
    expect(recorded.map((r) => r.migration_name).sort()).toEqual((await readMigrations()).map((m) => m.name));
  });
});
