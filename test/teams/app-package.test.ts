// The Teams app package: the committed manifest follows commands/, validates against the manifest schema
// offline (Microsoft's @microsoft/app-manifest validator with its bundled schema), the icons are the sizes and
// colours Teams requires, and `npm run teams:package` makes a zip Teams can read.
import { readFileSync } from "node:fs";
import { inflateRawSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands";
import { APP_PACKAGE_DIR, buildPackage } from "../../src/teams/app-package/build";
import { colourIcon, outlineIcon } from "../../src/teams/app-package/icons";
import {
  CHANNEL_COMMANDS,
  MANIFEST_VERSION,
  PERSONAL_COMMANDS,
  appIdFor,
  buildManifest,
  manifestTemplate,
} from "../../src/teams/app-package/manifest";
import { crc32, pngInfo } from "../../src/teams/app-package/png";
import { validateManifest } from "../../src/teams/app-package/validate";

const values = { clientId: "11111111-2222-4333-8444-555555555555", publicUrl: "https://plan-dialogue.example.nhs.uk" };

/** Reads a zip's entries back (central directory, inflate, CRC) — independent of the writer's own code paths. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const [method, crc, size, length, nameLen, extraLen, commentLen, local] = [
      buf.readUInt16LE(at + 10),
      buf.readUInt32LE(at + 16),
      buf.readUInt32LE(at + 20),
      buf.readUInt32LE(at + 24),
      buf.readUInt16LE(at + 28),
      buf.readUInt16LE(at + 30),
      buf.readUInt16LE(at + 32),
      buf.readUInt32LE(at + 42),
    ];
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data =
      method === 8 ? inflateRawSync(buf.subarray(dataAt, dataAt + size)) : buf.subarray(dataAt, dataAt + size);
    expect(data.length).toBe(length);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The RGBA pixels of a PNG written with filter 0 (as ours are). */
function pixels(png: Buffer): number[][] {
  const { width, height } = pngInfo(png);
  const chunks: Buffer[] = [];
  for (let i = 8; i < png.length;) {
    const len = png.readUInt32BE(i);
    if (png.subarray(i + 4, i + 8).toString("ascii") === "IDAT") chunks.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const out: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    for (let x = 0; x < width; x++)
      out.push([...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)]);
  }
  return out;
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
    const colour = readFileSync(`${APP_PACKAGE_DIR}color.png`);
    const outline = readFileSync(`${APP_PACKAGE_DIR}outline.png`);
    expect(colour.equals(colourIcon())).toBe(true); // the committed icons are what the code draws
    expect(outline.equals(outlineIcon())).toBe(true);
    expect(pngInfo(colour)).toEqual({ width: 192, height: 192, colourType: 6 });
    expect(pngInfo(outline)).toEqual({ width: 32, height: 32, colourType: 6 });
    const outlinePixels = pixels(outline);
    expect(outlinePixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 0)).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 255)).toBe(true);
    expect(pixels(colour).every(([, , , a]) => a === 255)).toBe(true); // full-bleed colour icon
  });

  it("zips manifest and icons into a package, deterministically; refuses a non-https address", async () => {
    const first = await buildPackage(values);
    const second = await buildPackage(values);
    expect(first.zip.equals(second.zip)).toBe(true);
    const files = unzip(first.zip);
    expect([...files.keys()]).toEqual(["manifest.json", "color.png", "outline.png"]);
    expect(JSON.parse(files.get("manifest.json")!.toString("utf8"))).toEqual(first.manifest);
    expect(files.get("color.png")!.equals(readFileSync(`${APP_PACKAGE_DIR}color.png`))).toBe(true);
    await expect(buildPackage({ ...values, publicUrl: "http://localhost:3000" })).rejects.toThrow(/must be https/);
  });
});
