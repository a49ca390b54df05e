// The tab's plan over HTTP, checked against its OpenAPI document: a CCG's current plan line by line for a signed-in
// person of either party, with an Edit form per line for the CCG's own people only; a line saved from the tab is
// the next version (through core.planLines, as `plan 02N set …`); a bad value is a 400 naming its period with
// nothing stored; the area team and another CCG's people are answered 403 with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CCG_TENANT, openApiValidator, startTabHarness, type TabHarness } from "./harness";

const validate = openApiValidator();
const jo = { oid: "aad-jo-0001", name: "Jo Smith" };
const sam = { oid: "aad-sam-0003", name: "Sam Patel", tenantId: "tenant-at-q52" };
const alex = { oid: "aad-alex-0004", name: "Alex Ray" };

let h: TabHarness;
const versions = () => h.core.prisma.planVersion.count({ where: { organisationCode: "02N" } });
const aeLine = () =>
  h.core.prisma.planTrajectory.findMany({
    where: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: { gte: new Date("2014-04-01") } },
    orderBy: { periodStart: "asc" },
    select: { periodStart: true, value: true, source: true },
  });

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${h.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  h = await startTabHarness({ now: "2014-02-10T10:00:00Z" });
  const reg = (p: { oid: string; name: string; tenantId?: string }, org: string) =>
    h.core.people.register(
      { platform: "TEAMS", tenantId: p.tenantId ?? CCG_TENANT, userId: p.oid, displayName: p.name },
      org,
      "MEMBER",
    );
  await reg(jo, "02N");
  await reg(sam, "Q52");
  await reg(alex, "02W");
  const actor = (await h.core.people.identify({ platform: "TEAMS", tenantId: CCG_TENANT, userId: jo.oid }))!;
  const first = await h.core.planLines.set(
    actor,
    "02N",
    "ae_4hr",
    [
      { period: "Apr 2014", value: "93" },
      { period: "May 2014", value: "94" },
    ],
    { source: "test" },
    h.core.clock.now(),
  );
  expect(first.ok).toBe(true);
}, 300_000);
afterAll(() => h.close());

describe("the plan in the tab", () => {
  it("shows 02N's own people the current version with an Edit form per line", async () => {
    const res = await h.get("/api/tab/plan/02N", h.token(jo));
    expect(res.status).toBe(200);
    expect(validate("/api/tab/plan/{ccg}", "200", res.body)).toEqual([]);
    expect(res.body).toMatchObject({ ccg: { code: "02N" }, version: await versions(), editable: true });
    const lines = res.body.lines as {
      code: string;
      planned: { period: string; shown: string }[];
      edit: { periods: { period: string; periodStart: string; value: number | null }[] } | null;
    }[];
    const ae = lines.find((l) => l.code === "ae_4hr")!;
    expect(ae.planned.filter((p) => p.period.endsWith("2014") && p.period.match(/^(Apr|May)/))).toEqual([
      { period: "Apr 2014", periodStart: "2014-04-01", shown: "93%" },
      { period: "May 2014", periodStart: "2014-05-01", shown: "94%" },
    ]);
    expect(ae.edit!.periods).toHaveLength(12);
    expect(ae.edit!.periods.slice(0, 3)).toEqual([
      { period: "Apr 2014", periodStart: "2014-04-01", value: 93, shown: "93%" },
      { period: "May 2014", periodStart: "2014-05-01", value: 94, shown: "94%" },
      { period: "Jun 2014", periodStart: "2014-06-01", value: null, shown: null },
    ]);
  });

  it("shows the area team the plan without forms, and refuses another CCG's people", async () => {
    const at = await h.get("/api/tab/plan/02N", h.token(sam));
    expect(at.status).toBe(200);
    expect(at.body.editable).toBe(false);
    expect((at.body.lines as { edit: unknown }[]).every((l) => l.edit === null)).toBe(true);
    const other = await h.get("/api/tab/plan/02N", h.token(alex));
    expect(other.status).toBe(403);
    expect((await h.get("/api/tab/plan/02N")).status).toBe(401);
    expect((await h.get("/api/tab/plan/02N/ae_4hr/form", h.token(sam))).status).toBe(403);
  });

  it("answers a bad value 400 by its period and stores nothing", async () => {
    const before = { versions: await versions(), line: await aeLine() };
    const res = await post(
      "/api/tab/plan/02N/ae_4hr",
      {
        entries: [
          { period: "Apr 2014", value: "93" },
          { period: "May 2014", value: "94.5" },
          { period: "Jun 2014", value: "9x" },
        ],
      },
      h.token(jo),
    );
    expect(res.status).toBe(400);
    expect(validate("/api/tab/plan/{ccg}/{indicator}", "400", res.body, "post")).toEqual([]);
    expect(res.body.error).toMatch(/Nothing was stored: one value of ae_4hr needs fixing first/);
    expect(res.body.problems).toEqual([
      { period: "Jun 2014", periodStart: null, message: 'value "9x" is not a number' },
    ]);
    expect(await versions()).toBe(before.versions);
    expect(await aeLine()).toEqual(before.line);
  });

  it("refuses the area team and another CCG's people 403, storing nothing", async () => {
    const before = await versions();
    const edit = { entries: [{ period: "Apr 2014", value: "50" }] };
    const other = await post("/api/tab/plan/02N/ae_4hr", edit, h.token(alex));
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/Only people of 02N can submit its plan; you act for 02W/);
    const at = await post("/api/tab/plan/02N/ae_4hr", edit, h.token(sam));
    expect(at.status).toBe(403);
    expect(at.body.error).toMatch(/you act for Q52/);
    expect((await post("/api/tab/plan/02N/ae_4hr", edit)).status).toBe(401);
    expect(await versions()).toBe(before);
    expect((await aeLine())[0]!.value).toBe(93);
  });

  it("stores a good line as the next version and says what moved", async () => {
    const before = await versions();
    const res = await post(
      "/api/tab/plan/02N/ae_4hr",
      {
        entries: [
          { period: "Apr 2014", value: "93" },
          { period: "May 2014", value: "94.5" },
          { period: "Jun 2014", value: " 95 " },
        ],
        note: "from the tab",
      },
      h.token(jo),
    );
    expect(res.status).toBe(200);
    expect(validate("/api/tab/plan/{ccg}/{indicator}", "200", res.body, "post")).toEqual([]);
    expect(res.body).toEqual({
      version: before + 1,
      latest: before + 1,
      moved: [
        { period: "May 2014", before: "94%", after: "94.5%" },
        { period: "Jun 2014", before: null, after: "95%" },
      ],
      message: `02N's plan version ${before + 1} is in: ae_4hr moved in 2 periods.`,
    });
    expect(await versions()).toBe(before + 1);
    expect(
      await h.core.prisma.planVersion.findFirstOrThrow({ where: { number: before + 1, organisationCode: "02N" } }),
    ).toMatchObject({ note: "from the tab", source: "tab edit: ae_4hr", submittedByParty: "CCG" });
    expect((await aeLine()).map((l) => l.value)).toEqual([93, 94.5, 95]);
  });
});
