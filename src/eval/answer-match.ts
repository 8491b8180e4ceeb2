/**
 * Does a piece of text hold a gold answer? SQuAD's official normalisation (lower case, punctuation and the articles
 * "a", "an", "the" removed, whitespace collapsed) on both sides, then a whole-word containment test, so "52%" is
 * found in "grew 52% in 2004" but "3" is not found in "300".
 */

/** SQuAD v1.1's `normalize_answer`: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\p{P}\p{S}]/gu, (ch) => (ch === "'" || ch === "’" ? "" : " "))
    .replace(/\b(?:a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when `text` contains any of `answers` as whole words, after normalisation. */
export function holdsAnswer(text: string, answers: readonly string[]): boolean {
  const haystack = ` ${normalizeAnswer(text)} `;
  return answers.some((a) => {
    const needle = normalizeAnswer(a);
    return needle !== "" && haystack.includes(` ${needle} `);
  });
}
