/**
 * The lexical analyzer: how text becomes index terms. The index build, BM25 search, quote scoring and question
 * validation all use this one function, so a term means the same thing everywhere.
 */
import { stemmer } from "stemmer";
import { eng } from "stopword";

/** English stop words (the `stopword` package's list), plus question words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  "what",
  "which",
  "who",
  "whom",
  "whose",
  "when",
  "where",
  "why",
  "how",
  "does",
  "did",
  "do",
  "tell",
  "me",
  "about",
]);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lowercased word tokens (letters and digits; a trailing `'s` style clitic stays attached). */
export function tokenize(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

/** One token → its index term, or null for a stop word. */
export function toTerm(token: string): string | null {
  const t = token.replace(/['’](s|t|d|ll|re|ve|m)$/u, "");
  if (t === "" || STOP_WORDS.has(t)) return null;
  return stemmer(t);
}

/** Text → index terms, in order (duplicates kept). */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = toTerm(token);
    if (term !== null) terms.push(term);
  }
  return terms;
}
