// Splitting what people type into words: quotes group words, and Slack's escapes
// (<@U123|Jo Smith>, <#C123|planning>, <https://…|text>) stay whole.

export function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /<[^>]*>|"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[0]);
  }
  return words;
}

/**
 * Takes `keyword value…` parts off the end of a word list, e.g. `owner Jo Smith due 25 Jan`.
 * Keywords may carry a colon ("owner:"). Returns the leading words and the values found.
 */
export function takeKeywords<K extends string>(words: string[], keywords: readonly K[]) {
  const found: Partial<Record<K, string>> = {};
  let rest = [...words];
  for (;;) {
    let at = -1;
    let key: K | undefined;
    rest.forEach((w, i) => {
      const k = w.toLowerCase().replace(/:$/, "") as K;
      if (keywords.includes(k) && found[k] === undefined && i > at) {
        at = i;
        key = k;
      }
    });
    if (key === undefined || at < 0) break;
    found[key] = rest.slice(at + 1).join(" ");
    rest = rest.slice(0, at);
  }
  return { rest, found };
}

/** Slack's user mention escape, <@U123> or <@U123|name>. */
export function parseUserMention(word: string): { userId: string; name?: string } | null {
  const m = /^<@([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(word);
  return m ? { userId: m[1]!, ...(m[2] ? { name: m[2] } : {}) } : null;
}
