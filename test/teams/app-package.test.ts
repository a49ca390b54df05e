// The Teams app package: the committed manifest follows commands/, validates against the manifest schema
// offline (Microsoft's @microsoft/app-manifest validator with its bundled schema), the icons are the sizes and
// colours Teams requires, and `npm run teams:package` makes a zip Teams can read.
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commands } from "../../commands";
import { APP_PACKAGE_DIR, buildPackage } from "../../src/teams/app-package/build";
import { colourIcon, outlineIcon } from "../../src/teams/app-package/icons";
import {
  CHANNEL_COMMANDS,
  MANIFEST_VERSION,
  PERSONAL_COMMANDS,
  appIdFor,
  buildManifest,
  commandDescription,
  manifestTemplate,
} from "../../src/teams/app-package/manifest";
import { validateManifest } from "../../src/teams/app-package/validate";

const values = { clientId: "11111111-2222-4333-8444-555555555555", publicUrl: "https://plan-dialogue.example.nhs.uk" };

/** The RGBA pixels of a PNG, as a reader of the file sees them. */
function pixels(png: PNG): number[][] {
  return Array.from({ length: png.width * png.height }, (_, i) => [...png.data.subarray(i * 4, i * 4 + 4)]);
}

describe("the Teams app package", () => {
  it("appPackage/manifest.json is the template generated from commands/ (else: npm run teams:package)", () => {
    const committed = JSON.parse(readFileSync(`${APP_PACKAGE_DIR}manifest.json`, "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(manifestTemplate())));
    expect(committed.manifestVersion).toBe(MANIFEST_VERSION);
  });

  it("lists the bot's commands from commands/, at most 10 per scope as Teams shows them", () => {
    const manifest = buildManifest({
      appId: appIdFor(values.clientId),
      botId: values.clientId,
      domain: "x.example",
      version: "1.0.0",
    });
    const [personal, channel] = manifest.bots[0]!.commandLists;
    expect(personal!.scopes).toEqual(["personal"]);
    expect(channel!.scopes).toEqual(["team", "groupChat"]);
    expect(personal!.commands.map((c) => c.title)).toEqual(PERSONAL_COMMANDS);
    expect(channel!.commands.map((c) => c.title)).toEqual(CHANNEL_COMMANDS);
    for (const c of [...personal!.commands, ...channel!.commands]) {
      expect(commands.some((x) => x.name === c.title)).toBe(true);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    expect(personal!.commands.find((c) => c.title === "status")!.description).toMatch(/e\.g\. status 02N/);
  });

  it("validates against the Teams manifest schema, offline; and the validator does catch mistakes", async () => {
    const { manifest, errors } = await buildPackage(values);
    expect(errors).toEqual([]);
    expect(manifest).toMatchObject({
      id: appIdFor(values.clientId),
      bots: [{ botId: values.clientId, scopes: ["personal", "team", "groupChat"] }],
      staticTabs: [
        { entityId: "dashboard", contentUrl: "https://plan-dialogue.example.nhs.uk/tab" },
        { entityId: "conversations" },
      ],
      configurableTabs: [{ configurationUrl: "https://plan-dialogue.example.nhs.uk/tab/config" }],
      validDomains: ["plan-dialogue.example.nhs.uk"],
      webApplicationInfo: { id: values.clientId, resource: `api://plan-dialogue.example.nhs.uk/${values.clientId}` },
    });
    const broken = { ...(manifest as Record<string, unknown>), id: "not-a-guid", accentColor: undefined };
    expect((await validateManifest(broken)).join("\n")).toMatch(/id/);
  });

  it("has a 192×192 colour icon and a 32×32 outline icon in white on transparent", () => {
    const colourFile = readFileSync(`${APP_PACKAGE_DIR}color.png`);
    const outlineFile = readFileSync(`${APP_PACKAGE_DIR}outline.png`);
    expect(colourFile.equals(colourIcon())).toBe(true); // the committed icons are what the code draws
    expect(outlineFile.equals(outlineIcon())).toBe(true);
    const [colour, outline] = [PNG.sync.read(colourFile), PNG.sync.read(outlineFile)];
    expect(colour).toMatchObject({ width: 192, height: 192, colorType: 6, depth: 8 });
    expect(outline).toMatchObject({ width: 32, height: 32, colorType: 6, depth: 8 });
    // Teams: the outline's drawn pixels are white (255, 255, 255), everything else fully transparent.
    const outlinePixels = pixels(outline);
    expect(outlinePixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 0)).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 255)).toBe(true);
    expect(pixels(colour).every(([, , , a]) => a === 255)).toBe(true); // full-bleed colour icon
    expect(pixels(colour).some(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true); // the white symbol
  });

  it("keeps PUBLIC_URL's path in every URL; privacy and terms have pages of their own", async () => {
    const { manifest, errors } = await buildPackage({ ...values, publicUrl: "https://host.example/plan-dialogue/" });
    expect(errors).toEqual([]);
    expect(manifest).toMatchObject({
      developer: {
        websiteUrl: "https://host.example/plan-dialogue/tab",
        privacyUrl: "https://host.example/plan-dialogue/tab/privacy",
        termsOfUseUrl: "https://host.example/plan-dialogue/tab/terms",
      },
      staticTabs: [
        { contentUrl: "https://host.example/plan-dialogue/tab", websiteUrl: "https://host.example/plan-dialogue/tab" },
        {},
      ],
      configurableTabs: [{ configurationUrl: "https://host.example/plan-dialogue/tab/config" }],
      validDomains: ["host.example"],
    });
    expect(JSON.stringify(manifest)).not.toContain("${{");
  });

  it("a command's description longer than Teams allows is cut between words", () => {
    const manifest = buildManifest({
      appId: appIdFor(values.clientId),
      botId: values.clientId,
      domain: "x.example",
      version: "1.0.0",
    });
    const action = manifest.bots[0]!.commandLists[0]!.commands.find((c) => c.title === "action")!;
    const c = commands.find((x) => x.name === "action")!;
    const full = `${c.summary}. e.g. ${c.examples[0]}`;
    expect(full.length).toBeGreaterThan(128);
    expect(action.description.length).toBeLessThanOrEqual(128);
    expect(action.description).toMatch(/…$/);
    const kept = action.description.slice(0, -1);
    expect(full.startsWith(kept)).toBe(true);
    expect(full[kept.length]).toMatch(/[\s.,;]/); // the cut falls between words
    expect(commandDescription("one two three four five six", 15)).toBe("one two three…");
    expect(commandDescription("short", 15)).toBe("short");
  });

  it("zips manifest and icons into a package; refuses a non-https address", async () => {
    const { zip, manifest } = await buildPackage(values);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(["manifest.json", "color.png", "outline.png"]);
    expect(JSON.parse(strFromU8(files["manifest.json"]!))).toEqual(manifest);
    expect(Buffer.from(files["color.png"]!).equals(readFileSync(`${APP_PACKAGE_DIR}color.png`))).toBe(true);
    expect(Buffer.from(files["outline.png"]!).equals(readFileSync(`${APP_PACKAGE_DIR}outline.png`))).toBe(true);
    await expect(buildPackage({ ...values, publicUrl: "http://localhost:3000" })).rejects.toThrow(/must be https/);
  });

  describe("the same inputs make the same bytes, whenever and wherever the package is built", () => {
    const tz = process.env.TZ;
    afterEach(() => {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });

    it("on another day, at another hour, in another time zone", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const builds: Buffer[] = [];
      const offsets = new Set<number>();
      for (const [when, zone] of [
        ["2026-03-29T00:30:00Z", "Europe/London"],
        ["2031-11-05T17:45:13Z", "Pacific/Kiritimati"],
        ["2024-07-01T09:00:00Z", "America/Los_Angeles"],
      ] as const) {
        vi.setSystemTime(new Date(when));
        process.env.TZ = zone;
        offsets.add(new Date(1980, 0, 1).getTimezoneOffset());
        builds.push((await buildPackage(values)).zip);
      }
      expect(offsets.size).toBe(3); // the time zones did change
      expect(builds[1]!.equals(builds[0]!)).toBe(true);
      expect(builds[2]!.equals(builds[0]!)).toBe(true);
      // Each entry's local header carries DOS time 00:00:00 and date 1980-01-01 (APPNOTE 4.3.7).
      const zip = builds[0]!;
      let at = 0;
      for (let entry = 0; entry < 3; entry++) {
        expect(zip.readUInt32LE(at)).toBe(0x04034b50);
        expect([zip.readUInt16LE(at + 10), zip.readUInt16LE(at + 12)]).toEqual([0, (0 << 9) | (1 << 5) | 1]);
        at += 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28) + zip.readUInt32LE(at + 18);
      }
    });
  });
});
