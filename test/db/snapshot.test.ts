// A fresh embedded database from the snapshot of an earlier first start (issue 18): the first start beside an
// empty snapshot folder saves one; the next fresh database in the same place opens from it and ends up exactly as
// a database created, migrated and seeded the ordinary way on the same day; a snapshot of other inputs, or a
// damaged one, is never used. Runs the real bootstrap on PGlite data directories in a temporary folder.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRuntime, type Runtime } from "../../src/bootstrap";
import { fixedClock } from "../../src/core/time";
import { referenceSnapshotKey, snapshotDirFor } from "../../src/db/snapshot";

const FIRST_DAY = new Date("2013-11-20T12:00:00Z");
const LATER_DAY = new Date("2014-02-03T09:30:00Z");

/** Each test starts the real bootstrap three or four times; a shared machine makes that slow. */
const SLOW = { timeout: 300_000 };

const folders: string[] = [];
async function folder() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "plan-dialogue-snapshot-"));
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string, now: Date, demo: boolean): Promise<Runtime> {
  const config = { DATABASE_URL: undefined, PGLITE_DIR: dataDir, SEED_DEMO: demo };
  return openRuntime(config, fixedClock(now), { kind: "pglite", dataDir });
}

/** What a start leaves in the database that anyone could read: the tables the seed writes, whole or summed. */
async function contents(r: Runtime) {
  const q = (sql: string) => r.db.sql.query(sql);
  return {
    organisations: await q(`SELECT * FROM "Organisation" ORDER BY code`),
    indicators: await q(`SELECT * FROM "Indicator" ORDER BY code`),
    deadlines: await q(`SELECT * FROM "Deadline" ORDER BY id`),
    values: await q(`SELECT count(*)::int AS n, sum(value) AS total, min("importedAt") > now() - interval '1 hour'
      AS fresh FROM "IndicatorValue"`),
    plans: await q(`SELECT count(*)::int AS n, sum(value) AS total FROM "PlanTrajectory"`),
    versions: await q(`SELECT "organisationCode", number, source, "createdAt" FROM "PlanVersion" ORDER BY 1, 2`),
    lines: await q(`SELECT count(*)::int AS n FROM "PlanLine"`),
    links: await q(`SELECT platform, "channelId", "organisationCode", "createdAt" FROM "ChannelLink"`),
    dataVersions: await q(`SELECT scope, version FROM "DataVersion" ORDER BY scope`),
    migrations: await q(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`),
  };
}

const startedAt = async (r: Runtime) =>
  (await r.db.sql.query<{ at: Date }>(`SELECT min(started_at) AS at FROM "_prisma_migrations"`))[0]!.at;

describe("a fresh embedded database", () => {
  it(
    "saves a snapshot at its first start, and the next fresh one opens from it, the same as one made from scratch",
    SLOW,
    async () => {
      const place = await folder();
      const first = await start(path.join(place, "first"), FIRST_DAY, false);
      const firstMigrated = await startedAt(first);
      await first.db.close();
      const snapshots = await readdir(snapshotDirFor(path.join(place, "first")));
      expect(snapshots).toEqual([`reference-${await referenceSnapshotKey()}.tar.gz`]);

      const restored = await start(path.join(place, "second"), LATER_DAY, true);
      const ordinary = await start(path.join(await folder(), "pglite"), LATER_DAY, true);
      try {
        // Restored, not rebuilt: its migrations carry the first start's record.
        expect(await startedAt(restored)).toEqual(firstMigrated);
        expect(await startedAt(ordinary)).not.toEqual(firstMigrated);
        expect(restored.seeded).toEqual(ordinary.seeded);
        expect(restored.seeded?.demo?.inserted).toBeGreaterThan(0);
        const [a, b] = [await contents(restored), await contents(ordinary)];
        expect(a).toEqual(b);
        // National deadlines are known from the day this database was made, not the snapshot's.
        expect(a.deadlines.every((d) => (d.createdAt as Date).getTime() === LATER_DAY.getTime())).toBe(true);
      } finally {
        await restored.db.close();
        await ordinary.db.close();
      }
    },
  );

  it("never opens from a snapshot of other inputs, nor from a damaged one, and replaces both", SLOW, async () => {
    const place = await folder();
    const dir = snapshotDirFor(path.join(place, "pglite"));
    const key = await referenceSnapshotKey();
    await mkdir(dir, { recursive: true });
    const other = path.join(dir, `reference-${"0".repeat(32)}.tar.gz`);
    const damaged = path.join(dir, `reference-${key}.tar.gz`);
    await writeFile(other, "not the snapshot of these migrations");
    await writeFile(damaged, "cut short");

    const r = await start(path.join(place, "pglite"), FIRST_DAY, false);
    try {
      expect(r.seeded?.ccgs).toBe(211);
      expect(await r.db.prisma.organisation.count()).toBe(238);
    } finally {
      await r.db.close();
    }
    expect(existsSync(other)).toBe(false);
    expect(await readdir(dir)).toEqual([`reference-${key}.tar.gz`]);
    // The damaged file was replaced by a real one, which the next fresh database opens from.
    const next = await start(path.join(place, "next"), FIRST_DAY, false);
    try {
      expect(next.seeded?.ccgs).toBe(211);
      expect(await startedAt(next)).toEqual(await startedAtOf(path.join(place, "pglite")));
    } finally {
      await next.db.close();
    }
  });
});

async function startedAtOf(dataDir: string) {
  const r = await start(dataDir, FIRST_DAY, false);
  try {
    expect(r.seeded).toBeUndefined();
    return await startedAt(r);
  } finally {
    await r.db.close();
  }
}
