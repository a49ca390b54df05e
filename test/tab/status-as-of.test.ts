// The tab's status and chart as of a period (`?asOf=Dec 2014`), over HTTP and checked against the OpenAPI document:
// the same figures the `status … as of …` command shows, suppressed figures as suppressed, demo rows marked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeStatusFigures } from "../commands/status-figures";
import { openApiValidator, startTabHarness, type TabHarness } from "./harness";

const validate = openApiValidator();

interface Row {
  code: string;
  rag: string;
  value: string | null;
  plan: string | null;
  period: string | null;
  note?: string;
  suppressed?: boolean;
  demo?: boolean;
  recent: number[];
}

describe("the tab's status as of a period", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ now: "2026-12-02T10:00:00Z" });
    await writeStatusFigures(h.core.prisma);
  });
  afterAll(() => h.close());

  const status = async (query: string) => {
    const res = await h.get(`/api/tab/status/02N${query}`);
    const rows = [...(res.body.national as Row[]), ...(res.body.local as Row[])];
    return { ...res, row: (code: string) => rows.find((r) => r.code === code)!, rows };
  };

  it("shows each indicator's latest figure up to the period, not stale against today, and says which period", async () => {
    const res = await status(`?asOf=${encodeURIComponent("Dec 2014")}`);
    expect(res.status).toBe(200);
    expect(validate("/api/tab/status/{ccg}", "200", res.body)).toEqual([]);
    expect(res.body.asOf).toBe("Dec 2014");
    expect(res.row("rtt_incomplete_18wk")).toMatchObject({
      rag: "amber",
      value: "90.5%",
      plan: "93%",
      period: "Dec 2014",
      trend: "worsening",
    });
    expect(res.row("rtt_incomplete_18wk").note).toBeUndefined();
    expect(res.row("cancer_62d_gp")).toMatchObject({ value: "84%", period: "Q3 2014/15" });
    expect(res.row("ae_4hr")).toMatchObject({ rag: "grey", note: "stale: no figure for Dec 2014" });
    expect(res.body.note).toMatch(/As it stood in Dec 2014/);

    // the same in other words: a quarter
    const quarter = await status(`?asOf=${encodeURIComponent("Q3 2014/15")}`);
    expect(quarter.body.asOf).toBe("Q3 2014/15");
    expect(quarter.row("rtt_incomplete_18wk")).toMatchObject({ value: "90.5%", period: "Dec 2014" });

    // without asOf, today: the newest figure, stale
    const today = await status("");
    expect(today.body.asOf).toBeNull();
    expect(today.row("rtt_incomplete_18wk")).toMatchObject({ rag: "grey", value: "89%", period: "Mar 2015" });
    expect(today.row("rtt_incomplete_18wk").note).toMatch(/^stale since /);
  });

  it("gives a suppressed latest figure as suppressed, with no value, and leaves it out of the trend", async () => {
    const res = await status("?asOf=2015-02");
    expect(validate("/api/tab/status/{ccg}", "200", res.body)).toEqual([]);
    const rtt = res.row("rtt_incomplete_18wk");
    expect(rtt).toMatchObject({ rag: "grey", value: null, suppressed: true, period: "Feb 2015", plan: "92%" });
    expect(rtt.recent).toEqual([92, 91.5, 91, 90.5, 88]);
  });

  it("marks demo rows and counts them, so demo and published figures never mix unseen", async () => {
    const res = await status(`?asOf=${encodeURIComponent("Dec 2014")}`);
    const demo = res.rows.filter((r) => r.demo);
    expect(demo.map((r) => r.code)).toEqual(expect.arrayContaining(["ae_12hr_trolley", "mrsa_bacteraemia"]));
    expect(res.row("rtt_incomplete_18wk").demo).toBeUndefined();
    expect(res.body.demoFigures).toBe(new Set(demo.map((r) => r.code)).size);
    expect(res.body.figures as number).toBeGreaterThan(res.body.demoFigures as number);
    expect(res.body.note).toMatch(
      new RegExp(`${res.body.demoFigures as number} of ${res.body.figures as number} figures are demo data`),
    );
  });

  it("refuses a period it can't read with a 400 that says why and gives examples", async () => {
    const res = await h.get(`/api/tab/status/02N?asOf=${encodeURIComponent("Decembre 2014")}`);
    expect(res.status).toBe(400);
    expect(validate("/api/tab/status/{ccg}", "400", res.body)).toEqual([]);
    expect(res.body).toEqual({
      error: '"Decembre" is not a month.',
      hint: expect.stringMatching(/Dec 2014, December 2014, 2014-12, w\/e 07\/12\/2014, Q3 2014\/15, 2013\/14 or 2014/),
    });
    // a calendar year is a period of its own now (the CCG Outcomes Indicator Set's); a pooled one is no single date
    expect((await h.get("/api/tab/status/02N?asOf=2014")).status).toBe(200);
    const pooled = await h.get("/api/tab/status/02N?asOf=2011-13");
    expect(pooled.status).toBe(400);
    expect(pooled.body.error).toMatch(/pooled|years/i);
    expect((await h.get("/api/tab/status/02N?asOf=a&asOf=b")).status).toBe(400);
  });

  it("draws the chart up to the period asked for: the signed image is pinned to it", async () => {
    const chart = await h.get(`/api/tab/chart/02N/rtt_incomplete_18wk?asOf=${encodeURIComponent("Dec 2014")}`);
    expect(chart.status).toBe(200);
    expect(validate("/api/tab/chart/{ccg}/{indicator}", "200", chart.body)).toEqual([]);
    expect(chart.body.alt).toMatch(/ to Dec 2014, \d+ periods.*Latest 90\.5% in Dec 2014/);
    expect(chart.body.imageUrl).toMatch(/^\/charts\/02N\/rtt_incomplete_18wk\.png\?upto=2014-12-01&exp=\d+&sig=/);
    const image = await fetch(`${h.url}${chart.body.imageUrl as string}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");

    // a suppressed latest figure: the link is pinned to its period, and the words say it was suppressed
    const suppressed = await h.get("/api/tab/chart/02N/rtt_incomplete_18wk?asOf=Feb%202015");
    expect(suppressed.body.imageUrl).toMatch(/upto=2015-02-01&/);
    expect(suppressed.body.alt).toMatch(/Suppressed by the publisher, so not drawn: Feb 2015\./);

    const bad = await h.get("/api/tab/chart/02N/rtt_incomplete_18wk?asOf=soon");
    expect(bad.status).toBe(400);
    expect(validate("/api/tab/chart/{ccg}/{indicator}", "400", bad.body)).toEqual([]);
  });
});
