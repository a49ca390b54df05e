// Finds CCGs and area teams from what people type: an ODS code ("02N") or a name ("Airedale"),
// with "did you mean" suggestions when nothing matches.
import { distance } from "fastest-levenshtein";
import type { Organisation, PrismaClient } from "../db";
import { notFound } from "../errors";

export type OrganisationSummary = Pick<Organisation, "code" | "kind" | "name" | "areaTeamCode">;

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(nhs|ccg|area team|clinical commissioning group)\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

export const describeOrganisation = (o: OrganisationSummary) => `${o.code} ${o.name}`;

/** Organisations change only when reference data is loaded, so they are read once and kept. */
export class OrganisationDirectory {
  private cache?: Promise<Map<string, OrganisationSummary>>;

  constructor(private readonly prisma: PrismaClient) {}

  /** Forget the cached list (after a seed or import). */
  refresh(): void {
    this.cache = undefined;
  }

  private all(): Promise<Map<string, OrganisationSummary>> {
    this.cache ??= this.prisma.organisation
      .findMany({ select: { code: true, kind: true, name: true, areaTeamCode: true } })
      .then((rows) => new Map(rows.map((o) => [o.code, o])));
    return this.cache;
  }

  async byCode(code: string): Promise<OrganisationSummary | undefined> {
    return (await this.all()).get(code.toUpperCase());
  }

  async ccgsOf(areaTeamCode: string): Promise<OrganisationSummary[]> {
    return [...(await this.all()).values()].filter((o) => o.areaTeamCode === areaTeamCode);
  }

  async list(kind?: OrganisationSummary["kind"]): Promise<OrganisationSummary[]> {
    return [...(await this.all()).values()].filter((o) => !kind || o.kind === kind);
  }

  /**
   * Resolves typed text to one organisation, or throws a not-found error whose hint suggests the closest.
   * `kind` narrows the search ("status" wants a CCG).
   */
  async resolve(text: string, kind?: OrganisationSummary["kind"]): Promise<OrganisationSummary> {
    const query = text.trim();
    const candidates = (await this.list()).filter((o) => !kind || o.kind === kind);
    const byCode = candidates.find((o) => o.code === query.toUpperCase());
    if (byCode) return byCode;

    const wanted = normalise(query);
    if (wanted) {
      const exact = candidates.filter((o) => normalise(o.name) === wanted);
      if (exact.length === 1) return exact[0]!;
      const containing = candidates.filter((o) => ` ${normalise(o.name)} `.includes(` ${wanted} `));
      if (containing.length === 1) return containing[0]!;
      if (containing.length > 1) {
        throw notFound(
          `"${query}" matches ${containing.length} organisations.`,
          `Did you mean ${containing.slice(0, 3).map(describeOrganisation).join(", or ")}? Use the code to be sure.`,
        );
      }
    }
    const what = kind === "CCG" ? "a CCG" : kind === "AREA_TEAM" ? "an area team" : "an organisation";
    const suggestions = this.closest(query, candidates);
    throw notFound(
      `I don't know ${what} called "${query}".`,
      suggestions.length
        ? `Did you mean ${suggestions.map(describeOrganisation).join(", or ")}?`
        : "Use an ODS code such as 02N, or part of the name.",
    );
  }

  private closest(query: string, candidates: OrganisationSummary[]): OrganisationSummary[] {
    const q = query.toUpperCase();
    const wanted = normalise(query);
    const score = (o: OrganisationSummary) => {
      const codeScore = distance(q, o.code);
      const name = normalise(o.name);
      // compare with the whole name, its start and each of its words, so "airdale" finds "airedale wharfedale…"
      const nameScore = wanted
        ? Math.min(
            distance(wanted, name),
            distance(wanted, name.slice(0, wanted.length)) + 1,
            ...name.split(" ").map((word) => distance(wanted, word)),
          )
        : 99;
      return Math.min(q.length <= 4 ? codeScore : 99, nameScore);
    };
    return candidates
      .map((o) => ({ o, s: score(o) }))
      .filter(({ s }) => s <= Math.max(2, Math.floor(query.length / 3)))
      .sort((a, b) => a.s - b.s || a.o.code.localeCompare(b.o.code))
      .slice(0, 3)
      .map(({ o }) => o);
  }
}
