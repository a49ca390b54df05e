// A lean fake Bot Connector for the Teams bench: the token service's keys (so requests are signed and checked as
// Teams signs them, and the bot's own token never comes from Microsoft's login) and the activities endpoint, which
// answers at once and tells the waiting load generator when a reply came. It checks no card (the tests' fake,
// test/fakes/bot-connector.ts, validates every card against the schema, which would bill our side for the fake's
// own work on the shared CPU). It runs on the Teams side's worker thread (bench/teams-side.ts), not on the apps'
// event loop; the apps reach it through benchCloud(url) and the serviceUrl of each activity.
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PUBLIC, withOverrides, type CloudEnvironment } from "@microsoft/teams.api";

export const TOKEN_ISSUER = "https://api.botframework.com";

export interface BenchConnector {
  /** where it listens: benchCloud(url) points an app's token checks at its keys */
  url: string;
  serviceUrl: string;
  /** a JWT signed by the connector's key, as the Bot Framework token service signs one */
  signToken(claims: Record<string, unknown>): string;
  /** resolves with the arrival time (performance.now()) of the next reply to this conversation */
  nextReply(conversationId: string): Promise<{ at: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The cloud an app is given to check tokens against the connector at `connectorUrl` (its keys, its issuer). */
export const benchCloud = (connectorUrl: string): CloudEnvironment =>
  withOverrides(PUBLIC, {
    openIdMetadataUrl: `${connectorUrl}/v1/.well-known/openidconfiguration`,
    tokenIssuer: TOKEN_ISSUER,
    loginEndpoint: `${connectorUrl}/login`,
  });

const b64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

export async function startBenchConnector(): Promise<BenchConnector> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `bench-${randomUUID().slice(0, 8)}`;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const waiters = new Map<string, (reply: { at: number; body: Record<string, unknown> }) => void>();
  let nextId = 1_700_000_000_000;
  let url = "";

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (path === "/v1/.well-known/keys") return json(200, { keys: [jwk] });
      if (path === "/v1/.well-known/openidconfiguration")
        return json(200, {
          issuer: TOKEN_ISSUER,
          jwks_uri: `${url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
        });
      const m = /\/v3\/conversations\/([^/]+)\/activities$/.exec(path);
      if (req.method !== "POST" || !m) return json(404, { error: { code: "NotFound", message: path } });
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      const waiter = waiters.get(m[1]!);
      waiters.delete(m[1]!);
      waiter?.({ at, body });
      json(201, { id: String(nextId++) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    serviceUrl: `${url}/emea/`,
    signToken(claims) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
      const payload = b64url(
        JSON.stringify({ iss: TOKEN_ISSUER, nbf: now - 10, iat: now - 10, exp: now + 3600, ...claims }),
      );
      const signer = createSign("RSA-SHA256");
      signer.update(`${header}.${payload}`);
      return `${header}.${payload}.${b64url(signer.sign(privateKey))}`;
    },
    nextReply(conversationId) {
      if (waiters.has(conversationId)) throw new Error(`already waiting for a reply in ${conversationId}`);
      return new Promise((resolve) => waiters.set(conversationId, resolve));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
