// What tests of cut text look for.

/** Half of a UTF-16 surrogate pair on its own: a character cut in the middle. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
