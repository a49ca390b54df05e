// What a failed command may have saved: the counts behind its reply (commands/dispatch.ts).
import { describe, expect, it } from "vitest";
import {
  countWrite,
  isConnectionLoss,
  isWriteStatement,
  trackWrites,
  type WriteOutcome,
} from "../../src/db/write-tracking";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";

const lost = Object.assign(new Error("Connection terminated unexpectedly"), {});
const refused = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });

describe("write tracking", () => {
  it("tells lone writes from reads", () => {
    expect(isWriteStatement('INSERT INTO "Discussion" ("topic") VALUES ($1) RETURNING "id"')).toBe(true);
    expect(isWriteStatement(' update "Action" set "status" = $1')).toBe(true);
    expect(isWriteStatement('WITH moved AS (DELETE FROM "Claim" RETURNING *) SELECT count(*) FROM moved')).toBe(true);
    expect(isWriteStatement('SELECT "id" FROM "Discussion" WHERE "topic" = $1')).toBe(false);
    expect(isWriteStatement("BEGIN")).toBe(false);
  });

  it("tells a broken connection from the server's refusal", () => {
    expect(isConnectionLoss(lost)).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionLoss({ name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } })).toBe(true);
    // The server ending the session: a fast shutdown (57P01), a crash (57P02), a connection exception (08006).
    expect(isConnectionLoss({ name: "DriverAdapterError", cause: { originalCode: "57P02" } })).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
    expect(isConnectionLoss(refused)).toBe(false);
    expect(isConnectionLoss(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
  });

  it("counts confirmed writes, and writes whose answer was lost as in doubt", async () => {
    const outcome: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    await trackWrites(outcome, async () => {
      await countWrite(async () => 1);
      await expect(countWrite(() => Promise.reject(refused))).rejects.toBe(refused);
      await expect(countWrite(() => Promise.reject(lost))).rejects.toBe(lost);
    });
    expect(outcome).toEqual({ confirmed: 1, inDoubt: 1 });
  });

  it("counts nothing outside a tracked unit of work", async () => {
    const outcome: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    await trackWrites(outcome, async () => undefined);
    await countWrite(async () => 1);
    expect(outcome).toEqual({ confirmed: 0, inDoubt: 0 });
  });

  it("is fed by the embedded database's adapter: writes and their transactions count, reads do not", async () => {
    const db = await openDatabase({ kind: "pglite" });
    try {
      await migrate(db.sql);
      const outcome: WriteOutcome = { confirmed: 0, inDoubt: 0 };
      await trackWrites(outcome, async () => {
        await db.prisma.organisation.findMany();
        await db.prisma.$transaction(async (tx) => {
          await tx.organisation.findMany();
        });
      });
      expect(outcome).toEqual({ confirmed: 0, inDoubt: 0 });
      await trackWrites(outcome, async () => {
        await db.prisma.organisation.create({ data: { code: "Q99", kind: "AREA_TEAM", name: "Test area team" } });
        await db.prisma.$transaction([
          db.prisma.organisation.update({ where: { code: "Q99" }, data: { name: "Renamed" } }),
          db.prisma.organisation.findMany(),
        ]);
      });
      expect(outcome.inDoubt).toBe(0);
      expect(outcome.confirmed).toBeGreaterThanOrEqual(2);
    } finally {
      await db.close();
    }
  });
});
