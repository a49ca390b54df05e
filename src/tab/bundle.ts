// The tab page's script, bundled with esbuild in memory when the server starts (no build step, nothing
// generated to commit): teams-js, openapi-fetch and main.ts in one ES module.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const PAGE_ENTRY = fileURLToPath(new URL("./page/main.ts", import.meta.url));

export async function bundlePage(): Promise<{ code: string; bytes: number; ms: number }> {
  const started = Date.now();
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2020"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  return { code, bytes: Buffer.byteLength(code), ms: Date.now() - started };
}
