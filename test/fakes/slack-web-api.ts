// A local stand-in for Slack's Web API at the network edge: records every call, answers like Slack,
// serves response_url, and can be told to answer 429 with Retry-After. Nothing of ours is mocked.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** the bearer token the call was made with */
  token?: string;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return {};
  if ((req.headers["content-type"] ?? "").includes("application/json")) return JSON.parse(raw);
  const params = Object.fromEntries(new URLSearchParams(raw));
  // The Web API client sends structured arguments (blocks, view) as JSON strings in form fields.
  for (const [k, v] of Object.entries(params)) {
    if (/^[[{]/.test(v)) {
      try {
        params[k] = JSON.parse(v);
      } catch {
        /* keep the string */
      }
    }
  }
  return params;
}

/** A user as users.info answers it (https://docs.slack.dev/reference/methods/users.info). */
export interface FakeSlackUser {
  id: string;
  /** the user's home workspace: in a Slack Connect channel, not necessarily the host's */
  team_id: string;
  /** the login handle, what the deprecated `user_name` of a payload carries */
  name: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

/** A file the bot uploaded and shared. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  title: string;
  bytes: Buffer;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

export class FakeSlackWebApi {
  readonly calls: RecordedCall[] = [];
  /** the users users.info knows, by id; any other id is `user_not_found`, as Slack answers */
  readonly users = new Map<string, FakeSlackUser>();
  /** posts to response_url, in order */
  readonly responses: Record<string, unknown>[] = [];
  private server?: Server;
  private rateLimitNext = 0;
  private retryAfterSeconds = 1;
  private ts = 1_700_000_000;
  /** per-method error answers, e.g. { "chat.postMessage": "channel_not_found" } for one call */
  failNext: Record<string, string> = {};
  /** one-shot error answers for the first call of a method whose body matches, e.g. a post outside any thread */
  readonly failWhen: { method: string; match: (body: Record<string, unknown>) => boolean; error: string }[] = [];
  /** awaited before a call is answered: a test holds calls back to make two requests meet */
  beforeAnswer?: (method: string, body: Record<string, unknown>) => Promise<void> | void;
  /** as Slack does: fetch every image block's URL when a message is taken, and refuse the message if one fails */
  checkImages = false;
  url = "";
  /** what apps.connections.open hands out: a FakeSlackSocketMode's URL (Socket Mode tests) */
  socketModeUrl?: string;
  /** Slack's posting limits, enforced when set: 429 with Retry-After beyond them */
  limits?: { perChannelPerSecond: number; globalPerSecond: number };
  /** counts of 429s given, and of messages accepted per channel */
  rejected = 0;
  readonly acceptedPerChannel = new Map<string, number>();
  private readonly lastPostAt = new Map<string, number>();
  private recentPosts: number[] = [];
  private readonly waiters = new Map<string, (body: Record<string, unknown>) => void>();
  readonly responsesById = new Map<string, Record<string, unknown>>();

  /** files the bot uploaded: getUploadURLExternal, the bytes POSTed to its upload_url, completeUploadExternal */
  readonly uploads: FakeUpload[] = [];
  private readonly pendingUploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  /** files people shared, served at their url_private_download to a bot token */
  private readonly hosted = new Map<string, { bytes: Buffer; mimetype: string }>();
  private fileSeq = 0;

  /**
   * A file someone shares in Slack: its file object as a message event's `files[]` carries it
   * (https://docs.slack.dev/reference/objects/file-object), its bytes served at `url_private_download` to a request
   * with a bot token; without one Slack answers 200 with its HTML sign-in page.
   */
  hostFile(name: string, bytes: Uint8Array | string, mimetype = "text/csv"): Record<string, unknown> {
    const id = `F0${++this.fileSeq}SHARED`;
    const content = Buffer.from(bytes);
    this.hosted.set(id, { bytes: content, mimetype });
    const filetype = name.split(".").pop() ?? "binary";
    return {
      id,
      created: 1_700_000_000,
      timestamp: 1_700_000_000,
      name,
      title: name,
      mimetype,
      filetype,
      pretty_type: filetype.toUpperCase(),
      user: "U000",
      mode: "hosted",
      editable: false,
      is_external: false,
      external_type: "",
      is_public: true,
      size: content.length,
      url_private: `${this.url}/files-pri/T1-${id}/${encodeURIComponent(name)}`,
      url_private_download: `${this.url}/files-pri/T1-${id}/download/${encodeURIComponent(name)}`,
      permalink: `https://nhs-test.slack.com/files/U000/${id}/${encodeURIComponent(name)}`,
    };
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const path = req.url ?? "";
      // The upload URL files.getUploadURLExternal handed out: the raw bytes (or a multipart form) are POSTed here.
      if (path.startsWith("/upload/")) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const pending = this.pendingUploads.get(path.slice("/upload/".length));
        if (!pending || req.method !== "POST") {
          res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
          return;
        }
        pending.bytes = Buffer.concat(chunks);
        res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${pending.bytes.length}`);
        return;
      }
      if (path.startsWith("/files-pri/")) {
        const id = /^\/files-pri\/T1-([^/]+)\//.exec(path)?.[1] ?? "";
        const file = this.hosted.get(id);
        const token = req.headers.authorization?.replace(/^Bearer /, "");
        if (!file || !token?.startsWith("xoxb-")) {
          res
            .writeHead(200, { "content-type": "text/html; charset=utf-8" })
            .end("<!DOCTYPE html><html><body>Sign in to Slack</body></html>");
          return;
        }
        res.writeHead(200, { "content-type": file.mimetype, "content-length": file.bytes.length }).end(file.bytes);
        return;
      }
      const body = await readBody(req);
      const broken = this.checkImages ? await brokenImage(body) : undefined;
      if (broken !== undefined) {
        const refusal = {
          ok: false,
          error: "invalid_blocks",
          errors: [`downloading image failed [json-pointer:/blocks/${broken}/image_url]`],
        };
        // chat.postMessage answers 200 with ok: false; a response_url refuses with a 400.
        res
          .writeHead(path.startsWith("/response/") ? 400 : 200, { "content-type": "application/json" })
          .end(JSON.stringify(refusal));
        return;
      }
      if (path.startsWith("/response/")) {
        this.responses.push(body);
        const id = path.slice("/response/".length);
        this.responsesById.set(id, body);
        this.waiters.get(id)?.(body);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
        return;
      }
      const method = path.replace(/^\/api\//, "").split("?")[0]!;
      this.calls.push({
        method,
        body,
        token: req.headers.authorization?.replace(/^Bearer /, "") ?? (body.token as string | undefined),
      });
      if (this.rateLimitNext > 0) {
        this.rateLimitNext--;
        res
          .writeHead(429, { "retry-after": String(this.retryAfterSeconds), "content-type": "application/json" })
          .end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      if (method === "chat.postMessage" && this.limits && this.overLimit(String(body.channel))) {
        this.rejected++;
        res
          .writeHead(429, { "retry-after": "1", "content-type": "application/json" })
          .end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      await this.beforeAnswer?.(method, body);
      if (method === "chat.postMessage")
        this.acceptedPerChannel.set(String(body.channel), (this.acceptedPerChannel.get(String(body.channel)) ?? 0) + 1);
      const matched = this.failWhen.findIndex((f) => f.method === method && f.match(body));
      const failure = matched >= 0 ? this.failWhen.splice(matched, 1)[0]!.error : this.failNext[method];
      if (failure) {
        if (matched < 0) delete this.failNext[method];
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: failure }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.answer(method, body)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  /** The Web API base, as SLACK_API_URL takes it. */
  get apiUrl() {
    return `${this.url}/api/`;
  }

  responseUrl(id: string) {
    return `${this.url}/response/${id}`;
  }

  /** Resolves when the answer to response_url id arrives. */
  response(id: string): Promise<Record<string, unknown>> {
    const done = this.responsesById.get(id);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.set(id, resolve));
  }

  private overLimit(channel: string): boolean {
    const now = Date.now();
    const last = this.lastPostAt.get(channel);
    this.recentPosts = this.recentPosts.filter((t) => now - t < 1000);
    if (
      (last !== undefined && now - last < 1000 / this.limits!.perChannelPerSecond) ||
      this.recentPosts.length >= this.limits!.globalPerSecond
    )
      return true;
    this.lastPostAt.set(channel, now);
    this.recentPosts.push(now);
    return false;
  }

  rateLimit(count: number, retryAfterSeconds = 1) {
    this.rateLimitNext = count;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }

  private answer(method: string, body: Record<string, unknown>) {
    const ts = `${this.ts++}.000100`;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          user_id: "UBOT",
          bot_id: "BBOT",
          team_id: "T1",
          team: "NHS test",
          url: "https://nhs-test.slack.com/",
        };
      case "oauth.v2.access":
        return {
          ok: true,
          app_id: "A1",
          authed_user: { id: "UINSTALLER" },
          scope: "commands,chat:write",
          token_type: "bot",
          access_token: `xoxb-installed-${String(body.code)}`,
          bot_user_id: "UBOT9",
          team: { id: "T9", name: "Another ICB" },
          enterprise: null,
          is_enterprise_install: false,
        };
      case "chat.postMessage":
        return { ok: true, channel: body.channel, ts, message: { text: body.text, ts } };
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      case "chat.postEphemeral":
        return { ok: true, message_ts: ts };
      case "views.open":
      case "views.update":
      case "views.publish":
        return { ok: true, view: { id: `V${this.ts}`, ...(body.view as object) } };
      case "users.info": {
        const user = this.users.get(String(body.user));
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            deleted: false,
            is_bot: false,
            ...user,
            profile: {
              display_name: "",
              real_name: user.real_name ?? "",
              ...user.profile,
              team: user.team_id,
            },
          },
        };
      }
      case "files.getUploadURLExternal": {
        const id = `F0${++this.fileSeq}UPLOAD`;
        this.pendingUploads.set(id, { filename: String(body.filename), length: Number(body.length) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = (typeof body.files === "string" ? JSON.parse(body.files) : body.files) as {
          id: string;
          title?: string;
        }[];
        const done: Record<string, unknown>[] = [];
        for (const f of files) {
          const pending = this.pendingUploads.get(f.id);
          // Slack completes only files whose bytes arrived.
          if (!pending?.bytes) return { ok: false, error: "file_not_found" };
          this.pendingUploads.delete(f.id);
          this.uploads.push({
            fileId: f.id,
            filename: pending.filename,
            title: f.title ?? pending.filename,
            bytes: pending.bytes,
            channel: body.channel_id as string | undefined,
            threadTs: body.thread_ts as string | undefined,
            initialComment: body.initial_comment as string | undefined,
          });
          done.push({ id: f.id, title: f.title ?? pending.filename, name: pending.filename });
        }
        return { ok: true, files: done };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "apps.connections.open":
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: "invalid_auth" };
      default:
        return { ok: true };
    }
  }

  async stop() {
    this.server?.closeAllConnections(); // clients' keep-alive sockets would hold close() open
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** The index of the first image block whose URL does not give an image, as Slack's fetch would find it. */
async function brokenImage(body: Record<string, unknown>): Promise<number | undefined> {
  let blocks = body.blocks as unknown;
  if (typeof blocks === "string") blocks = JSON.parse(blocks) as unknown;
  if (!Array.isArray(blocks)) return undefined;
  for (const [i, block] of (blocks as { type?: string; image_url?: string }[]).entries()) {
    if (block.type !== "image" || !block.image_url) continue;
    try {
      const res = await fetch(block.image_url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok || !res.headers.get("content-type")?.startsWith("image/")) return i;
    } catch {
      return i;
    }
  }
  return undefined;
}
