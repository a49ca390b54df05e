// The Fingertips source's settings come from src/config.ts (FINGERTIPS_API_URL, FINGERTIPS_SYNC,
// FINGERTIPS_SYNC_AT), checked at start-up like every other variable; this module turns them into a client.
import { loadConfig, type Config } from "../../config";
import { FingertipsClient, type FingertipsClientOptions } from "./client";

export type FingertipsConfig = Pick<Config, "FINGERTIPS_API_URL" | "FINGERTIPS_SYNC" | "FINGERTIPS_SYNC_AT">;

export function fingertipsConfig(env: Record<string, string | undefined> = process.env): FingertipsConfig {
  const { FINGERTIPS_API_URL, FINGERTIPS_SYNC, FINGERTIPS_SYNC_AT } = loadConfig(env);
  return { FINGERTIPS_API_URL, FINGERTIPS_SYNC, FINGERTIPS_SYNC_AT };
}

export function fingertipsClient(
  config: Pick<Config, "FINGERTIPS_API_URL"> = fingertipsConfig(),
  options: Omit<FingertipsClientOptions, "baseUrl"> = {},
): FingertipsClient {
  return new FingertipsClient({ ...options, baseUrl: config.FINGERTIPS_API_URL });
}
