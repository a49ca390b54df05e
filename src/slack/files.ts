// Files in Slack, both ways. Out: a reply's file (a planning template) is uploaded to the conversation with Slack's
// current upload API: files.getUploadURLExternal gives an upload URL and a file id, the bytes are POSTed there, and
// files.completeUploadExternal shares the file in the channel (or thread). In: a file someone shared with a message
// (`files[]` of a message or app_mention event) is downloaded from its `url_private_download` with the bot token
// (files:read); without a valid token Slack answers with its HTML sign-in page, which is refused, not read as a plan.
import type { WebClient } from "@slack/web-api";
import type { InboundFile } from "../../commands";
import { DomainError } from "../core/errors";
import type { Logger } from "../logging/logger";
import type { Block, Reply } from "../reply/model";

type FileBlock = Extract<Block, { type: "file" }>;

/** What a file shared in Slack looks like in an event's `files[]` (https://docs.slack.dev/reference/objects/file-object). */
export interface SlackFileShape {
  id?: string;
  name?: string;
  title?: string;
  size?: number;
  mimetype?: string;
  url_private_download?: string;
  url_private?: string;
}

/** A planning template is at most 5 MB (src/core/plans/submission.ts); nothing larger is downloaded. */
const MAX_DOWNLOAD_BYTES = 5 * 1024 * 1024;
const unavailable = (message: string) => new DomainError("unavailable", message);

export const fileBlocksOf = (reply: Reply): FileBlock[] =>
  reply.blocks.filter((b): b is FileBlock => b.type === "file");

/**
 * Uploads each file of a reply to a channel (or a thread in it). Returns the sentence to show the person privately
 * when Slack refused (the bot not in the channel…), or undefined when every file went up.
 */
export async function uploadReplyFiles(
  client: WebClient,
  reply: Reply,
  where: { channel: string; threadTs?: string },
  logger: Logger,
): Promise<string | undefined> {
  for (const file of fileBlocksOf(reply)) {
    try {
      const target = await client.files.getUploadURLExternal({
        filename: file.fileName,
        length: file.content.length,
      });
      if (!target.upload_url || !target.file_id) throw new Error("files.getUploadURLExternal gave no upload URL");
      const res = await fetch(target.upload_url, {
        method: "POST",
        headers: { "content-type": file.mediaType },
        body: Buffer.from(file.content),
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`upload answered ${res.status}`);
      await client.files.completeUploadExternal({
        files: [{ id: target.file_id, title: file.fileName }],
        channel_id: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        initial_comment: file.title.charAt(0).toUpperCase() + file.title.slice(1),
      });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      logger.warn({ err: error, file: file.fileName }, "Slack file upload failed");
      return code === "not_in_channel" || code === "channel_not_found"
        ? `I couldn't put ${file.fileName} in this channel: I'm not in it. Invite me (\`/invite @Plan Dialogue\`), or ask me in a direct message.`
        : `I couldn't upload ${file.fileName}${code ? ` (Slack said ${code})` : ""}. Try again in a minute.`;
    }
  }
  return undefined;
}

/** The files of a message, to read on demand with the bot token. */
export function inboundFiles(files: SlackFileShape[] | undefined, token: string | undefined): InboundFile[] {
  return (files ?? []).flatMap((f) => {
    const url = f.url_private_download ?? f.url_private;
    if (!url || !f.name) return [];
    return [
      {
        name: f.name,
        ...(f.size !== undefined ? { size: f.size } : {}),
        read: () => download(url, f.name!, f.size, token),
      },
    ];
  });
}

async function download(url: string, name: string, size: number | undefined, token: string | undefined) {
  if (size !== undefined && size > MAX_DOWNLOAD_BYTES)
    throw unavailable(`${name} is ${Math.round(size / 1024)} KB; a planning template is at most 5 MB.`);
  if (!/^https?:\/\//.test(url)) throw unavailable(`I can't fetch ${name} from Slack.`);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw unavailable(`I couldn't download ${name} from Slack just now. Try again in a minute.`);
  }
  // Slack answers a request it can't authorise with its sign-in page (200, text/html), not with 401.
  if (!res.ok || (res.headers.get("content-type") ?? "").startsWith("text/html"))
    throw unavailable(
      `Slack didn't let me download ${name} (${res.ok ? "it sent a sign-in page" : res.status}): I may be missing the files:read permission. Ask your Slack admin to reinstall the app.`,
    );
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES)
    throw unavailable(`${name} is ${Math.round(bytes.length / 1024)} KB; a planning template is at most 5 MB.`);
  return bytes;
}
