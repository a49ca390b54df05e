// A local Fingertips API implementing the subset in openapi/fingertips.yaml, for tests at the network edge: area
// types, indicator metadata, latest data and the all-data CSV, with the API's error responses (400 with a Message
// body) and scripted faults: HTTP errors, Retry-After, malformed bodies, answers that never come, a CSV cut off.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCsvRow {
  indicatorId: number;
  areaCode: string;
  areaType?: string;
  sex?: string;
  age?: string;
  categoryType?: string;
  period: string;
  value: string;
  count?: string;
  denominator?: string;
}

export type Fault =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** accept the request and never answer */
  | { hang: true }
  /** send the status and the first `bytes` of the normal body, then drop the connection */
  | { cutAfterBytes: number };

const CSV_HEADER = [
  "Indicator ID",
  "Indicator Name",
  "Parent Code",
  "Parent Name",
  "Area Code",
  "Area Name",
  "Area Type",
  "Sex",
  "Age",
  "Category Type",
  "Category",
  "Time period",
  "Value",
  "Lower CI 95.0 limit",
  "Upper CI 95.0 limit",
  "Count",
  "Denominator",
  "Value note",
  "Recent Trend",
  "Compared to England value or percentiles",
  "Time period Sortable",
];

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export class FakeFingertips {
  url = "";
  /** every request, as path and query */
  readonly requests: string[] = [];
  areaTypes: { Id: number; Name: string; ShortName: string }[] = [
    { Id: 15, Name: "England", ShortName: "England" },
    { Id: 153, Name: "CCGs (pre 4/2017)", ShortName: "CCGs (pre 4/2017)" },
    { Id: 154, Name: "CCGs (from 4/2018)", ShortName: "CCGs (from 4/2018)" },
  ];
  metadata = new Map<number, { name: string; unit: string }>();
  rows: FakeCsvRow[] = [];
  /** faults to serve, in order, for requests whose path starts with the key */
  private readonly faults = new Map<string, Fault[]>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly hanging = new Set<ServerResponse>();

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }

  /** The next requests to `path` get these answers, one each, before normal service resumes. */
  failNext(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    this.requests.push(`${url.pathname}${url.search}`);
    const fault = this.faults.get(url.pathname)?.shift();
    if (fault && "hang" in fault) {
      this.hanging.add(res);
      return;
    }
    if (fault && "status" in fault) {
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ Message: "An error has occurred." }));
      return;
    }
    const answer = this.answer(url);
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": answer.type ?? "application/json" });
    if (fault && "cutAfterBytes" in fault) {
      res.write(body.slice(0, fault.cutAfterBytes));
      setTimeout(() => res.destroy(), 5);
      return;
    }
    res.end(body);
  }

  private answer(url: URL): { status: number; body: unknown; type?: string } {
    const q = url.searchParams;
    const missing = (...names: string[]) => names.filter((n) => !q.get(n));
    const bad = (names: string[]) => ({ status: 400, body: { Message: `Missing parameter(s): ${names.join(", ")}` } });
    const ids = () => (q.get("indicator_ids") ?? "").split(",").filter(Boolean).map(Number);
    switch (url.pathname) {
      case "/api/area_types":
        return { status: 200, body: this.areaTypes };
      case "/api/indicator_metadata/by_indicator_id": {
        if (missing("indicator_ids").length) return bad(["indicator_ids"]);
        const found = ids().filter((id) => this.metadata.has(id));
        return {
          status: 200,
          body: Object.fromEntries(
            found.map((id) => {
              const m = this.metadata.get(id)!;
              return [String(id), { IID: id, Descriptive: { Name: m.name }, Unit: { Id: 1, Label: m.unit, Value: 1 } }];
            }),
          ),
        };
      }
      case "/api/latest_data/specific_indicators_for_child_areas": {
        const lacking = missing("area_type_id", "parent_area_code", "indicator_ids", "profile_id");
        if (lacking.length) return bad(lacking);
        return {
          status: 200,
          body: ids().map((id) => {
            const rows = this.rows.filter((r) => r.indicatorId === id && r.areaCode.startsWith("E38"));
            const latest = rows
              .map((r) => r.period)
              .sort()
              .at(-1);
            return {
              IID: id,
              Sex: { Id: 4, Name: "Persons" },
              Age: { Id: 1, Name: "All ages" },
              Grouping: [{ Period: latest }],
              Data: rows
                .filter((r) => r.period === latest)
                .map((r) => ({
                  AreaCode: r.areaCode,
                  IndicatorId: id,
                  Val: Number(r.value),
                  Count: r.count ? Number(r.count) : null,
                })),
            };
          }),
        };
      }
      case "/api/all_data/csv/by_indicator_id": {
        const lacking = missing("indicator_ids", "child_area_type_id", "parent_area_type_id");
        if (lacking.length) return bad(lacking);
        const wanted = new Set(ids());
        const lines = this.rows
          .filter((r) => wanted.has(r.indicatorId))
          .map((r) =>
            [
              String(r.indicatorId),
              this.metadata.get(r.indicatorId)?.name ?? "",
              "E92000001",
              "England",
              r.areaCode,
              r.areaCode === "E92000001" ? "England" : `CCG ${r.areaCode}`,
              r.areaType ?? (r.areaCode === "E92000001" ? "England" : "CCGs (pre 4/2017)"),
              r.sex ?? "Persons",
              r.age ?? "All ages",
              r.categoryType ?? "",
              "",
              r.period,
              r.value,
              "",
              "",
              r.count ?? "",
              r.denominator ?? "",
              "",
              "",
              "",
              "",
            ]
              .map(quote)
              .join(","),
          );
        return { status: 200, body: [CSV_HEADER.join(","), ...lines].join("\r\n") + "\r\n", type: "text/csv" };
      }
      default:
        return {
          status: 404,
          body: { Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` },
        };
    }
  }
}
