// Slack and Teams get a signed link to an export: the link is the permission (signed, for one person, for a day),
// and the person must still be a party when it is fetched.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, commands } from "../../commands";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createExportPlugin } from "../../src/exports/route";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let cleanup: () => Promise<void>;
let server: Server;
let base: string;

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
  const app = express();
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  createExportPlugin({ config: { PUBLIC_URL: base, CHART_URL_SECRET: "x".repeat(32) }, core, logger }).mount(app);
  const jo = await consolePerson(core, "Jo Smith", "02N");
  await jo.run("discuss 02N Winter plan");
  await jo.run("action D1 =cmd owner Jo Smith due 10 Jan");
  await core.people.register({ platform: "SLACK", tenantId: "T1", userId: "USAM" }, "Q52", "MEMBER");
  await core.people.register({ platform: "SLACK", tenantId: "T1", userId: "UALEX" }, "02W", "MEMBER");
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cleanup();
});

const inSlack = (userId: string, text: string) =>
  dispatch(core, commands, text, { user: { platform: "SLACK", tenantId: "T1", userId } });

describe("an export link in Slack", () => {
  it("`export 02N actions` answers with a link that serves the CSV", async () => {
    const { reply } = await inSlack("USAM", "export 02N actions");
    expect(reply.isError).toBeFalsy();
    const url = /(http:\/\/\S+) /.exec(reply.summary)?.[1];
    expect(url).toMatch(/\/exports\/actions\/02N\.csv\?person=.+&exp=\d+&sig=/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(await res.text()).toMatch(/A1,D1,02N,Winter plan,'=cmd,Jo Smith,2014-01-10/);
    // Tampered: another CCG with the same signature.
    expect((await fetch(url!.replace("/02N.csv", "/02W.csv"))).status).toBe(403);
  });
  it("`export D1` links to the HTML page; a link made for someone who is not a party is refused", async () => {
    const { reply } = await inSlack("USAM", "export D1");
    const url = /(http:\/\/\S+) /.exec(reply.summary)![1]!;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<h1>D1 · 02N · Winter plan<\/h1>/);
    const stranger = await core.prisma.person.findFirstOrThrow({ where: { organisationCode: "02W" } });
    const forged = core.exports!.url(stranger.id, { kind: "discussion", discussionId: 1 })!;
    expect((await fetch(forged)).status).toBe(403);
  });
  it("an expired link is refused", async () => {
    const { reply } = await inSlack("USAM", "export D1");
    const url = /(http:\/\/\S+) /.exec(reply.summary)![1]!;
    clock.set("2013-11-21T10:00:01Z");
    try {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/expired/);
    } finally {
      clock.set("2013-11-20T10:00:00Z");
    }
  });
});
