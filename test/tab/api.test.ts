// The tab's API over HTTP, checked against its OpenAPI document: public figures for anyone (unless the deployment
// says otherwise); discussions and actions only with a verified Teams SSO token of one of the two parties.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { CCG_TENANT, TAB_CLIENT_ID, openApiValidator, startTabHarness, type TabHarness } from "./harness";

const validate = openApiValidator();
const jo = { oid: "aad-jo-0001", name: "Jo Smith" };
const sam = { oid: "aad-sam-0003", name: "Sam Patel", tenantId: "tenant-at-q52" };
const alex = { oid: "aad-alex-0004", name: "Alex Ray" };

// One seeded database for the whole file, under each deployment's server: seeding the demo figures is the slow
// part (seconds, or over a minute while other suites run), and four seeds used to run into the hook's time limit,
// which left the suites' tests unrun. The wait is for the seed to finish, however long it takes.
let database: TestDatabase;
beforeAll(async () => {
  database = await seededTestDatabase({ demo: true });
}, 300_000);
afterAll(() => database?.cleanup());

describe("the tab API", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ database });
    const reg = (p: { oid: string; name: string; tenantId?: string }, org: string) =>
      h.core.people.register(
        { platform: "TEAMS", tenantId: p.tenantId ?? CCG_TENANT, userId: p.oid, displayName: p.name },
        org,
        "MEMBER",
      );
    await reg(jo, "02N");
    await reg(sam, "Q52");
    await reg(alex, "02W");
    // a discussion with an action, made through the core as the commands would
    const joActor = (await h.core.people.identify({ platform: "TEAMS", tenantId: CCG_TENANT, userId: jo.oid }))!;
    const d = await h.core.discussions.open(joActor, "02N", "A&E 4-hour recovery");
    await h.core.actions.propose(
      joActor,
      d.id,
      { text: "Publish the recovery plan", dueDate: "2014-01-10" },
      new Date("2013-11-20T10:00:00Z"),
    );
    await h.core.links.linkChannel(
      { ...joActor, role: "ADMIN" },
      {
        platform: "TEAMS",
        tenantId: CCG_TENANT,
        channelId: "19:planning02n@thread.tacv2",
        channelName: "02N planning",
      },
      "02N",
    );
  });
  afterAll(() => h.close());

  it("lists organisations for the picker, and says which a Teams channel is linked to", async () => {
    const orgs = await h.get("/api/tab/organisations");
    expect(orgs.status).toBe(200);
    expect(validate("/api/tab/organisations", "200", orgs.body)).toEqual([]);
    const list = orgs.body.organisations as { code: string; kind: string }[];
    expect(list.filter((o) => o.kind === "CCG").length).toBe(211);
    expect(list.filter((o) => o.kind === "AREA_TEAM").length).toBe(27);

    // the tab in a channel sends its signed-in person's token
    const token = h.token(jo);
    const linked = await h.get(
      `/api/tab/channel-organisations?channelId=${encodeURIComponent("19:planning02n@thread.tacv2")}`,
      token,
    );
    expect(validate("/api/tab/channel-organisations", "200", linked.body)).toEqual([]);
    expect((linked.body.organisations as { code: string }[]).map((o) => o.code)).toEqual(["02N"]);
    expect((await h.get("/api/tab/channel-organisations?channelId=19:other", token)).body).toEqual({
      organisations: [],
    });
    expect((await h.get("/api/tab/channel-organisations", token)).status).toBe(400);
  });

  it("tells nobody but a signed-in person which organisation a channel is linked to", async () => {
    const path = `/api/tab/channel-organisations?channelId=${encodeURIComponent("19:planning02n@thread.tacv2")}`;
    const anonymous = await h.get(path);
    expect(anonymous.status).toBe(401);
    expect(validate("/api/tab/channel-organisations", "401", anonymous.body)).toEqual([]);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/02N|Airedale/);
    // nor to a forged or expired token; a stranger Teams signed in (no organisation yet) may know
    expect((await h.get(path, h.token(jo, {}, true))).status).toBe(401);
    expect((await h.get(path, h.token(jo, { exp: Math.floor(Date.parse("2000-01-01") / 1000) }))).status).toBe(401);
    expect((await h.get(path, h.token({ oid: "aad-stranger-0009" }))).status).toBe(200);
  });

  it("shows a CCG's status and deadlines to anyone", async () => {
    const status = await h.get("/api/tab/status/02N");
    expect(status.status).toBe(200);
    expect(validate("/api/tab/status/{ccg}", "200", status.body)).toEqual([]);
    expect(status.body.ccg).toMatchObject({ code: "02N", kind: "CCG", areaTeamCode: "Q52" });
    expect((status.body.national as unknown[]).length).toBeGreaterThan(5);
    expect(status.body.summary).toMatch(/\d+ red, \d+ amber, \d+ green/);
    expect(status.body.includesDemoData).toBe(true);

    const deadlines = await h.get("/api/tab/deadlines/02N");
    expect(validate("/api/tab/deadlines/{organisation}", "200", deadlines.body)).toEqual([]);

    const unknown = await h.get("/api/tab/status/Airdale");
    expect(unknown.status).toBe(404);
    expect(validate("/api/tab/status/{ccg}", "404", unknown.body)).toEqual([]);
    expect(unknown.body).toMatchObject({
      error: 'I don\'t know a CCG called "Airdale".',
      hint: expect.stringMatching(/02N/),
    });
  });

  it("gives one indicator's trend chart: a signed image on this server, and the chart in words", async () => {
    const chart = await h.get("/api/tab/chart/02N/ae_4hr");
    expect(chart.status).toBe(200);
    expect(validate("/api/tab/chart/{ccg}/{indicator}", "200", chart.body)).toEqual([]);
    expect(chart.body.title).toMatch(/^A&E: 4-hour wait.*: 02N$/);
    expect(chart.body.alt).toMatch(/^A&E: 4-hour wait.*02N NHS Airedale.*Latest .* in Sep 2013/);
    expect(chart.body.imageUrl).toMatch(/^\/charts\/02N\/ae_4hr\.png\?upto=\d{4}-\d{2}-01&exp=\d+&sig=/);
    const image = await fetch(`${h.url}${chart.body.imageUrl as string}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("\x89PNG");

    const unknown = await h.get("/api/tab/chart/02N/no_such_thing");
    expect(unknown.status).toBe(404);
    expect(validate("/api/tab/chart/{ccg}/{indicator}", "404", unknown.body)).toEqual([]);
    expect((await h.get("/api/tab/chart/Airdale/ae_4hr")).status).toBe(404);
  });

  it("without the chart route, gives the chart in words and no image", async () => {
    const bare = await startTabHarness({ charts: false, database });
    try {
      const chart = await bare.get("/api/tab/chart/02N/ae_4hr");
      expect(chart.status).toBe(200);
      expect(chart.body.imageUrl).toBeNull();
      expect(chart.body.alt).toMatch(/^A&E: 4-hour wait/);
    } finally {
      await bare.close();
    }
  });

  it("shows discussions and actions only to a verified person of the CCG or its area team", async () => {
    expect((await h.get("/api/tab/dialogue/02N")).status).toBe(401);

    const mine = await h.get("/api/tab/dialogue/02N", h.token(jo));
    expect(mine.status).toBe(200);
    expect(validate("/api/tab/dialogue/{ccg}", "200", mine.body)).toEqual([]);
    expect(mine.body.discussions).toEqual([
      expect.objectContaining({ ref: "D1", topic: "A&E 4-hour recovery", status: "OPEN", openedBy: "CCG" }),
    ]);
    expect(mine.body.actions).toEqual([
      expect.objectContaining({
        ref: "A1",
        text: "Publish the recovery plan",
        dueDate: "2014-01-10",
        due: "Fri 10 Jan 2014",
        status: "PROPOSED",
        overdue: false,
      }),
    ]);

    const areaTeam = await h.get("/api/tab/dialogue/02N", h.token(sam));
    expect(areaTeam.status).toBe(200);

    const stranger = await h.get("/api/tab/dialogue/02N", h.token(alex));
    expect(stranger.status).toBe(403);
    expect(stranger.body.error).toMatch(
      /Only 02N and its area team Q52 can see 02N's discussions and actions; you act for 02W/,
    );

    const unregistered = await h.get("/api/tab/dialogue/02N", h.token({ oid: "aad-nobody" }));
    expect(unregistered.status).toBe(403);
    expect(unregistered.body.error).toMatch(/I don't know which organisation you act for yet/);
  });

  it("says who is signed in", async () => {
    const me = await h.get("/api/tab/me", h.token(jo));
    expect(validate("/api/tab/me", "200", me.body)).toEqual([]);
    expect(me.body).toEqual({
      name: "Jo Smith",
      organisation: expect.objectContaining({ code: "02N" }),
      role: "MEMBER",
    });
    expect((await h.get("/api/tab/me")).status).toBe(401);
  });

  it.each([
    ["signed with another key", () => h.token(jo, {}, true)],
    ["for another app", () => h.token(jo, { aud: "api://elsewhere/123" })],
    ["expired", () => h.token(jo, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    [
      "issued by another tenant's issuer",
      () => h.token(jo, { iss: "https://login.microsoftonline.com/someone-else/v2.0" }),
    ],
    ["not from Entra", () => h.token(jo, { iss: "https://evil.example/" })],
    ["without a user", () => h.token({ oid: "" })],
  ])("refuses a token %s", async (_what, token) => {
    const res = await h.get("/api/tab/dialogue/02N", token());
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/Your Teams sign-in could not be verified/);
  });

  it("accepts the bot's client id itself as the audience", async () => {
    expect((await h.get("/api/tab/me", h.token(jo, { aud: TAB_CLIENT_ID }))).status).toBe(200);
  });
});

describe("a deployment that keeps the dashboard to signed-in people (TAB_PUBLIC_STATUS=off)", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ publicStatus: false, database });
  });
  afterAll(() => h.close());

  it("refuses anonymous reads and serves a verified token", async () => {
    const anonymous = await h.get("/api/tab/status/02N");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatch(/only to people signed in through Teams/);
    expect((await h.get("/api/tab/organisations")).status).toBe(401);
    expect((await h.get("/api/tab/status/02N", h.token(jo))).status).toBe(200);
  });
});

describe("a deployment with no Teams app", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ clientId: undefined, database });
  });
  afterAll(() => h.close());

  it("serves public figures and explains that nobody can sign in", async () => {
    expect((await h.get("/api/tab/status/02N")).status).toBe(200);
    const res = await h.get("/api/tab/dialogue/02N", h.token(jo));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/no Teams app/);
  });
});
