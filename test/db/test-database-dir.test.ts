// seededDatabaseWithDir, the set-up of the import and command suites: a seeded database and a scratch directory,
// and one cleanup that removes the directory even when closing the database fails.
import { access, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededDatabaseWithDir } from "../support/test-database";

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe("a seeded database with a scratch directory", () => {
  it("gives a seeded database and a directory of its name, and cleanup removes the directory", async () => {
    const t = await seededDatabaseWithDir("helper", { demo: false });
    expect(path.basename(t.dir)).toMatch(/^plan-dialogue-helper-/);
    await writeFile(path.join(t.dir, "a.csv"), "x\n");
    expect(await t.db.prisma.organisation.count()).toBeGreaterThan(0);
    await t.cleanup();
    expect(await exists(t.dir)).toBe(false);
  });

  it("removes the directory when closing the database fails, and still reports the failure", async () => {
    const t = await seededDatabaseWithDir("helper-fails", { demo: false });
    await writeFile(path.join(t.dir, "a.csv"), "x\n");
    const close = t.db.close.bind(t.db);
    t.db.close = async () => {
      await close();
      throw new Error("close failed");
    };
    await expect(t.cleanup()).rejects.toThrow("close failed");
    expect(await exists(t.dir)).toBe(false);
  });
});
