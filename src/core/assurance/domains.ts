// What an assurance checkpoint covers: the six domains of CCG authorisation, plus delivery of the national ask
// (pre-filled from indicator status), and the quarter it is for.
import { badInput } from "../errors";

export type AssuranceRating = "red" | "amber" | "green";
export const RATINGS: readonly AssuranceRating[] = ["red", "amber", "green"];
/** Steps between two ratings: red–amber 1, red–green 2. */
export const stepsBetween = (a: AssuranceRating, b: AssuranceRating) =>
  Math.abs(RATINGS.indexOf(a) - RATINGS.indexOf(b));

export interface Domain {
  key: string;
  name: string;
}

export const NATIONAL_ASK = "national-ask";

export const DOMAINS: readonly Domain[] = [
  { key: "clinical-focus", name: "A strong clinical and professional focus" },
  { key: "engagement", name: "Meaningful engagement with patients, carers and communities" },
  { key: "clear-plans", name: "Clear and credible plans" },
  { key: "governance", name: "Proper constitutional and governance arrangements" },
  { key: "collaboration", name: "Collaborative arrangements" },
  { key: "leadership", name: "Great leaders" },
  { key: NATIONAL_ASK, name: "Delivery of the national ask" },
];

/** The six domains of authorisation: what each side records itself (the national ask comes from status). */
export const AUTHORISATION_DOMAINS = DOMAINS.filter((d) => d.key !== NATIONAL_ASK);

export const DOMAIN_LIST = DOMAINS.map((d, i) => `${i + 1} ${d.key}`).join(", ");

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** A domain by its key ("clear-plans"), number (3) or name ("clear and credible plans"). */
export function parseDomain(text: string): Domain {
  const t = norm(text);
  const byNumber = /^\d$/.test(t) ? DOMAINS[Number(t) - 1] : undefined;
  const found =
    byNumber ??
    DOMAINS.find((d) => norm(d.key) === t) ??
    DOMAINS.find((d) => norm(d.name) === t) ??
    DOMAINS.find((d) => t.length >= 4 && norm(d.name).includes(t));
  if (!found) throw badInput(`I don't know the domain "${text.slice(0, 60)}".`, `The domains: ${DOMAIN_LIST}.`);
  return found;
}

export function parseRating(text: string | undefined): AssuranceRating {
  const t = text?.toLowerCase();
  if (t === "red" || t === "amber" || t === "green") return t;
  throw badInput(`A view is red, amber or green${text ? `, not "${text.slice(0, 30)}"` : ""}.`);
}

/** A quarter of the financial year: Q2 2013/14 is July to September 2013. */
export interface Quarter {
  /** the financial year's first calendar year */
  year: number;
  quarter: 1 | 2 | 3 | 4;
  label: string;
  /** first day (UTC midnight) and the first day after */
  start: Date;
  end: Date;
}

export function quarterOf(year: number, quarter: number): Quarter {
  const q = quarter as Quarter["quarter"];
  const start = new Date(Date.UTC(year, 3 + (q - 1) * 3, 1));
  const end = new Date(Date.UTC(year, 3 + q * 3, 1));
  return { year, quarter: q, label: `Q${q} ${year}/${String((year + 1) % 100).padStart(2, "0")}`, start, end };
}

/** Reads "Q2 2013/14" (as two words or one, "Q2-2013/14"). */
export function parseQuarter(text: string): Quarter {
  const m = /^q([1-4])[\s-]+(\d{4})\/(\d{2})$/i.exec(text.trim());
  const year = m ? Number(m[2]) : NaN;
  if (!m || (year + 1) % 100 !== Number(m[3]) || year < 2000 || year > 2098)
    throw badInput(
      `"${text.slice(0, 40)}" is not a quarter of a financial year.`,
      "Say the quarter and the year as in Q2 2013/14 (July to September 2013).",
    );
  return quarterOf(year, Number(m[1]));
}

/** The quarter of the financial year a day is in. */
export function quarterContaining(d: Date): Quarter {
  const month = d.getUTCMonth(); // 0 = January
  const year = month < 3 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
  return quarterOf(year, Math.floor(((month + 9) % 12) / 3) + 1);
}

/** The deadline that carries a checkpoint's date, so its reminders reach both sides. */
export const checkpointDeadlineTitle = (q: Quarter) => `Assurance checkpoint ${q.label}`;
