// The dashboard tab served by the real server (express + the tab plugin) on a real database. Teams SSO tokens
// are signed by a local key whose JWKS the fake Bot Connector serves, in place of Microsoft Entra's.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { createChartPlugin } from "../../src/charts/route";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createTabChannel } from "../../src/tab";
import { startFakeBotConnector, type FakeBotConnector } from "../fakes/bot-connector";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

export const TAB_CLIENT_ID = "00000000-0000-4000-8000-0000000000ab";
export const CCG_TENANT = "tenant-ccg-02n";

export interface TabHarness {
  url: string;
  core: Core;
  entra: FakeBotConnector;
  /** a Teams SSO token for a person, as Entra would issue it */
  token(
    person: { tenantId?: string; oid: string; name?: string },
    overrides?: Record<string, unknown>,
    forged?: boolean,
  ): string;
  get(path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTabHarness(
  /** charts: mount the chart route, as src/main.ts does (default on) */
  /** now: the clock (default 20 Nov 2013, when the demo figures are made for) */
  /** database: a seeded one to share (not closed with the harness); seeding a fresh one takes seconds, or a minute on a busy machine */
  /** publicUrl: PUBLIC_URL (default https://plan-dialogue.example.nhs.uk) */
  options: {
    publicStatus?: boolean;
    clientId?: string | undefined;
    charts?: boolean;
    now?: string;
    database?: TestDatabase;
    publicUrl?: string;
  } = {},
): Promise<TabHarness> {
  const shared = options.database;
  const t = shared ?? (await seededTestDatabase({ demo: true }));
  const core = createCore(t.db.prisma, fixedClock(options.now ?? "2013-11-20T10:00:00Z"));
  const entra = await startFakeBotConnector();
  const clientId = "clientId" in options ? options.clientId : TAB_CLIENT_ID;
  const tab = createTabChannel({
    config: {
      TEAMS_CLIENT_ID: clientId,
      PUBLIC_URL: options.publicUrl ?? "https://plan-dialogue.example.nhs.uk",
      TAB_PUBLIC_STATUS: options.publicStatus ?? true,
    },
    core,
    logger,
    sso: { jwksUri: `${entra.url}/v1/.well-known/keys` },
  });
  const app = createHttpApp(t.db);
  tab.mount(app);
  if (options.charts ?? true) {
    createChartPlugin({
      config: { PUBLIC_URL: undefined, CHART_URL_SECRET: "tab-test-chart-secret" },
      core,
      logger,
    }).mount(app);
  }
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  await tab.start?.();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    core,
    entra,
    token(person, overrides = {}, forged = false) {
      const tid = person.tenantId ?? CCG_TENANT;
      return entra.signToken(
        {
          aud: `api://plan-dialogue.example.nhs.uk/${TAB_CLIENT_ID}`,
          iss: `https://login.microsoftonline.com/${tid}/v2.0`,
          tid,
          oid: person.oid,
          name: person.name,
          ...overrides,
        },
        { forgedKey: forged },
      );
    },
    async get(path, token) {
      const res = await fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await entra.close();
      if (!shared) await t.cleanup();
    },
  };
}

/** Checks a response body against a schema of openapi/tab-api.yaml (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export function openApiValidator() {
  const doc = parse(readFileSync(fileURLToPath(new URL("../../openapi/tab-api.yaml", import.meta.url)), "utf8")) as {
    components: { schemas: Record<string, unknown> };
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
    >;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "tab-api", components: doc.components });
  // a response's own schema where the path gives one (the plan line's 400: its problems by period), else Error
  return (path: string, status: string, body: unknown, method: "get" | "post" = "get"): string[] => {
    const schema = doc.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
    const resolved = status !== "200" && !schema ? { $ref: "tab-api#/components/schemas/Error" } : schema;
    if (!resolved) return [`no schema for ${path} ${status}`];
    const rewritten = JSON.parse(JSON.stringify(resolved).replace(/"#\/components/g, '"tab-api#/components'));
    const validate = ajv.compile(rewritten);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
