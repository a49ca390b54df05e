// Signed links to chart images. Slack and Teams fetch an image from a URL with no sign-in of ours, so the URL
// itself is the permission: an HMAC-SHA256 (CHART_URL_SECRET) of what it shows and until when. Without it anyone
// could make the bot render any number of charts (each costs CPU); with it, only links the bot made are served.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ChartLinker } from "../core";
import type { Clock } from "../core/time";

/**
 * How long a link works. Slack and Teams fetch the image when the message arrives and cache it; a later fetch of an
 * expired link gets 403, and asking again gives a fresh link. The figures are public statistics, so a long life
 * costs little; 30 days covers a planning round's back-and-forth on one message.
 */
export const CHART_LINK_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ChartLinkOptions {
  /** CHART_URL_SECRET; the same on every replica */
  secret: string;
  /** PUBLIC_URL: where Slack and Teams reach this server */
  publicUrl?: string | undefined;
  clock: Clock;
}

/**
 * The "CCG" part of a grid picture's link: `/charts/grid/<area team|england>.png`, signed as (grid, scope) by the same
 * key. No CCG has this code, so a grid link can't be read as a trend chart's or the other way round.
 */
export const GRID_LINK = "grid";

export type ChartLinkCheck = "ok" | "bad-signature" | "expired";

export class ChartLinks implements ChartLinker {
  private readonly key: Buffer;
  private readonly base: string | undefined;

  constructor(private readonly options: ChartLinkOptions) {
    this.key = Buffer.from(options.secret, "utf8");
    this.base = options.publicUrl?.replace(/\/+$/, "");
  }

  private sign(ccg: string, indicator: string, upto: string, exp: number): string {
    // Without `upto` the text is the one links were signed with before it existed, so those keep working; the two
    // cannot be confused (three lines against four, and no field holds a newline).
    const text = upto ? `${ccg}\n${indicator}\n${upto}\n${exp}` : `${ccg}\n${indicator}\n${exp}`;
    return createHmac("sha256", this.key).update(text).digest("base64url");
  }

  /** `/charts/<ccg>/<indicator>.png?upto=…&exp=…&sig=…`; the expiry is rounded up to a whole day so a day's links are
   * one URL (the platforms' image caches then fetch it once). `upto` (a period's first day) pins the chart's end. */
  path(ccg: string, indicator: string, upto?: Date): string {
    const exp = Math.ceil((this.options.clock.now().getTime() + CHART_LINK_DAYS * DAY_MS) / DAY_MS) * (DAY_MS / 1000);
    const until = upto ? upto.toISOString().slice(0, 10) : "";
    const sig = this.sign(ccg, indicator, until, exp);
    const query = `${until ? `upto=${until}&` : ""}exp=${exp}&sig=${sig}`;
    return `/charts/${encodeURIComponent(ccg)}/${encodeURIComponent(indicator)}.png?${query}`;
  }

  url(ccg: string, indicator: string, upto?: Date): string | undefined {
    return this.base ? `${this.base}${this.path(ccg, indicator, upto)}` : undefined;
  }

  /** Checks a link's signature (in constant time) and then its expiry; `upto` is signed too, so it can't be moved. */
  check(ccg: string, indicator: string, query: { upto?: unknown; exp?: unknown; sig?: unknown }): ChartLinkCheck {
    const { upto = "", exp, sig } = query;
    if (typeof exp !== "string" || !/^\d{1,12}$/.test(exp) || typeof sig !== "string") return "bad-signature";
    if (typeof upto !== "string" || !/^(\d{4}-\d{2}-\d{2})?$/.test(upto)) return "bad-signature";
    const expected = Buffer.from(this.sign(ccg, indicator, upto, Number(exp)), "utf8");
    const given = Buffer.from(sig, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
    return Number(exp) * 1000 < this.options.clock.now().getTime() ? "expired" : "ok";
  }
}

/** The configured secret, or a random one for this process: links then stop working at a restart and differ
 * between replicas, which is fine for trying the bot and wrong for a deployment (the caller warns). */
export function chartSecret(configured: string | undefined): { secret: string; random: boolean } {
  return configured
    ? { secret: configured, random: false }
    : { secret: randomBytes(32).toString("base64url"), random: true };
}
