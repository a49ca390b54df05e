// The Fingertips source's settings, from the environment, parsed with zod like every other boundary.
//   FINGERTIPS_API_URL   the API's base URL (default the live one); tests point it at a local fake
//   FINGERTIPS_SYNC      what `sources sync` with no arguments (and the scheduled sync) fetches: "90365=ois_1_1,…"
import { z } from "zod";
import { FINGERTIPS_LIVE_URL, FingertipsClient, type FingertipsClientOptions } from "./client";
import { syncConfigSchema } from "./sync";

const envSchema = z.object({
  FINGERTIPS_API_URL: z
    .url({ error: "FINGERTIPS_API_URL must be a URL such as https://fingertips.phe.org.uk" })
    .default(FINGERTIPS_LIVE_URL),
  FINGERTIPS_SYNC: syncConfigSchema.default([]),
});

export type FingertipsConfig = z.infer<typeof envSchema>;

export function fingertipsConfig(env: Record<string, string | undefined> = process.env): FingertipsConfig {
  const parsed = envSchema.safeParse({
    FINGERTIPS_API_URL: env.FINGERTIPS_API_URL || undefined,
    FINGERTIPS_SYNC: env.FINGERTIPS_SYNC || undefined,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

export function fingertipsClient(
  config: FingertipsConfig = fingertipsConfig(),
  options: Omit<FingertipsClientOptions, "baseUrl"> = {},
): FingertipsClient {
  return new FingertipsClient({ ...options, baseUrl: config.FINGERTIPS_API_URL });
}
