// Splitting what people type into words: quotes group words, and Slack's escapes
// (<@U123|Jo Smith>, <#C123|planning>, <https://…|text>) stay whole.
import { parseUserDate } from "../src/core/time";

export function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /<[^>]*>|"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[0]);
  }
  return words;
}

/** Says whether a keyword's value makes sense there; a keyword whose value does not is read as ordinary text. */
export type KeywordCheck<K extends string> = (keyword: K, value: string) => boolean;

/**
 * Takes `keyword value…` parts off the end of a word list, e.g. `owner Jo Smith due 25 Jan`.
 * Keywords may carry a colon ("owner:"). Returns the leading words and the values found.
 * With `accepts`, a keyword is read only where its value makes sense: the last one whose value passes; the others
 * stay in the text (`Confirm the new owner of the 111 contract due 25 Jan` has a due date and no owner).
 */
export function takeKeywords<K extends string>(words: string[], keywords: readonly K[], accepts?: KeywordCheck<K>) {
  const found: Partial<Record<K, string>> = {};
  let rest = [...words];
  // Positions looked at and read as text, so they are not tried again.
  const asText = new Set<number>();
  for (;;) {
    let at = -1;
    let key: K | undefined;
    rest.forEach((w, i) => {
      const k = w.toLowerCase().replace(/:$/, "") as K;
      if (keywords.includes(k) && found[k] === undefined && !asText.has(i) && i > at) {
        at = i;
        key = k;
      }
    });
    if (key === undefined || at < 0) break;
    const value = rest.slice(at + 1).join(" ");
    if (accepts && !accepts(key, value)) {
      asText.add(at);
      continue;
    }
    found[key] = value;
    rest = rest.slice(0, at);
  }
  return { rest, found };
}

/** Words that start ordinary English after "owner" or "due" ("owner of the contract", "due to winter pressure"). */
const NOT_A_VALUE = new Set(
  "of to for in on at by with from and or is was are were be been will would has have had as than that".split(" "),
);
/** A fixed instant for "is this a date at all": the value itself is read again with the command's clock. */
const GRAMMAR_REFERENCE = new Date("2014-01-01T12:00:00Z");

/**
 * `owner` and `due` of an action: read unless what follows is ordinary English ("owner of the 111 contract", "due to
 * winter pressure": a function word first) and, for `due`, not a date ("due in 2 weeks"). A mistyped date
 * ("due 31 Fbe") is still read as a date, so it is explained rather than swallowed into the text.
 */
export const actionKeywords: KeywordCheck<"owner" | "due"> = (keyword, value) => {
  const first = value.split(" ")[0]?.toLowerCase() ?? "";
  if (!first) return false;
  if (keyword === "due" && parseUserDate(value, GRAMMAR_REFERENCE).ok) return true;
  return !NOT_A_VALUE.has(first);
};

/** Slack's user mention escape, <@U123> or <@U123|name>. */
export function parseUserMention(word: string): { userId: string; name?: string } | null {
  const m = /^<@([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(word);
  return m ? { userId: m[1]!, ...(m[2] ? { name: m[2] } : {}) } : null;
}
