// A reply's file (a planning template) on each platform: the words name it everywhere; Teams links to its signed
// download when there is one and says why not when there isn't; Slack's message names it (the upload is separate).
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/reply/model";
import { renderText } from "../../src/reply/text";
import { renderBlocks } from "../../src/slack/render/blocks";
import { renderCard } from "../../src/teams/render/card";
import { buttonsOf, cardText } from "../teams/harness";

const reply = (url?: string): Reply => ({
  summary: "Planning template for 02N",
  visibility: "private",
  blocks: [
    {
      type: "file",
      title: "planning template 2014/15",
      fileName: "plan-template-02N-2014-15.csv",
      mediaType: "text/csv",
      content: new Uint8Array(Buffer.from("indicator,period,plan\r\n")),
      ...(url ? { url } : {}),
    },
  ],
});

describe("the file block", () => {
  it("is named in text, with its size", () => {
    expect(renderText(reply())).toBe("File: plan-template-02N-2014-15.csv (planning template 2014/15, 23 bytes)");
  });

  it("is named in Slack's message", () => {
    expect(JSON.stringify(renderBlocks(reply()))).toContain(
      "*plan-template-02N-2014-15.csv*: planning template 2014/15",
    );
  });

  it("is a Download button in Teams when the server serves a link, and words when it doesn't", () => {
    const url = "https://bot.example/files/plan-template/02N/2014.csv?exp=1&sig=x";
    const linked = buttonsOf(renderCard(reply(url)));
    expect(linked).toEqual([{ title: "Download plan-template-02N-2014-15.csv", type: "Action.OpenUrl", data: {} }]);
    expect(JSON.stringify(renderCard(reply(url)))).toContain(url);
    const unlinked = renderCard(reply());
    expect(buttonsOf(unlinked)).toEqual([]);
    expect(cardText(unlinked)).toMatch(/no public address \(PUBLIC\\_URL\)/);
  });
});
