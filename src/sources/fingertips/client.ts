// A client for the Fingertips API subset in openapi/fingertips.yaml, built with openapi-fetch on the generated types.
// Every request has a timeout (AbortSignal.timeout); 429 and 5xx answers and network failures are retried with
// exponential backoff and jitter (Retry-After is honoured, up to a limit); every JSON answer is parsed with zod, so a
// malformed body is an error that names the endpoint, never a half-read value.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import createClient, { type Client } from "openapi-fetch";
import type { z } from "zod";
import {
  areaTypesSchema,
  groupRootsSchema,
  indicatorMetadataMapSchema,
  type AreaType,
  type GroupRoot,
  type IndicatorMetadata,
} from "./responses";
import { FINGERTIPS_LIVE_URL } from "./mapping";
import type { paths } from "./schema.gen";

export { FINGERTIPS_LIVE_URL };

export interface FingertipsClientOptions {
  baseUrl?: string;
  /** per JSON request, including reading the body */
  timeoutMs?: number;
  /** per CSV download, including reading the body (a whole indicator's history) */
  csvTimeoutMs?: number;
  /** retries after the first attempt */
  retries?: number;
  /** the first backoff; it doubles each retry, with jitter (half to all of it) */
  backoffMs?: number;
  /** the longest single wait, Retry-After included */
  maxBackoffMs?: number;
  fetch?: typeof fetch;
  /** injected so tests never sleep */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Fingertips could not give a usable answer; the message says which endpoint and why. */
export class FingertipsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly url?: string,
  ) {
    super(message);
    this.name = "FingertipsError";
  }
}

const endpointOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export class FingertipsClient {
  readonly baseUrl: string;
  private readonly api: Client<paths>;
  private readonly o: Required<Omit<FingertipsClientOptions, "baseUrl" | "fetch">> & { fetch: typeof fetch };

  constructor(options: FingertipsClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? FINGERTIPS_LIVE_URL).replace(/\/+$/, "");
    this.o = {
      timeoutMs: options.timeoutMs ?? 30_000,
      csvTimeoutMs: options.csvTimeoutMs ?? 10 * 60_000,
      retries: options.retries ?? 4,
      backoffMs: options.backoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: (request) => this.send(request) });
  }

  async areaTypes(): Promise<AreaType[]> {
    return this.json("/api/area_types", areaTypesSchema, () => this.api.GET("/api/area_types"));
  }

  async indicatorMetadata(indicatorIds: number[]): Promise<Record<string, IndicatorMetadata>> {
    const query = { indicator_ids: indicatorIds.join(",") };
    return this.json("/api/indicator_metadata/by_indicator_id", indicatorMetadataMapSchema, () =>
      this.api.GET("/api/indicator_metadata/by_indicator_id", { params: { query } }),
    );
  }

  async latestData(q: {
    indicatorIds: number[];
    areaTypeId: number;
    parentAreaCode: string;
    profileId: number;
  }): Promise<GroupRoot[]> {
    const query = {
      indicator_ids: q.indicatorIds.join(","),
      area_type_id: q.areaTypeId,
      parent_area_code: q.parentAreaCode,
      profile_id: q.profileId,
    };
    return this.json("/api/latest_data/specific_indicators_for_child_areas", groupRootsSchema, () =>
      this.api.GET("/api/latest_data/specific_indicators_for_child_areas", { params: { query } }),
    );
  }

  /** Every period of the indicators, as CSV, streamed: the caller reads it row by row. */
  async allDataCsv(q: {
    indicatorIds: number[];
    childAreaTypeId: number;
    parentAreaTypeId: number;
  }): Promise<{ url: string; body: Readable }> {
    const query = {
      indicator_ids: q.indicatorIds.join(","),
      child_area_type_id: q.childAreaTypeId,
      parent_area_type_id: q.parentAreaTypeId,
    };
    const { data, error, response } = await this.api.GET("/api/all_data/csv/by_indicator_id", {
      params: { query },
      parseAs: "stream",
    });
    if (error !== undefined || !response.ok || !data) throw this.httpError(response, error);
    const body = Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
    // The caller may begin reading only after other awaits; a connection lost before then must not be an unhandled
    // 'error' event. The error stays in body.errored, and reading the body (through a pipeline) raises it.
    body.on("error", () => undefined);
    return { url: response.url, body };
  }

  private async json<T>(
    path: string,
    schema: z.ZodType<T>,
    call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  ): Promise<T> {
    let result;
    try {
      result = await call();
    } catch (error) {
      if (error instanceof FingertipsError) throw error;
      if (error instanceof SyntaxError)
        throw new FingertipsError(`Fingertips answered ${path} with a body that is not JSON.`);
      throw this.networkError(path, error);
    }
    const { data, error, response } = result;
    if (error !== undefined || !response.ok) throw this.httpError(response, error);
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FingertipsError(
        `Fingertips answered ${path} with a body of an unexpected shape (${issue.path.join(".") || "the body"}: ${issue.message}).`,
        response.status,
        response.url,
      );
    }
    return parsed.data;
  }

  /** The fetch openapi-fetch uses: a timeout per attempt, retries with backoff on 429, 5xx and network errors. */
  private async send(request: Request): Promise<Response> {
    const timeout = request.url.includes("/csv/") ? this.o.csvTimeoutMs : this.o.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const backoff = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** attempt) * (0.5 + this.o.random() / 2);
      let response: Response;
      try {
        response = await this.o.fetch(new Request(request.clone(), { signal: AbortSignal.timeout(timeout) }));
      } catch (error) {
        if (attempt >= this.o.retries) throw this.networkError(endpointOf(request.url), error, timeout);
        await this.o.sleep(backoff);
        continue;
      }
      if ((response.status === 429 || response.status >= 500) && attempt < this.o.retries) {
        await response.body?.cancel().catch(() => undefined);
        await this.o.sleep(Math.min(this.o.maxBackoffMs, retryAfterMs(response.headers.get("retry-after")) ?? backoff));
        continue;
      }
      return response;
    }
  }

  private networkError(path: string, error: unknown, timeout = this.o.timeoutMs): FingertipsError {
    const name = (error as { name?: string } | undefined)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      return new FingertipsError(`Fingertips did not answer ${path} within ${seconds(timeout)}.`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const why = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? "network error";
    return new FingertipsError(`Could not reach Fingertips at ${this.baseUrl} (${why}).`);
  }

  private httpError(response: Response, body: unknown): FingertipsError {
    const message =
      typeof body === "object" && body && "Message" in body && typeof body.Message === "string"
        ? body.Message
        : typeof body === "string" && body.trim()
          ? body.trim().slice(0, 200)
          : undefined;
    const tries = this.o.retries + 1;
    const retried = response.status === 429 || response.status >= 500 ? ` after ${tries} tries` : "";
    return new FingertipsError(
      `Fingertips answered ${endpointOf(response.url)} with HTTP ${response.status}${retried}${message ? `: ${message}` : ""}.`,
      response.status,
      response.url,
    );
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
