// Which attachments of a Teams message are files the bot can read, and the signed links to the files it hands out.
import { describe, expect, it } from "vitest";
import { FileLinks, inboundFiles } from "../../src/teams/files";

describe("attachments of a Teams message", () => {
  it("takes a personal chat's file.download.info and an inline CSV; not the message's HTML or a card", () => {
    const files = inboundFiles(
      [
        { contentType: "text/html", content: "<p>plan submit 02N</p>" },
        { contentType: "application/vnd.microsoft.card.adaptive", content: {} },
        {
          contentType: "application/vnd.microsoft.teams.file.download.info",
          name: "plan.xlsx",
          contentUrl: "https://contoso-my.sharepoint.com/personal/jo/Documents/plan.xlsx",
          content: { downloadUrl: "https://contoso-my.sharepoint.com/download?tempauth=x", fileType: "xlsx" },
        },
        { contentType: "text/csv", name: "plan.csv", contentUrl: "https://example.org/plan.csv" },
      ],
      false,
    );
    expect(files.map((f) => f.name)).toEqual(["plan.xlsx", "plan.csv"]);
  });

  it("refuses a plain http link outside the local mode, before fetching anything", async () => {
    const [file] = inboundFiles(
      [
        {
          contentType: "application/vnd.microsoft.teams.file.download.info",
          name: "plan.csv",
          content: { downloadUrl: "http://169.254.169.254/latest/meta-data" },
        },
      ],
      false,
    );
    await expect(file!.read()).rejects.toThrow(/no secure link/);
  });
});

describe("signed file links", () => {
  it("accept only what they signed, until they expire", () => {
    let now = new Date("2013-11-20T10:00:00Z");
    const links = new FileLinks("a-long-secret-for-tests-0123456789", "https://bot.example/", () => now);
    const url = new URL(links.url("plan-template/02N/2014.csv"));
    expect(url.pathname).toBe("/files/plan-template/02N/2014.csv");
    const [exp, sig] = [url.searchParams.get("exp"), url.searchParams.get("sig")];
    expect(links.check("plan-template/02N/2014.csv", exp, sig)).toBe("ok");
    expect(links.check("plan-template/03A/2014.csv", exp, sig)).toBe("bad-signature");
    now = new Date("2013-12-20T10:00:00Z");
    expect(links.check("plan-template/02N/2014.csv", exp, sig)).toBe("expired");
  });
});
