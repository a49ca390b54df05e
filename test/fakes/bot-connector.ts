// A local fake of Microsoft's Bot Connector service, at the network edge of the Teams bot. It answers like the
// connector (POST /v3/conversations/{id}/activities → {id}; PUT …/activities/{activityId}; POST /v3/conversations;
// GET …/members/{id}) and records every reply, card update and proactive send, with the path prefix it came to
// (regional serviceUrls such as /emea/ and /amer/ are different prefixes here).
// It also plays the Bot Framework token service: an RSA key whose public half it serves as JWKS, so tests
// send requests signed the way Teams signs them, and badly signed ones.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PUBLIC, withOverrides, type CloudEnvironment } from "@microsoft/teams.api";
import { adaptiveCardProblems, cardsIn } from "../teams/card-schema";

export interface RecordedCall {
  kind: "send" | "update" | "delete" | "create-conversation" | "member";
  /** the serviceUrl path prefix it was sent to, e.g. "/emea" */
  prefix: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const TOKEN_ISSUER = "https://api.botframework.com";

export interface FakeBotConnector {
  url: string;
  /** a serviceUrl under this fake, e.g. serviceUrl("emea") → http://127.0.0.1:port/emea/ */
  serviceUrl(region?: string): string;
  /** the cloud settings that make the Teams SDK fetch signing keys from here */
  cloud: CloudEnvironment;
  calls: RecordedCall[];
  sends(): RecordedCall[];
  updates(): RecordedCall[];
  members: Map<string, FakeMember>;
  /**
   * Cards sent or updated that are not valid Adaptive Cards 1.5 as Teams reads them (test/teams/card-schema.ts).
   * The real connector passes them on and the client shows an error in their place; tests fail on them.
   */
  invalidCards: { call: RecordedCall; problems: string[] }[];
  /** throws when any card sent so far is invalid */
  assertCardsValid(): void;
  /** how long the fake takes to answer a connector call (a slow or throttled Teams) */
  latencyMs: number;
  /** awaited before a call is answered: a test holds calls back to make two requests meet */
  beforeAnswer?: (call: { method: string; conversationId: string; body: Record<string, unknown> }) => Promise<void>;
  /** answers the next n connector calls with this failure */
  failNext(n: number, failure: Failure): void;
  /** a JWT signed by this fake's key (or by a stranger's key with `forgedKey`) */
  signToken(claims: Record<string, unknown>, options?: { forgedKey?: boolean; expiresInSeconds?: number }): string;
  waitFor<T>(find: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /**
   * A file a user attaches in personal chat: Teams stores it in their OneDrive and the message carries an attachment
   * `application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a short-lived pre-authorised
   * URL (no bearer token needed), served here. Returns the attachment as the activity carries it.
   */
  hostFile(name: string, bytes: Uint8Array | string): Record<string, unknown>;
  reset(): void;
  close(): Promise<void>;
}

function b64url(input: Buffer | string) {
  return Buffer.from(input).toString("base64").replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

function sign(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = b64url(JSON.stringify(claims));
  const signer = createSign("RSA-SHA256");
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${b64url(signer.sign(key))}`;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `fake-${randomUUID().slice(0, 8)}`;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };

  const calls: RecordedCall[] = [];
  const members = new Map<string, FakeMember>();
  const invalidCards: FakeBotConnector["invalidCards"] = [];
  const failures: Failure[] = [];
  let nextId = 1_700_000_000_000;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  const files = new Map<string, { bytes: Buffer; tempauth: string }>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = decodeURIComponent(url.pathname);
    if (path === "/v1/.well-known/keys") return json(res, 200, { keys: [jwk] });
    if (path.startsWith("/personal/files/")) {
      const file = files.get(path.slice("/personal/files/".length));
      if (!file || url.searchParams.get("tempauth") !== file.tempauth)
        return json(res, 401, { error: { code: "unauthenticated", message: "Invalid token" } });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length });
      res.end(file.bytes);
      return;
    }
    if (path === "/v1/.well-known/openidconfiguration") {
      return json(res, 200, {
        issuer: TOKEN_ISSUER,
        jwks_uri: `${fake.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    const m = /^(\/[^/]+)?\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?$/.exec(path);
    if (!m) return json(res, 404, { error: { code: "NotFound", message: path } });
    const [, prefix = "", conversationId = "", what, itemId] = m;
    const body = req.method === "GET" ? {} : await readBody(req);
    const authorization = req.headers.authorization;
    const record = (kind: RecordedCall["kind"], activityId?: string) => {
      const call: RecordedCall = {
        kind,
        prefix,
        conversationId,
        ...(activityId ? { activityId } : {}),
        body,
        ...(authorization ? { authorization } : {}),
      };
      calls.push(call);
      for (const card of cardsIn(body)) {
        const problems = adaptiveCardProblems(card);
        if (problems.length) invalidCards.push({ call, problems });
      }
    };

    if (fake.latencyMs) await new Promise((r) => setTimeout(r, fake.latencyMs));
    await fake.beforeAnswer?.({ method: req.method ?? "", conversationId, body });
    const failure = failures.shift();
    if (failure)
      return json(
        res,
        failure.status,
        failure.body ?? { error: { code: "Failure", message: "injected" } },
        failure.headers,
      );

    if (req.method === "POST" && !conversationId) {
      record("create-conversation");
      const members = body.members as { id: string }[] | undefined;
      if (!body.isGroup && members?.length === 1) return json(res, 201, { id: `a:1on1-${members[0]!.id}` });
      const activityId = String(nextId++);
      return json(res, 201, {
        id: `${String((body.channelData as { channel?: { id?: string } })?.channel?.id ?? "a:conv")};messageid=${activityId}`,
        activityId,
      });
    }
    if (req.method === "POST" && what === "activities" && !itemId) {
      const id = String(nextId++);
      record("send", id);
      return json(res, 201, { id });
    }
    if (req.method === "PUT" && what === "activities" && itemId) {
      record("update", itemId);
      return json(res, 200, { id: itemId });
    }
    if (req.method === "DELETE" && what === "activities" && itemId) {
      record("delete", itemId);
      return json(res, 200, {});
    }
    if (req.method === "GET" && what === "members" && itemId) {
      record("member", itemId);
      const member = members.get(itemId);
      return member ? json(res, 200, member) : json(res, 404, { error: { code: "MemberNotFound" } });
    }
    return json(res, 405, { error: { code: "MethodNotAllowed" } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeBotConnector = {
    url: `http://127.0.0.1:${port}`,
    serviceUrl: (region = "emea") => `http://127.0.0.1:${port}/${region}/`,
    cloud: withOverrides(PUBLIC, {
      openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
      tokenIssuer: TOKEN_ISSUER,
      loginEndpoint: `http://127.0.0.1:${port}/login`,
    }),
    calls,
    sends: () => calls.filter((c) => c.kind === "send"),
    updates: () => calls.filter((c) => c.kind === "update"),
    members,
    invalidCards,
    assertCardsValid() {
      if (!invalidCards.length) return;
      const first = invalidCards[0]!;
      throw new Error(
        `${invalidCards.length} card(s) sent to the fake Bot Connector are not valid Adaptive Cards 1.5; the first (${first.call.kind} to ${first.call.conversationId}): ${first.problems.join(" | ")}\n${JSON.stringify(first.call.body).slice(0, 2000)}`,
      );
    },
    latencyMs: 0,
    hostFile(name, bytes) {
      const uniqueId = randomUUID();
      const tempauth = randomUUID().replace(/-/g, "");
      files.set(uniqueId, { bytes: Buffer.from(bytes), tempauth });
      return {
        contentType: "application/vnd.microsoft.teams.file.download.info",
        contentUrl: `https://contoso-my.sharepoint.com/personal/jo/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
        name,
        content: {
          downloadUrl: `${fake.url}/personal/files/${uniqueId}?tempauth=${tempauth}`,
          uniqueId,
          fileType: name.split(".").pop() ?? "",
        },
      };
    },
    failNext(n, failure) {
      for (let i = 0; i < n; i++) failures.push(failure);
    },
    signToken(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const full = {
        iss: TOKEN_ISSUER,
        nbf: now - 10,
        iat: now - 10,
        exp: now + (options.expiresInSeconds ?? 3600),
        ...claims,
      };
      return sign(full, options.forgedKey ? stranger.privateKey : privateKey, kid);
    },
    async waitFor(find, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found) return found;
        if (Date.now() > until) throw new Error("fake Bot Connector: timed out waiting for a call");
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}
