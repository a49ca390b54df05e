// The version reads of concurrent commands are shared, but never a read already sent before a caller arrived: its
// snapshot may predate a write the caller has seen commit. A fake database whose reads take their snapshot when
// sent, and answer when told, shows both.
import { describe, expect, it } from "vitest";
import { sharedVersionReads } from "../../src/core/caching/shared-version-reads";
import type { DataVersionReader } from "../../src/core/indicators/data-version";

function fakeDatabase() {
  const versions: Record<string, number> = { Indicator: 3, IndicatorValue: 17, Person: 2, PlatformIdentity: 5 };
  const sent: { scopes: readonly string[]; answer: () => void }[] = [];
  const read: DataVersionReader = (scopes) => {
    // the snapshot is taken when the query is sent, as PostgreSQL's is when the statement starts
    const v = [...scopes]
      .filter((s) => s in versions)
      .sort()
      .map((s) => `${s}:${versions[s]}`)
      .join(",");
    return new Promise((resolve) => sent.push({ scopes, answer: () => resolve(v) }));
  };
  const answerAll = async () => {
    for (let i = 0; i < 10; i++) {
      for (const q of sent.splice(0)) q.answer();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { versions, sent, read, answerAll };
}

describe("shared version reads", () => {
  it("sends a lone read at once, and gives each caller what a read of its own scopes gives", async () => {
    const db = fakeDatabase();
    const shared = sharedVersionReads(db.read);
    const identity = shared(["Person", "PlatformIdentity", "TenantLink"]);
    expect(db.sent).toHaveLength(1);
    await db.answerAll();
    expect(await identity).toBe("Person:2,PlatformIdentity:5");
    const none = shared([]);
    await db.answerAll();
    expect(await none).toBe("");
  });

  it("answers everyone who arrived while a read was in flight with one read sent after it returns", async () => {
    const db = fakeDatabase();
    const shared = sharedVersionReads(db.read);
    const first = shared(["Person"]);
    const waiting = [
      shared(["Person", "PlatformIdentity"]),
      shared(["Indicator", "IndicatorValue"]),
      shared(["IndicatorValue"]),
      shared(["Person"]),
    ];
    expect(db.sent).toHaveLength(1);
    await db.answerAll();
    expect(await first).toBe("Person:2");
    expect(await Promise.all(waiting)).toEqual([
      "Person:2,PlatformIdentity:5",
      "Indicator:3,IndicatorValue:17",
      "IndicatorValue:17",
      "Person:2",
    ]);
  });

  it("never hands a caller a read sent before it arrived: a write committed in between is seen", async () => {
    const db = fakeDatabase();
    const shared = sharedVersionReads(db.read);
    const before = shared(["IndicatorValue"]); // sent now, its snapshot holds IndicatorValue:17
    db.versions.IndicatorValue = 18; // an import commits on another replica
    const after = shared(["IndicatorValue"]); // a request that starts after the commit
    await db.answerAll();
    expect(await before).toBe("IndicatorValue:17");
    expect(await after).toBe("IndicatorValue:18");
  });

  it("counts reads: 50 concurrent commands, each an identity then a status read, send far fewer than 100", async () => {
    const db = fakeDatabase();
    const shared = sharedVersionReads(db.read);
    let reads = 0;
    const counted: DataVersionReader = (scopes) => (reads++, db.read(scopes));
    const sharedCounted = sharedVersionReads(counted);
    const command = async () => {
      await sharedCounted(["Person", "PlatformIdentity"]);
      return sharedCounted(["Indicator", "IndicatorValue"]);
    };
    const done = Promise.all(Array.from({ length: 50 }, command));
    await db.answerAll();
    expect(await done).toEqual(Array.from({ length: 50 }, () => "Indicator:3,IndicatorValue:17"));
    expect(reads).toBeLessThanOrEqual(4);
    expect(shared).toBe(sharedVersionReads(db.read)); // one sharing reader per reader, for every cache built on it
  });

  it("passes a failed read to everyone who shared it, and the next read is sent afresh", async () => {
    let fail = true;
    const read: DataVersionReader = async () => {
      await new Promise((r) => setTimeout(r, 1));
      if (fail) throw new Error("connection lost");
      return "Person:2";
    };
    const shared = sharedVersionReads(read);
    const results = await Promise.allSettled([shared(["Person"]), shared(["Person"]), shared(["Person"])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    fail = false;
    expect(await shared(["Person"])).toBe("Person:2");
  });
});
