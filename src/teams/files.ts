// Files in Teams, both ways.
// In: Teams gives a bot the files people attach only in personal chat (channels need Microsoft Graph). Such a message
// carries an attachment `application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a
// short-lived pre-authorised URL to the file in the sender's OneDrive; a file sent inline (`text/csv`, a
// spreadsheet's type) has a `contentUrl`. The bytes are fetched only when a command asks (`plan submit`).
// Out: a bot can't attach a file to a channel message, so a reply's file is a link (Action.OpenUrl) to a signed
// download on this server, as chart images are signed (CHART_URL_SECRET): `/files/<key>?exp=…&sig=…`. The key says
// what to rebuild (`plan-template/02N/2014.csv`, `assurance/02N/2013-Q2/<person>.html`: a checkpoint document,
// rebuilt as the person the link was made for, who must still be of the CCG or its area team), so any replica
// serves it and nothing is stored.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Express } from "express";
import { assuranceFileOf } from "../../commands/assurance";
import { templateFileOf } from "../../commands/plan";
import type { InboundFile } from "../../commands";
import type { Core, FileLinker } from "../core";
import { DomainError } from "../core/errors";
import type { Logger } from "../logging/logger";

const MAX_DOWNLOAD_BYTES = 5 * 1024 * 1024;
const LINK_DAYS = 7;
const DAY_S = 86_400;
export const FILES_PATH = "/files/";

/** An attachment of an incoming activity, as the Bot Framework schema has it. */
export interface TeamsAttachment {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";
const SPREADSHEET_TYPES = new Set([
  "text/csv",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
]);

const unavailable = (message: string) => new DomainError("unavailable", message);

/**
 * The files of a message, read on demand. `allowHttp`: only in the unauthenticated local mode, where the fake or the
 * Agents Playground serve files over http; Teams' own download URLs are https.
 */
export function inboundFiles(attachments: TeamsAttachment[] | undefined, allowHttp: boolean): InboundFile[] {
  return (attachments ?? []).flatMap((a) => {
    const info = a.content as { downloadUrl?: unknown } | undefined;
    const url =
      a.contentType === FILE_DOWNLOAD_INFO && typeof info?.downloadUrl === "string"
        ? info.downloadUrl
        : a.contentType && SPREADSHEET_TYPES.has(a.contentType)
          ? a.contentUrl
          : undefined;
    if (!url || !a.name) return [];
    const name = a.name;
    return [{ name, read: () => download(url, name, allowHttp) }];
  });
}

async function download(url: string, name: string, allowHttp: boolean): Promise<Uint8Array> {
  if (!(url.startsWith("https://") || (allowHttp && url.startsWith("http://"))))
    throw unavailable(`I can't fetch ${name}: Teams gave no secure link to it.`);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
  } catch {
    throw unavailable(`I couldn't download ${name} from Teams just now. Try again in a minute.`);
  }
  if (!res.ok)
    throw unavailable(
      `Teams didn't let me download ${name} (${res.status}); its link lasts only a few minutes: attach it again.`,
    );
  const length = Number(res.headers.get("content-length") ?? 0);
  if (length > MAX_DOWNLOAD_BYTES)
    throw unavailable(`${name} is ${Math.round(length / 1024)} KB; a planning template is at most 5 MB.`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES)
    throw unavailable(`${name} is ${Math.round(bytes.length / 1024)} KB; a planning template is at most 5 MB.`);
  return bytes;
}

/** Signed download links to files the bot rebuilds from their key. */
export class FileLinks implements FileLinker {
  private readonly base: string;

  constructor(
    private readonly secret: string,
    publicUrl: string,
    private readonly now: () => Date,
  ) {
    this.base = publicUrl.replace(/\/+$/, "");
  }

  private sign(key: string, exp: number) {
    return createHmac("sha256", this.secret).update(`file\n${key}\n${exp}`).digest("base64url");
  }

  url(key: string): string {
    const exp = Math.ceil(this.now().getTime() / 1000 / DAY_S + LINK_DAYS) * DAY_S;
    return `${this.base}${FILES_PATH}${key}?exp=${exp}&sig=${this.sign(key, exp)}`;
  }

  check(key: string, exp: unknown, sig: unknown): "ok" | "bad-signature" | "expired" {
    if (typeof exp !== "string" || !/^\d{1,12}$/.test(exp) || typeof sig !== "string") return "bad-signature";
    const expected = Buffer.from(this.sign(key, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
    return Number(exp) * 1000 < this.now().getTime() ? "expired" : "ok";
  }
}

/** GET /files/<key>?exp&sig: the file, rebuilt as it is now, to whoever holds a link the bot made. */
export function mountFileRoute(app: Express, links: FileLinks, core: Core, logger: Logger) {
  app.get(/^\/files\/(.+)$/, async (req, res) => {
    const key = decodeURIComponent(req.path.slice(FILES_PATH.length));
    const check = links.check(key, req.query.exp, req.query.sig);
    if (check !== "ok") {
      res
        .status(403)
        .type("text")
        .send(check === "expired" ? "This link has expired: ask the bot again." : "Not a link I made.");
      return;
    }
    try {
      const now = core.clock.now();
      const file = (await templateFileOf(core, key, now)) ?? (await assuranceFileOf(core, key, now));
      if (!file) {
        res.status(404).type("text").send("No such file.");
        return;
      }
      res
        .status(200)
        .set({
          "content-type": file.mediaType,
          "content-disposition": `attachment; filename="${file.fileName}"`,
          "cache-control": "private, no-store",
        })
        .send(Buffer.from(file.content));
    } catch (error) {
      if (error instanceof DomainError) {
        res
          .status(error.kind === "forbidden" ? 403 : 404)
          .type("text")
          .send(error.userMessage);
        return;
      }
      logger.error({ err: error, key }, "file download failed");
      res.status(500).type("text").send("The file could not be made.");
    }
  });
}
