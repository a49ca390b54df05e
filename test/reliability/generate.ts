// Command strings for the fuzz suite: a seeded generator (the same strings every run) built from the real command
// names and the words they take (codes, ids, dates, keywords), mixed with what people and attackers also send:
// platform escapes, markup, SQL, Unicode, very long text, truncations, nothing at all.
import { commands } from "../../commands";

/** mulberry32: small, fast and repeatable. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [...commands.map((c) => c.name), "stauts", "STATUS", "Status", "frobnicate", "?", "/plan", "hlep"];
const WORDS = [
  // organisations, real and not
  "02N",
  "02n",
  "00C",
  "02W",
  "02X",
  "Q52",
  "Q51",
  "airedale",
  "Doncaster",
  "wharfedale craven",
  "ZZZ",
  "Q99",
  "0",
  // discussions, actions, indicators
  "D1",
  "D2",
  "D0",
  "D-1",
  "D99999999999",
  "A1",
  "A2",
  "A3",
  "A99999",
  "a1",
  "ae_4hr",
  "rtt_52wk",
  "cancer_62d_gp",
  "ois_1_1",
  "constitution",
  "outcomes",
  "national",
  "local",
  // keywords and values
  "owner",
  "me",
  "due",
  "at",
  "offsets",
  "actions",
  "overdue",
  "nudge",
  "digest",
  "default",
  "preview",
  "status",
  "set",
  "settings",
  "sync",
  "on",
  "off",
  "add",
  "remove",
  "admin",
  "member",
  "area-team",
  "sex",
  "Persons",
  "25 Jan",
  "2014-01-25",
  "31/02/2014",
  "next Friday",
  "yesterday",
  "tomorrow",
  "in 3 weeks",
  "1 April 2014",
  "14,7,1,0",
  "-3",
  "10,5,1",
  "09:00",
  "25:00",
  "08:61",
  "friday",
  "monday",
  "someday",
  "90365",
  "2",
  "0",
  "999",
  // what else arrives
  "<@U123ABC|jo.smith>",
  "<@U0>",
  "<#C123|planning>",
  "<#C9>",
  "<https://example.org|a link>",
  "<!channel>",
  "<!here>",
  "*bold*",
  "_it_",
  "`code`",
  "```block```",
  '\'; DROP TABLE "Action";--',
  "1 OR 1=1",
  "%s%s%n",
  "${process.exit()}",
  "{{7*7}}",
  "../../etc/passwd",
  "\\",
  '"',
  "“quoted”",
  "'single",
  "🙂",
  "👩🏽‍⚕️",
  "مرحبا",
  "汉字",
  "\u200b",
  "\u202e",
  "NaN",
  "Infinity",
  "1e999",
  "null",
  "undefined",
  "{}",
  "[]",
  "--as",
  "-",
  "—",
];

/** One command string. */
export function commandString(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const kind = r();
  if (kind < 0.02) return "";
  if (kind < 0.04) return " ".repeat(1 + Math.floor(r() * 5));
  if (kind < 0.06) return pick(WORDS).repeat(1 + Math.floor(r() * 1200)); // long, up to several thousand chars
  const words = [pick(NAMES)];
  const n = Math.floor(r() * 7);
  for (let i = 0; i < n; i++) words.push(pick(WORDS));
  let text = words.join(r() < 0.1 ? "  " : " ");
  const mutate = r();
  if (mutate < 0.08)
    text = text.slice(0, Math.floor(r() * text.length)); // cut off mid-word
  else if (mutate < 0.12) text = text.toUpperCase();
  else if (mutate < 0.15) text = `${text}\n${pick(WORDS)}`;
  else if (mutate < 0.17) text = text.replace(/ /g, "\t");
  return text;
}

/** Why a reply does not help, or null when it does: a real answer, or an error sentence that names the problem. */
export function unhelpful(input: string, reply: string): string | null {
  if (!reply.trim()) return "an empty reply";
  if (/Something went wrong on my side/.test(reply)) return "an internal error";
  if (/\n\s+at .+:\d+:\d+\)?/.test(reply)) return "a stack trace";
  for (const junk of ["[object Object]", "undefined", "NaN", "Invalid Date"]) {
    if (reply.includes(junk) && !input.includes(junk)) return `"${junk}" in the reply`;
  }
  return null;
}
