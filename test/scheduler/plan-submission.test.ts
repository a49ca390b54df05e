// A plan submission deadline in a round: `plans Q52` before it lists the CCGs that have not submitted, and its
// reminders go to those CCGs (each once, on working days, at its own organisation's reminder time) and to the area
// team, but no longer to a CCG that has submitted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atLondonTime } from "../../src/core/time";
import { Scheduler } from "../../src/scheduler/scheduler";
import { importCsvFile } from "../../src/sources/import";
import { FakeSlackSender, schedulerWorld } from "./support";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
let dir: string;
const TITLE = "Operating plans 2014/15: first submission";

beforeAll(async () => {
  world = await schedulerWorld("2014-02-03T10:00:00Z");
  dir = await mkdtemp(path.join(tmpdir(), "plan-round-"));
  await world.link("C02N", "02N");
  await world.link("C02W", "02W");
  await world.link("CQ52", "Q52");
  // 02W's reminders go out at 10:30 London, not the default 09:00.
  await world.db.prisma.reminderSetting.create({
    data: { organisationCode: "02W", deadlineOffsetsDays: [7, 1, 0], reminderHour: 10, reminderMinute: 30 },
  });
  await world.core.deadlines.add(
    world.operator,
    { scopeText: "national", title: TITLE, dueAt: atLondonTime("2014-02-14", 12) },
    world.clock.now(),
  );
  // 02N submits its plan on Monday 3 February.
  const file = path.join(dir, "02N-plan.csv");
  await writeFile(file, "organisation,indicator,period,plan\n02N,ae_4hr,2014-04,95\n02N,ae_4hr,2014-05,95.2\n");
  const report = await importCsvFile(world.db, file, { kind: "plans", mode: "all-or-nothing", now: world.clock.now() });
  expect(report.planVersions).toEqual([{ ccg: "02N", number: 1 }]);
});
afterAll(async () => {
  await world.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("a plan submission deadline", () => {
  it("is shown by `plans`, and its reminders skip the CCG that has submitted", async () => {
    const round = await world.run("sam", "plans Q52", "CQ52");
    expect(round).toMatch(
      /1 of 10 CCGs have submitted a plan\. Next plan deadline: Operating plans 2014\/15: first submission, Fri 14 Feb 2014, 12:00/,
    );
    expect(round).toMatch(/02W NHS Bradford City CCG: not submitted/);

    const sender = new FakeSlackSender(world.clock);
    const scheduler = new Scheduler(world.core, [sender]);
    for (let day = new Date("2014-02-05"); day < new Date("2014-02-15"); day = new Date(day.getTime() + 86_400_000)) {
      for (const time of ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00"]) {
        world.clock.set(`${day.toISOString().slice(0, 10)}T${time}:00Z`);
        await scheduler.tick();
      }
    }
    const got = sender.sent
      .filter((s) => s.summary.includes(TITLE))
      .map((s) => `${s.at} ${s.target} ${s.summary.replace(/: .*/, "")}`)
      .sort();
    expect(got).toEqual(
      [
        // Friday 7 February: 7 days before, at each organisation's own time (GMT: London = UTC)
        "2014-02-07T09:00:00.000Z CQ52 Deadline in 7 days",
        "2014-02-07T10:30:00.000Z C02W Deadline in 7 days",
        "2014-02-13T09:00:00.000Z CQ52 Deadline tomorrow",
        "2014-02-13T10:30:00.000Z C02W Deadline tomorrow",
        "2014-02-14T09:00:00.000Z CQ52 Deadline today",
        "2014-02-14T10:30:00.000Z C02W Deadline today",
      ].sort(),
    );
    // Nothing for 02N, which submitted, and nothing twice.
    expect(got.some((g) => g.includes("C02N"))).toBe(false);
  }, 180_000);
});
