/**
 * The lexical analyzer: how text becomes index terms. The index build, BM25 search, quote scoring, deduplication
 * and question validation all use it, so a term means the same thing everywhere.
 *
 * Lowercased runs of letters and digits → NLTK English stop words removed → Snowball English (Porter2) stems.
 * This is the analysis measured best for BM25 on SciFact and SQuAD (docs/quality.md); the Porter (1980) stemmer
 * and the shorter `stopword` list both scored lower.
 */
import { stem } from "porter2";

/**
 * NLTK's English stop words (179), plus "much" and "many". Question words (what, who, how, …) are in it, so "Who founded KICKICO?"
 * searches for "found kickico". Entries with apostrophes never match a token (the tokenizer splits on them); their pieces ("don", "t",
 * "s", "ll", …) are listed separately, which also drops possessive 's.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his " +
    "himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom " +
    "this that that'll these those am is are was were be been being have has had having do does did doing a an the " +
    "and but if or because as until while of at by for with about against between into through during before after " +
    "above below to from up down in out on off over under again further then once here there when where why how all " +
    "any both each few more most other some such no nor not only own same so than too very s t can will just don " +
    "don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn " +
    "hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn " +
    "shouldn't wasn wasn't weren weren't won won't wouldn wouldn't " +
    // Not NLTK's: the quantity in "how much …?" / "how many …?" questions is asked for, not searched for. Without
    // these, "How much has Bitpowr processed?" looks only two-thirds covered by the passage that answers it.
    "much many"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+/gu;

/** Lowercased word tokens: maximal runs of letters and digits ("China's" → "china", "s"). */
export function tokenize(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

/** `tokenize`'s tokens with where each starts in `text` (normalised one by one, so the offsets stay the text's). */
export function tokensWithOffsets(text: string): { token: string; start: number }[] {
  const out: { token: string; start: number }[] = [];
  for (const m of text.matchAll(WORD)) out.push({ token: m[0].normalize("NFKC").toLowerCase(), start: m.index });
  return out;
}

/** Stemming is the hot loop of indexing; a corpus has far fewer distinct words than tokens. */
const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;

/** One lowercase token → its index term, or null for a stop word. */
export function toTerm(token: string): string | null {
  if (token === "" || STOP_WORDS.has(token)) return null;
  let term = STEMS.get(token);
  if (term === undefined) {
    term = stem(token);
    if (STEMS.size >= MAX_CACHED_STEMS) STEMS.clear();
    STEMS.set(token, term);
  }
  return term;
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

/** A bigram term joins two adjacent terms with a space, which no unigram term contains. */
export const isBigram = (term: string): boolean => term.includes(" ");

/**
 * Terms plus every pair of adjacent terms ("interleukin 6", "cell death"). Stop words are removed first, so
 * "bank of china" yields "bank china". BM25 over these, with bigrams down-weighted, rewards passages that keep the
 * question's phrases together (+0.01 nDCG@10 on both SciFact and SQuAD).
 */
export function withBigrams(terms: readonly string[]): string[] {
  const out = terms.slice();
  for (let i = 0; i + 1 < terms.length; i++) out.push(`${terms[i]} ${terms[i + 1]}`);
  return out;
}
