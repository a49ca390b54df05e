// The Fingertips client against a local fake of the API: parsed answers, retries with backoff, timeouts, and the
// error each bad answer becomes. Nothing here sleeps: the client's sleep is recorded instead.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FingertipsClient, retryAfterMs } from "../../src/sources/fingertips/client";
import { FakeFingertips } from "../fakes/fingertips-api";

let fake: FakeFingertips;
let slept: number[];

function client(options: ConstructorParameters<typeof FingertipsClient>[0] = {}) {
  return new FingertipsClient({
    baseUrl: fake.url,
    backoffMs: 1_000,
    random: () => 1,
    sleep: async (ms) => void slept.push(ms),
    ...options,
  });
}

beforeAll(async () => {
  fake = await new FakeFingertips().start();
  fake.metadata.set(90001, { name: "Cancer: 62-day wait", unit: "%" });
  fake.rows = [
    { indicatorId: 90001, areaCode: "E38000001", period: "2013/14 Q1", value: "84.1", count: "84", denominator: "100" },
    { indicatorId: 90001, areaCode: "E38000001", period: "2013/14 Q2", value: "86.0" },
  ];
});
afterAll(() => fake.close());
afterEach(() => {
  slept = [];
  fake.requests.length = 0;
});
slept = [];

describe("the Fingertips client", () => {
  it("reads area types, indicator metadata and latest data, as the document describes them", async () => {
    const c = client();
    expect((await c.areaTypes()).map((a) => a.Id)).toEqual([15, 153, 154]);
    const metadata = await c.indicatorMetadata([90001, 99999]);
    expect(Object.keys(metadata)).toEqual(["90001"]);
    expect(metadata["90001"]!.Unit.Label).toBe("%");
    const latest = await c.latestData({
      indicatorIds: [90001],
      areaTypeId: 153,
      parentAreaCode: "E92000001",
      profileId: 1,
    });
    expect(latest[0]).toMatchObject({
      IID: 90001,
      Grouping: [{ Period: "2013/14 Q2" }],
      Data: [{ AreaCode: "E38000001", Val: 86 }],
    });
    expect(fake.requests).toContain("/api/indicator_metadata/by_indicator_id?indicator_ids=90001%2C99999");
  });

  it("streams the all-data CSV", async () => {
    const { body, url } = await client().allDataCsv({
      indicatorIds: [90001],
      childAreaTypeId: 153,
      parentAreaTypeId: 15,
    });
    let text = "";
    for await (const chunk of body) text += chunk;
    expect(url).toMatch(
      /\/api\/all_data\/csv\/by_indicator_id\?indicator_ids=90001&child_area_type_id=153&parent_area_type_id=15$/,
    );
    expect(text.split("\r\n")[0]).toMatch(/^Indicator ID,Indicator Name,Parent Code/);
    expect(text).toMatch(/90001,Cancer: 62-day wait,E92000001,England,E38000001,.*,2013\/14 Q1,84\.1,,,84,100/);
  });

  it("retries 5xx answers with doubling backoff, and says so when it gives up", async () => {
    fake.failNext("/api/area_types", { status: 500 }, { status: 502, body: "Bad gateway" });
    expect(await client().areaTypes()).toHaveLength(3);
    expect(slept).toEqual([1_000, 2_000]);

    slept = [];
    fake.failNext("/api/area_types", ...Array.from({ length: 3 }, () => ({ status: 503 })));
    await expect(client({ retries: 2 }).areaTypes()).rejects.toThrow(
      "Fingertips answered /api/area_types with HTTP 503 after 3 tries: An error has occurred.",
    );
    expect(slept).toEqual([1_000, 2_000]);
  });

  it("waits as long as Retry-After says on 429, up to a limit", async () => {
    fake.failNext(
      "/api/area_types",
      { status: 429, headers: { "retry-after": "7" } },
      { status: 429, headers: { "retry-after": "600" } },
    );
    expect(await client({ maxBackoffMs: 30_000 }).areaTypes()).toHaveLength(3);
    expect(slept).toEqual([7_000, 30_000]);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5_000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("does not retry a 400, and passes on the API's own message", async () => {
    await expect(
      client().latestData({ indicatorIds: [], areaTypeId: 153, parentAreaCode: "E92000001", profileId: 1 }),
    ).rejects.toThrow(/HTTP 400: Missing parameter\(s\): indicator_ids\.$/);
    expect(slept).toEqual([]);
  });

  it("refuses a malformed body: not JSON, or JSON of the wrong shape", async () => {
    fake.failNext("/api/area_types", { status: 200, body: "<html>Down for maintenance</html>" });
    await expect(client().areaTypes()).rejects.toThrow(
      "Fingertips answered /api/area_types with a body that is not JSON.",
    );
    fake.failNext("/api/area_types", { status: 200, body: JSON.stringify([{ Id: "153", Name: "CCGs" }]) });
    await expect(client().areaTypes()).rejects.toThrow(
      /Fingertips answered \/api\/area_types with a body of an unexpected shape \(0\.Id: .*number.*\)\./,
    );
    fake.failNext("/api/indicator_metadata/by_indicator_id", {
      status: 200,
      body: JSON.stringify({ "90001": { IID: 90001 } }),
    });
    await expect(client().indicatorMetadata([90001])).rejects.toThrow(/unexpected shape \(90001\.Descriptive: /);
  });

  it("times out an answer that never comes, retrying it first", async () => {
    fake.failNext("/api/area_types", { hang: true }, { hang: true });
    await expect(client({ timeoutMs: 100, retries: 1 }).areaTypes()).rejects.toThrow(
      "Fingertips did not answer /api/area_types within 0.1 s.",
    );
    expect(slept).toEqual([1_000]);
    expect(fake.requests.filter((r) => r === "/api/area_types")).toHaveLength(2);
  });

  it("says when it cannot reach the API at all", async () => {
    const closed = await new FakeFingertips().start();
    await closed.close();
    const nowhere = new FingertipsClient({ baseUrl: closed.url, retries: 1, sleep: async (ms) => void slept.push(ms) });
    await expect(nowhere.areaTypes()).rejects.toThrow(`Could not reach Fingertips at ${closed.url} (ECONNREFUSED).`);
    expect(slept).toHaveLength(1);
  });
});
