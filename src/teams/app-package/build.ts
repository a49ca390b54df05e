// `npm run teams:package`: the Teams app package, ready to upload in Teams (Apps → Manage your apps → Upload)
// or to the tenant's app catalogue in the Teams admin centre.
//   1. refreshes appPackage/manifest.json (command lists from commands/) and the icons;
//   2. fills in this deployment's values: TEAMS_CLIENT_ID (the bot), PUBLIC_URL (where the bot and tab are
//      served) and optionally TEAMS_APP_ID (default: derived from the client id, so it is stable);
//   3. validates the result against the manifest schema offline, and writes dist/teams/plan-dialogue-<version>.zip.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { format, resolveConfig } from "prettier";
import { colourIcon, outlineIcon } from "./icons";
import { appIdFor, fillTemplate, manifestTemplate, packageVersion } from "./manifest";
import { validateManifest } from "./validate";

export const APP_PACKAGE_DIR = fileURLToPath(new URL("../../../appPackage/", import.meta.url));
export const DIST_DIR = fileURLToPath(new URL("../../../dist/teams/", import.meta.url));

/** Writes the template and icons into appPackage/ (what is committed). */
export async function refreshAppPackage(dir = APP_PACKAGE_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify(manifestTemplate(), null, 2);
  const options = (await resolveConfig(`${dir}manifest.json`)) ?? {};
  await writeFile(`${dir}manifest.json`, await format(json, { ...options, parser: "json" }));
  await writeFile(`${dir}color.png`, colourIcon());
  await writeFile(`${dir}outline.png`, outlineIcon());
}

export interface PackageValues {
  clientId: string;
  publicUrl: string;
  appId?: string;
}

/** The deployment's package: the filled manifest, validated, with the icons, as a zip. */
export async function buildPackage(
  values: PackageValues,
  dir = APP_PACKAGE_DIR,
): Promise<{ zip: Buffer; manifest: object; errors: string[] }> {
  const url = new URL(values.publicUrl);
  if (url.protocol !== "https:") throw new Error(`PUBLIC_URL must be https for Teams; got ${values.publicUrl}`);
  const filled = fillTemplate(await readFile(`${dir}manifest.json`, "utf8"), {
    appId: values.appId ?? appIdFor(values.clientId),
    botId: values.clientId,
    domain: url.host,
    // the path too: behind a path-based proxy (https://host/plan-dialogue) the tab lives under it
    publicUrl: `${url.origin}${url.pathname}`,
  });
  const manifest = JSON.parse(filled) as object;
  const errors = await validateManifest(manifest);
  // Every entry gets the same timestamp, so the same inputs always make the same bytes: 1980-01-01 00:00 in local
  // time, made here rather than once, since a zip stores local time (fflate reads the date's getHours() and so on).
  const archive = zipSync(
    {
      "manifest.json": Buffer.from(filled),
      "color.png": await readFile(`${dir}color.png`),
      "outline.png": await readFile(`${dir}outline.png`),
    },
    { level: 9, mtime: new Date(1980, 0, 1) },
  );
  return { zip: Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength), manifest, errors };
}

async function main() {
  await refreshAppPackage();
  const clientId = process.env.TEAMS_CLIENT_ID;
  const publicUrl = process.env.PUBLIC_URL;
  if (!clientId || !publicUrl) {
    console.error(
      "Set TEAMS_CLIENT_ID (the bot's Entra app id) and PUBLIC_URL (https://… where the bot is served) to build the package.",
    );
    console.error("appPackage/manifest.json and the icons were refreshed.");
    process.exit(1);
  }
  const { zip: archive, errors } = await buildPackage({
    clientId,
    publicUrl,
    ...(process.env.TEAMS_APP_ID ? { appId: process.env.TEAMS_APP_ID } : {}),
  });
  if (errors.length) {
    console.error(`The manifest does not validate:\n- ${errors.join("\n- ")}`);
    process.exit(1);
  }
  await mkdir(DIST_DIR, { recursive: true });
  const file = `${DIST_DIR}plan-dialogue-${packageVersion()}.zip`;
  await writeFile(file, archive);
  console.log(`Wrote ${file} (${archive.length} bytes). Upload it in Teams: Apps → Manage your apps → Upload an app.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
