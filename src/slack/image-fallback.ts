// Slack downloads an image block's URL while it takes the message, and refuses the whole message when it cannot
// ("invalid_blocks: downloading image failed"): a wrong PUBLIC_URL, a firewall, the bot's server busy. A reply
// carrying a chart image is then sent again with the chart's words in its place, so the answer still arrives.
import type { KnownBlock } from "@slack/types";
import type { Logger } from "../logging/logger";
import type { Reply } from "../reply/model";
import { renderBlocks } from "./render/blocks";

const hasImage = (reply: Reply) => reply.blocks.some((b) => (b.type === "chart" || b.type === "table") && b.imageUrl);

/** The same reply with every chart as its words: what Slack shows when it cannot fetch the image. */
export function withoutImages(reply: Reply): Reply {
  return {
    ...reply,
    blocks: reply.blocks.map((b) => {
      if (b.type === "chart") return { type: "chart", title: b.title, alt: b.alt };
      if (b.type === "table" && b.imageUrl) {
        const { imageUrl: _image, ...words } = b;
        return words;
      }
      return b;
    }),
  };
}

/**
 * Posts `reply` through `post` (chat.postMessage, a response_url). When it carries an image and Slack refuses it,
 * or answers `ok: false`, posts it once more without the image. Other failures are left to the caller.
 */
export async function postWithImageFallback<T>(
  reply: Reply,
  post: (blocks: KnownBlock[]) => Promise<T>,
  logger: Logger,
): Promise<T> {
  if (!hasImage(reply)) return post(renderBlocks(reply));
  let failure: unknown;
  try {
    const result = await post(renderBlocks(reply));
    if ((result as { ok?: boolean } | undefined)?.ok !== false) return result;
    failure = result;
  } catch (error) {
    failure = error;
  }
  logger.warn(
    { err: failure },
    "Slack refused a reply with a chart image (is PUBLIC_URL reachable from Slack?); sending the words instead",
  );
  return post(renderBlocks(withoutImages(reply)));
}
