// Validates a Teams manifest against its JSON schema offline: the schema comes from the installed
// @microsoft/app-manifest package (Microsoft's own validator), never from the network.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { MANIFEST_VERSION } from "./manifest";

export async function localSchema(version = MANIFEST_VERSION): Promise<Record<string, unknown>> {
  const root = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest"));
  const file = join(root, "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json");
  return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
}

/** An empty list when the manifest is valid; the schema's complaints otherwise. */
export async function validateManifest(manifest: object): Promise<string[]> {
  const version = (manifest as { manifestVersion?: string }).manifestVersion ?? MANIFEST_VERSION;
  return AppManifestUtils.validateAgainstSchema(manifest as never, (await localSchema(version)) as never);
}
