// The tab's grid over HTTP, checked against its OpenAPI document: an area team's CCGs × the national ask with each
// cell's figure and plan and their RAG, read as status is (anyone, unless the deployment keeps the dashboard to people
// signed in through Teams: then only with a verified SSO token); an unknown area team is a 404, a missing one a 400;
// demo figures are said to be demo data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { openApiValidator, startTabHarness, type TabHarness } from "./harness";

const validate = openApiValidator();
const jo = { oid: "aad-jo-0001", name: "Jo Smith" };

type Grid = {
  scope: { code: string } | null;
  title: string;
  columns: { code: string; name: string }[];
  rows: { code: string; cells: { figure: string; rag: string; plan: string; planRag: string; demo?: boolean }[] }[];
  includesDemoData: boolean;
  demoNote: string | null;
  legend: string;
  note: string;
};

let database: TestDatabase;
beforeAll(async () => {
  database = await seededTestDatabase({ demo: true });
}, 300_000);
afterAll(() => database?.cleanup());

describe("the grid in the tab API, where published figures are public", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ database });
  });
  afterAll(() => h.close());

  it("gives anyone Q52's CCGs × the national ask, each cell's figure and plan with their RAG", async () => {
    const res = await h.get("/api/tab/grid?of=q52");
    expect(res.status).toBe(200);
    expect(validate("/api/tab/grid", "200", res.body)).toEqual([]);
    const grid = res.body as unknown as Grid;
    expect(grid.scope?.code).toBe("Q52");
    expect(grid.title).toBe("Grid — Q52 West Yorkshire Area Team");
    expect(grid.columns.map((c) => c.code)).toContain("02N");
    expect(grid.rows.length).toBeGreaterThan(3);
    for (const r of grid.rows) expect(r.cells).toHaveLength(grid.columns.length);
    const cell = grid.rows.find((r) => r.code === "ae_4hr")!.cells[0]!;
    expect(cell.rag).toMatch(/^(red|amber|green|grey)$/);
    expect(cell.planRag).toMatch(/^(red|amber|green|grey)$/);
    expect(cell.figure).toMatch(/%$|^—$/);
    expect(grid.legend).toMatch(/^Each cell: the latest figure's RAG/);
    expect(grid.note).toMatch(/`status <ccg> <indicator>`/);
  });

  it("says the figures are demo data where they are", async () => {
    const grid = (await h.get("/api/tab/grid?of=Q52")).body as unknown as Grid;
    expect(grid.includesDemoData).toBe(true);
    expect(grid.demoNote).toBe("Demo data: generated figures, not published statistics.");
    expect(grid.rows.some((r) => r.cells.some((c) => c.demo))).toBe(true);
    expect(grid.note).not.toMatch(/Demo data/);
  });

  it("gives England's area teams as the columns", async () => {
    const res = await h.get("/api/tab/grid?of=england");
    expect(res.status).toBe(200);
    expect(validate("/api/tab/grid", "200", res.body)).toEqual([]);
    const grid = res.body as unknown as Grid;
    expect(grid.scope).toBeNull();
    expect(grid.columns.map((c) => c.code)).toContain("Q52");
  });

  it("answers an unknown area team 404 and a missing or overlong one 400, each with a sentence", async () => {
    const unknown = await h.get("/api/tab/grid?of=02N");
    expect(unknown.status).toBe(404);
    expect(validate("/api/tab/grid", "404", unknown.body)).toEqual([]);
    expect(unknown.body.error).toMatch(/I don't know an area team called "02N"/);
    const missing = await h.get("/api/tab/grid");
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/\?of=Q52/);
    expect((await h.get(`/api/tab/grid?of=${"Q".repeat(200)}`)).status).toBe(400);
    expect((await h.get("/api/tab/grid?of=Q52&of=Q51")).status).toBe(400);
  });
});

describe("the grid in the tab API, where the dashboard is for signed-in people only (TAB_PUBLIC_STATUS=off)", () => {
  let h: TabHarness;
  beforeAll(async () => {
    h = await startTabHarness({ publicStatus: false, database });
  });
  afterAll(() => h.close());

  it("refuses a request without a token, saying how to see it, and serves a verified one", async () => {
    const anonymous = await h.get("/api/tab/grid?of=Q52");
    expect(anonymous.status).toBe(401);
    expect(validate("/api/tab/grid", "401", anonymous.body)).toEqual([]);
    expect(anonymous.body).toMatchObject({
      error: expect.stringMatching(/only to people signed in through Teams/),
      hint: "Open the tab in Teams.",
    });
    const forged = await h.get("/api/tab/grid?of=Q52", h.token(jo, {}, true));
    expect(forged.status).toBe(401);
    const signed = await h.get("/api/tab/grid?of=Q52", h.token(jo));
    expect(signed.status).toBe(200);
    expect(validate("/api/tab/grid", "200", signed.body)).toEqual([]);
    expect((signed.body as unknown as Grid).scope?.code).toBe("Q52");
    expect((await h.get("/api/tab/grid?of=02N", h.token(jo))).status).toBe(404);
  });
});
